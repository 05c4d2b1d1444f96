"""Where money comes from (钱从哪来, 资金来源): a subject's figures by source of funds, as the row of a
table with a column per source gives them; of the department as a whole, its income by kind."""

from __future__ import annotations

import re

from knowledge.domain import is_total
from knowledge.model import TableRow
from nlu.names import name_key
from nlu.understand import WHOLE, Parse

from . import figures
from .figures import heading, subject_name
from .lookup import DocIndex, Vocabulary
from .reply import Answer
from .wording import figure_text, money

# the columns a table gives a source of funds in (一般公共预算, 财政专户管理资金, 上年结转…)
SOURCE_COLUMN = re.compile(r"一般公共预算|政府性基金|国有资本经营|财政专户|事业收入|经营收入|上级补助|附属单位|上年结转"
                           r"|其他收入|其他资金|单位资金|财政拨款")
SUBTOTAL = re.compile(r"合计|小计|总计")
EXCEPT = re.compile(r"除了|除去|之外|以外")  # 除了财政拨款，还有哪些收入来源
INCOME_KINDS = ("一般公共预算拨款", "政府性基金", "国有资本经营预算", "财政专户管理资金", "事业收入",
                "事业单位经营收入", "上级补助收入", "附属单位上缴收入", "其他收入", "上年结转")


def funding(parse: Parse, doc: DocIndex, vocab: Vocabulary, key: str) -> Answer:
    """这笔钱从哪来的, of a project or a row: the sources its table's row has figures in."""
    rows = [row for row in doc.rows.get(key, []) if _sources(row) and row.table_number in doc.tables
            and len(_source_columns(doc.tables[row.table_number].columns)) >= 2]  # a table with a column per source
    if key == WHOLE or EXCEPT.search(parse.wording):  # 钱从哪来 / 除了财政拨款还有哪些: income by kind
        by_kind = _income_by_kind(doc, vocab)
        if by_kind:
            return by_kind
    if key == WHOLE or not rows:
        return figures.amount(parse, doc, vocab, key)  # the whole: its income by kind, as amount says it
    row = max(rows, key=lambda r: len(_sources(r)))
    total = doc.row_figure(row)
    name = subject_name(key, doc, vocab)
    parts = "，".join(f"{column}{money(value, row.unit, row.values_wan.get(column))}"
                      for column, value in _sources(row).items())
    lead = f"{heading(doc)}{name}{money(total.value, total.unit, total.wan)}，" if total else f"{heading(doc)}{name}"
    return Answer(f"{lead}资金来源：{parts}。", [doc.row_source(row, None)], subject=key)


def _income_by_kind(doc: DocIndex, vocab: Vocabulary) -> Answer | None:
    """The department's income by kind, each the document gives above zero (事业收入, 其他收入, 上年结转…)."""
    found = [(kind, f) for kind in INCOME_KINDS for f in doc.amounts(doc.resolve(kind))[:1] if f.wan]
    if len(found) < 2:
        return None
    whole = doc.amounts(WHOLE)[:1]
    lead = f"收入预算{figure_text(whole[0])}，" if whole else ""
    kinds = "，".join(f"{subject_name(doc.resolve(k), doc, vocab)}{figure_text(f)}" for k, f in found)
    return Answer(f"{heading(doc)}{lead}按来源：{kinds}。", [f.source for f in (*whole, *(f for _, f in found))],
                  subject=WHOLE)


def _source_columns(columns: list[str]) -> list[str]:
    return [c for c in columns if SOURCE_COLUMN.search(name_key(c)) and not SUBTOTAL.search(c) and not is_total(c)]


def _sources(row: TableRow) -> dict[str, float]:
    """The sources the row has a figure in (其他收入 of a 收入 row is a source too, 上年结转 of 上年 too)."""
    return {c: row.values[c] for c in _source_columns(list(row.values)) if row.values[c]}
