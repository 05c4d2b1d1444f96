"""From what a reader found (`RawDocument`) to what the disclosure says (`Document`)."""

from __future__ import annotations

import re

from .facts import extract_facts
from .indicators import read_indicators
from .model import Document, IngestError, RawDocument
from .narrative import glossary, glossary_section, join_lines, split_glossary, split_sections, squeeze
from .tables import build_table, merge_continuations

YEAR = re.compile(r"((?:19|20)\d{2})\s*年度?")
BARE_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
DEPARTMENT_LABEL = re.compile(r"(?:主管部门|部门名称|单位名称)\s*[:：]\s*([\u4e00-\u9fff0-9（）()]{3,40})")
COVER_WORDS = "年度|部门预算|部门决算|单位预算|单位决算|区级|市级|县级|预算|决算|公开"
ORG_ENDINGS = tuple("局厅委办室处会院所站队中心馆部署社园校团")
ORG_NAME = r"[\u4e00-\u9fff0-9（）()]{2,30}?"
PARENT = (
    re.compile(rf"是({ORG_NAME})(?:所属|直属|管理)的?"),
    re.compile(rf"隶属于({ORG_NAME})(?:[，。；的]|$)"),
    re.compile(rf"归口({ORG_NAME})管理"),
    re.compile(r"(?<![\u4e00-\u9fff])(?:预算)?主管部门\s*[:：]?\s*([\u4e00-\u9fff0-9（）()]{3,30})"),
)


def parse_document(raw: RawDocument) -> Document:
    cover = squeeze(raw.cover.replace("\n", " "))
    year_match = YEAR.search(cover) or BARE_YEAR.search(cover)
    if not year_match:
        raise IngestError("no year found on the title page; is this a 部门预算/决算 disclosure?")
    kind = "决算" if "决算" in cover[: year_match.end() + 20] else "预算"
    if "预算" not in cover and "决算" not in cover:
        raise IngestError("the title names neither 预算 nor 决算; is this a budget disclosure?")
    department = _department(cover, year_match, raw)
    body, glossary_part = split_glossary(join_lines(raw.narrative))
    sections = split_sections(body)
    terms_section = glossary_section(glossary_part) if glossary_part else None
    raw_tables = merge_continuations(raw.tables)
    tables = [build_table(t, i) for i, t in enumerate(raw_tables, 1)]
    if not tables and not sections:
        raise IngestError("found neither narrative sections nor tables")
    indicators = [
        indicator
        for table, raw_table in zip(tables, raw_tables, strict=True)
        if "performance" in table.kind
        for indicator in read_indicators(raw_table, table.number)
    ]
    return Document(
        department=department,
        year=int(year_match.group(1)),
        kind=kind,
        unit="万元",
        title=f"{department}{year_match.group(1)}年部门{kind}公开",
        source=raw.path.rsplit("/", 1)[-1],
        parent=_parent(cover, sections, raw, department),
        sections=sections + ([terms_section] if terms_section else []),
        facts=extract_facts(sections),
        tables=tables,
        indicators=indicators,
        terms=glossary(terms_section) if terms_section else [],
    )


def _department(cover: str, year_match: re.Match[str], raw: RawDocument) -> str:
    label = DEPARTMENT_LABEL.search(cover)
    if label:
        return label.group(1)
    before = re.sub(rf"(?:{COVER_WORDS})+$", "", cover[: year_match.start()].strip())
    # the last name-like run before the year: "长沙市12345政务热线中心"
    names = re.findall(r"[\u4e00-\u9fff0-9（）()]{3,40}", before)
    if names and names[-1].endswith(ORG_ENDINGS):
        return names[-1]
    after = re.match(r"[\u4e00-\u9fff0-9（）()]{3,40}?(?=部门|单位|预算|决算)", cover[year_match.end() :])
    if after:
        return after.group(0)
    if names:
        return names[-1]
    for table in raw.tables:
        m = re.search(r"(?:单位名称|部门名称|编制部门|编制单位)\s*[:：]\s*(\S+)", table.org_line)
        if m:
            return m.group(1)
    raise IngestError("no department name found on the title page")


def _parent(cover: str, sections, raw: RawDocument, department: str) -> str | None:
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
