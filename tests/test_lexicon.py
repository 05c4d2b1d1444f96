"""The lexicon files are data, validated when loaded; a synonym fixes a miss without code."""

from __future__ import annotations

import shutil

import pytest

from bot.core.engine import Engine
from bot.settings import DATA_DIR
from nlu.lexicon import LexiconError, load_lexicon


@pytest.fixture
def lexicon_dir(tmp_path):
    target = tmp_path / "lexicon"
    shutil.copytree(DATA_DIR / "lexicon", target)
    return target


def test_the_bundled_lexicon_loads():
    lexicon = load_lexicon(DATA_DIR / "lexicon")
    assert lexicon.synonyms["招待费"] == "公务接待费"
    assert "为什么" in lexicon.intents["reason"]


def test_an_alias_pointing_to_two_subjects_is_an_error(lexicon_dir):
    with (lexicon_dir / "synonyms.tsv").open("a", encoding="utf-8") as f:
        f.write("招待费\t会议费\n")
    with pytest.raises(LexiconError, match="招待费"):
        load_lexicon(lexicon_dir)


def test_a_cue_of_two_intents_is_an_error(lexicon_dir):
    path = lexicon_dir / "intents.toml"
    text = path.read_text(encoding="utf-8").replace('[thanks]\ncues = ["', '[thanks]\ncues = ["为什么", "')
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LexiconError, match="为什么"):
        load_lexicon(lexicon_dir)


def test_a_kind_of_question_the_bot_does_not_know_is_an_error(lexicon_dir):
    path = lexicon_dir / "intents.toml"
    path.write_text(path.read_text(encoding="utf-8") + '\n[weather]\ncues = ["天气"]\n', encoding="utf-8")
    with pytest.raises(LexiconError, match=r"\[weather\]"):
        load_lexicon(lexicon_dir)


def test_a_malformed_synonym_line_names_the_line(lexicon_dir):
    with (lexicon_dir / "synonyms.tsv").open("a", encoding="utf-8") as f:
        f.write("只有一列\n")
    with pytest.raises(LexiconError, match=r"synonyms.tsv:\d+"):
        load_lexicon(lexicon_dir)


def test_adding_a_synonym_fixes_a_miss_without_code(founding_db, lexicon_dir):
    before = Engine(founding_db, lexicon_dir=lexicon_dir).answer("吃饭的钱有多少")
    assert "1.90" not in before.answer
    with (lexicon_dir / "synonyms.tsv").open("a", encoding="utf-8") as f:
        f.write("吃饭的钱\t公务接待费\n")
    after = Engine(founding_db, lexicon_dir=lexicon_dir).answer("吃饭的钱有多少")
    assert "1.90万元" in after.answer
