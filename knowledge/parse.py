"""From what a reader found (`RawDocument`) to what the disclosure says (`Document`).

A part the reader cannot make sense of (a table whose columns do not align, a section it cannot
place) does not sink the document: it is left out, named in `Document.skipped`, and the rest goes in.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import replace
from typing import TypeVar

from .domain import ORG_ENDINGS, TableKind
from .facts import extract_facts, project_budgets
from .indicators import project_goals, read_indicators
from .model import Document, Indicator, IngestError, RawDocument, RawTable, Section, Table
from .narrative import glossary, glossary_section, join_lines, split_glossary, split_sections, squeeze
from .paths import readable_path
from .profiles import Profile, profile_for
from .table_header import merge_continuations
from .tables import build_table
from .title import read_title

ORG_NAME = r"[\u4e00-\u9fff0-9（）()]{2,30}?"
PARENT = (
    re.compile(rf"是({ORG_NAME})(?:所属|直属|下属|管理)的?"),
    re.compile(rf"隶属于({ORG_NAME})(?:[，。；的]|$)"),
    re.compile(rf"归口({ORG_NAME})管理"),
    re.compile(r"(?<![\u4e00-\u9fff])(?:预算)?主管部门\s*[:：]?\s*([\u4e00-\u9fff0-9（）()]{3,30})"),
)
T = TypeVar("T")
log = logging.getLogger(__name__)


# the number a heading line opens with: 第二部分 / 二、 / （二） / 2.
NUMBERING = re.compile(r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、"
                       r"|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．])")


def _paged(sections: list[Section], raw: RawDocument) -> list[Section]:
    """Each section with the PDF page it begins on: where its opening words first stand in the
    narrative's lines, read onwards from the section before (a text document has no pages)."""
    if not raw.narrative_pages:
        return sections
    lines = [NUMBERING.sub("", re.sub(r"\s+", "", line)) for line in raw.narrative.split("\n")]
    paged, at = [], 0
    for section in sections:
        # the line its opening words begin (a heading may wrap onto the next): not a like-worded one before it
        opening = re.sub(r"\s+", "", section.heading or section.text)[:20]
        found = next((i for i in range(at, len(lines))
                      if opening and "".join(lines[i : i + 3]).startswith(opening)), None)
        if found is not None:
            at = found
        paged.append(replace(section, page=raw.narrative_pages[found]) if found is not None else section)
    return paged


def parse_document(raw: RawDocument, *, profile: Profile | None = None) -> Document:
    profile = profile or profile_for(raw.cover)
    elsewhere = [t.org_line for t in raw.tables] + [t.title for t in raw.tables] + raw.narrative.splitlines()
    title = read_title(raw.cover, elsewhere=elsewhere)
    skipped: list[str] = []
    paragraphs = join_lines(raw.narrative)
    body, glossary_part = split_glossary(paragraphs)
    sections = _attempt(skipped, "the narrative sections", lambda: split_sections(body), [])
    sections = _paged(sections, raw)
    terms_section = glossary_section(glossary_part) if glossary_part else None
    raw_tables = merge_continuations(raw.tables)
    tables: list[Table] = []
    kept_raw: list[RawTable] = []
    for raw_table in raw_tables:
        number = len(tables) + 1
        table = _attempt(
            skipped, f"表《{raw_table.title}》(page {raw_table.page})",
            lambda raw_table=raw_table, number=number: build_table(raw_table, number, profile=profile), None,
        )
        if table is not None:
            tables.append(table)
            kept_raw.append(raw_table)
    if not tables and not sections:
        raise IngestError("found neither narrative sections nor tables")
    indicators = _indicators(tables, kept_raw, skipped)
    facts = [
        fact
        for section in sections
        for fact in _attempt(skipped, f"the figures of section {section.number}{section.heading}",
                             lambda section=section: extract_facts([section]), [])
    ] + _attempt(skipped, "the budgets of the projects described", lambda: project_budgets(sections), [])
    terms = _attempt(skipped, "the 名词解释", lambda: glossary(terms_section), []) if terms_section else []
    year = str(title.year)
    return Document(
        department=title.department,
        year=title.year,
        kind=title.kind,
        unit="万元",
        title=f"{title.department}{year}年部门{title.kind}公开",
        source=readable_path(raw.path).rsplit("/", 1)[-1],
        parent=_parent(raw.cover, sections, raw, title.department),
        sections=sections + ([terms_section] if terms_section else []),
        facts=facts,
        tables=tables,
        indicators=indicators,
        terms=terms,
        skipped=skipped,
        profile=profile.name,
    )


def _indicators(tables: list[Table], kept_raw: list[RawTable], skipped: list[str]) -> list[Indicator]:
    """The performance tables' indicators; and the goals of lists of projects with a goal column (广州's
    项目支出表, 湖州's 项目支出绩效表 without indicators)."""
    indicators = [
        indicator
        for table, raw_table in zip(tables, kept_raw, strict=True)
        if TableKind(table.kind).is_performance
        for indicator in _attempt(
            skipped, f"the indicators of 表{table.number}《{table.title}》",
            lambda raw_table=raw_table, table=table: read_indicators(raw_table, table.number), [],
        )
    ]
    with_indicators = {indicator.table for indicator in indicators}
    return indicators + [goal for table in tables if table.number not in with_indicators
                         and (table.kind == TableKind.PROJECT_SPENDING or TableKind(table.kind).is_performance)
                         for goal in project_goals(table)]


def _attempt(skipped: list[str], what: str, read: Callable[[], T], default: T) -> T:
    """Read one part; when the reader cannot make sense of it, note it as skipped and go on."""
    try:
        return read()
    except IngestError:
        raise
    except Exception:  # a layout the reader does not know: the part is left out, the rest goes in
        log.debug("%s could not be read and was left out", what, exc_info=True)
        skipped.append(f"{what}: could not be read and was left out")
        return default


def _parent(cover: str, sections: list[Section], raw: RawDocument, department: str) -> str | None:
    """The 主管部门 a department belongs to, where the document names one other than itself:
    "…是长沙市行政审批服务局所属…", "主管部门：…" on the title page, a table head or a table row."""
    texts = [cover] + [
        s.text for s in sections if any(word in s.heading for word in ("机构", "概况", "单位构成", "职能", "基本情况"))
    ]
    texts += [t.org_line for t in raw.tables]
    names = [m.group(1) for text in texts for pattern in PARENT for m in pattern.finditer(squeeze(text))]
    # a row of a performance table: 主管部门 | 福州市商务局 | 实施单位 | …
    for row in (row for t in raw.tables for row in t.rows):
        cells = [squeeze(c) for c in row if c.strip()]
        names += [cells[i + 1] for i, c in enumerate(cells[:-1]) if c == "主管部门"]
    return next(
        (n for n in names if n.endswith(ORG_ENDINGS) and n not in department and department not in n), None
    )
