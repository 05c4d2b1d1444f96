"""The answering core below the Engine: one document's index (bot.core.lookup) and the composers
(figures, derived, lists, words) called directly. Figures read in the founding document,
data/disclosures/changsha_12345rexian_2024_yusuan.txt."""

from __future__ import annotations

import pytest

from bot.core import derived, figures, lists, reasons, words
from bot.core.roles import NARRATIVE
from knowledge.domain import Measure
from nlu.intents import Intent
from nlu.understand import Parse


@pytest.fixture(scope="module")
def doc(founding_engine):
    library = founding_engine.library
    return library.document(library.default_department, None)


@pytest.fixture(scope="module")
def vocab(founding_engine):
    return founding_engine.desk.vocab


def ask(intent: Intent, question: str = "", **fields) -> Parse:
    return Parse(question, intent, confidence=1.0, **fields)


def test_a_subject_has_its_narrative_figure_first_and_each_table_s_view(doc):
    found = doc.amounts("公务接待费")
    assert found[0].role == NARRATIVE and found[0].value == 1.90  # 六（二）: 公务接待费1.90万元
    assert {(f.source.table, f.value) for f in found[1:]} >= {(7, 1.90), (6, 0.90)}  # 表7 and 表6 30217
    within = doc.amounts("公务接待费", within="基本支出")
    assert (within[0].source.table, within[0].value) == (6, 0.90)  # then the others, to say both


def test_a_key_resolves_to_the_name_the_document_uses(doc):
    assert doc.resolve("基本支出预算") == "基本支出"
    assert doc.stated("机关运行经费", Measure.CHANGE)[0].value == 3.90


def test_amount_gives_the_parts_and_the_change(doc, vocab):
    answer = figures.amount(ask(Intent.AMOUNT), doc, vocab, "三公经费")
    assert "“三公”经费预算3.93万元" in answer.text and "公务接待费1.90万元" in answer.text
    assert "减少0.21万元" in answer.text and answer.sources[0].section == "六（二）"


def test_a_part_is_not_another_version_of_its_whole(doc, vocab):
    answer = figures.amount(ask(Intent.AMOUNT), doc, vocab, "收入预算")
    assert "2850.48万元" in answer.text and "口径不同" not in answer.text


def test_derived_figures_say_how_they_were_derived(doc, vocab):
    share = derived.share(ask(Intent.SHARE, "基本支出占比"), doc, vocab, "基本支出")
    assert "13.34%" in share.text and "由两数相除得出" in share.text  # 380.33 ÷ 2850.48
    last_year = derived.derived_year(ask(Intent.AMOUNT), doc, vocab, "三公经费", 2023)
    assert "4.14万元" in last_year.text and "推算" in last_year.text  # 3.93 + 0.21
    total = derived.listing(ask(Intent.SUM, "基本工资和绩效工资一共多少"), doc, vocab, ("基本工资", "绩效工资"))
    assert "合计82.19万元" in total.text  # 40.50 + 41.69


def test_rankings_and_breakdowns(doc, vocab):
    top = lists.ranking(ask(Intent.RANKING, "基本支出里哪项最多"), doc, vocab, "基本支出")
    assert top.text.count("绩效工资") <= 1 and top.chart is not None
    parts = lists.breakdown(ask(Intent.BREAKDOWN), doc, vocab, "三公经费")
    assert "包括" in parts.text and parts.chart.kind == "pie"


def test_words_reasons_codes_and_passages(doc, vocab):
    reason = reasons.reason(ask(Intent.REASON, "为什么增加"), doc, vocab, "收入预算")
    assert "四期服务外包" in reason.text
    code = words.code(ask(Intent.DEFINITION), doc, vocab, "30217")
    assert "经济科目“公务接待费”" in code.text and "0.90万元" in code.text
    quoted = words.passage(ask(Intent.YESNO), doc, ("节庆", "晚会"), must=("节庆", "晚会"))
    assert quoted.quoted and "未举办节庆" in quoted.text
