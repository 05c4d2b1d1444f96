"""The lexicon files under data/lexicon, loaded and validated once at start.

intents.toml (cue words), synonyms.tsv (colloquial names), compositions.toml (what a subject is
made of), equivalents.toml (other names a document may use), places.txt (provinces and cities),
layout_words.txt (table labels that name no subject), fillers.txt (question words that name nothing),
compound_words.txt and budget_words.txt (words segmented whole),
renamed_bodies.tsv (old words for bodies' names: 环保局 is now a 生态环境局).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from .intents import Intent
from .normalize import normalize


class LexiconError(Exception):
    """A lexicon file contradicts itself or cannot be read."""


@dataclass(frozen=True)
class Lexicon:
    intents: dict[Intent, tuple[str, ...]]  # intent -> cue words, in priority order of the file
    synonyms: dict[str, str]  # normalised alias -> subject as the knowledge base names it
    compositions: dict[str, tuple[str, ...]]  # subject -> its parts
    equivalents: dict[str, tuple[str, ...]]  # subject -> names a document may state it under
    places: tuple[str, ...]
    layout_words: frozenset[str]
    fillers: frozenset[str]
    compounds: frozenset[str]  # words holding a subject's name that name something else (水电费)
    budget_words: frozenset[str]  # words of budget documents the tokenizer's base dictionary lacks (预留)
    renamed: dict[str, str]  # old word in a body's name -> the word in today's names


def load_lexicon(directory: Path) -> Lexicon:
    return Lexicon(
        intents=_intents(directory / "intents.toml"),
        synonyms=_synonyms(directory / "synonyms.tsv"),
        compositions=_lists(directory / "compositions.toml"),
        equivalents=_lists(directory / "equivalents.toml"),
        places=tuple(_lines(directory / "places.txt")),
        layout_words=frozenset(_lines(directory / "layout_words.txt")),
        fillers=frozenset(_lines(directory / "fillers.txt")),
        compounds=frozenset(_lines(directory / "compound_words.txt")),
        budget_words=frozenset(_lines(directory / "budget_words.txt")),
        renamed=_synonyms(directory / "renamed_bodies.tsv"),
    )


def _toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise LexiconError(f"{path}: {e}") from None


def _lists(path: Path) -> dict[str, tuple[str, ...]]:
    data = _toml(path)
    for key, value in data.items():
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise LexiconError(f"{path}: {key!r} must be a list of names")
    return {key: tuple(value) for key, value in data.items()}


def _lines(path: Path) -> list[str]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as e:
        raise LexiconError(f"{path}: {e}") from None
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def _intents(path: Path) -> dict[Intent, tuple[str, ...]]:
    data = _toml(path)
    owner: dict[str, str] = {}
    intents: dict[Intent, tuple[str, ...]] = {}
    for name, table in data.items():
        try:
            intent = Intent(name)
        except ValueError:
            raise LexiconError(f"{path}: [{name}] is not a kind of question the bot knows") from None
        cues = tuple(normalize(cue) for cue in table.get("cues", []))
        for cue in cues:
            if cue in owner and owner[cue] != intent:
                raise LexiconError(f"{path}: cue {cue!r} belongs to both {owner[cue]} and {intent}")
            owner[cue] = intent
        intents[intent] = cues
    return intents


def _synonyms(path: Path) -> dict[str, str]:
    synonyms: dict[str, str] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as e:
        raise LexiconError(f"{path}: {e}") from None
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 2 or not all(p.strip() for p in parts):
            raise LexiconError(f"{path}:{number}: expected 'alias<TAB>subject', got {line!r}")
        alias, subject = normalize(parts[0]), parts[1].strip()
        if synonyms.get(alias, subject) != subject:
            raise LexiconError(f"{path}:{number}: alias {parts[0]!r} points to both {synonyms[alias]} and {subject}")
        synonyms[alias] = subject
    return synonyms
