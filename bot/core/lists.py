"""Replies that list: rankings (within a document and across departments) and breakdowns."""

from __future__ import annotations

from knowledge import query
from knowledge.domain import TOTAL_WORDS, TableKind
from knowledge.model import TableRow
from nlu.names import name_key
from nlu.understand import Parse

from .figures import heading, parts_of, subject_name
from .library import Library
from .lookup import DocIndex, Figure, Vocabulary
from .reply import Answer, Chart
from .roles import SCOPE_TABLES, is_project
from .wording import figure_text, label_with_kind
from .words import explained_within

# "哪项最多" about these subjects ranks the items of a table rather than the subject's parts
RANKED_TABLES = {"基本支出": TableKind.BASIC_SPENDING, "人员经费": TableKind.BASIC_SPENDING,
                 "公用经费": TableKind.BASIC_SPENDING, "支出预算": TableKind.GENERAL_BUDGET,
                 "项目支出": TableKind.GENERAL_BUDGET, "一般公共预算拨款": TableKind.GENERAL_BUDGET}
CLASS_CODES = {"人员经费": ("301", "303"), "公用经费": ("302", "310")}  # 经济科目 classes of each part
LOWEST = ("最少", "最低", "最小")
LISTED = 10  # departments a ranking across departments names


def ranking_departments(parse: Parse, library: Library, vocab: Vocabulary, key: str) -> Answer:
    """哪个部门的三公经费最高: the subject's narrative figure in each department's latest document,
    largest first — read in one query, so that a province's thousands of departments take no longer."""
    items = [(info, wan) for info, wan in query.stated_by_department(library.db, key)]
    if not items:
        return Answer("", found=False, subject=key)
    lowest = any(word in parse.wording for word in LOWEST)
    items.sort(key=lambda item: item[1], reverse=not lowest)
    top_info, _ = items[0]
    top = library.index(top_info.id)
    figure = next((f for f in top.amounts(top.resolve(key)) if f.wan is not None), None)
    name = subject_name(key, top, vocab)
    listed = "，".join(f"{d.department}{d.year}年{d.kind}{wan:.2f}万元" for d, wan in items[:LISTED])
    more = f"等{len(items)}个部门" if len(items) > LISTED else ""
    text = (f"已收录的{len(items)}个部门中，{name}{'最少' if lowest else '最多'}的是{top_info.department}"
            f"（{top_info.year}年{top_info.kind}{figure_text(figure) if figure else f'{items[0][1]:.2f}万元'}）。"
            f"{'最少' if lowest else '最多'}的几个：{listed}{more}。注意各部门年份和预算/决算不同，仅作参考。")
    chart = Chart("bar", f"{name}（各部门）", tuple(d.department for d, _ in items[:10]),
                  tuple(wan for _, wan in items[:10]), "万元")
    return Answer(text, [figure.source] if figure else [top.whole_source()], chart=chart, subject=key)


def ranking(parse: Parse, doc: DocIndex, vocab: Vocabulary, key: str) -> Answer:
    """哪项最多 about a subject: its parts (or the items of its table), largest first."""
    table = RANKED_TABLES.get(key)
    items: list[tuple[str, Figure]] = []
    if key == "项目支出" or "项目" in parse.wording:
        items = _projects(doc)  # 哪个项目最多: the projects a 项目支出 table lists
    if not items and table is None:
        items = [(subject_name(k, doc, vocab), f) for k, f in parts_of(key, doc, vocab)]
        items = items or [(r.name, f) for r in _child_rows(key, doc) if (f := doc.row_figure(r))]
    if not items:
        items = _table_items(doc, table or TableKind.BASIC_SPENDING)
        # 公用经费里最大的一项: its own economic classes (302 商品和服务支出), not the 人员经费 rows beside them
        classes = CLASS_CODES.get(key)
        items = [(n, f) for n, f in items if (f.source.row or "").startswith(classes)] if classes else items
    return _ranked(parse, doc, items, subject_name(key, doc, vocab), key)


def ranking_table(parse: Parse, doc: DocIndex) -> Answer:
    """哪项最多 with no subject: the projects, when asked about, else the items of the 基本支出 table."""
    items = _projects(doc) if "项目" in parse.wording else []
    return _ranked(parse, doc, items or _table_items(doc, TableKind.BASIC_SPENDING), "基本支出", None)


def _table_items(doc: DocIndex, kind: TableKind) -> list[tuple[str, Figure]]:
    """The rows of the deepest code level of a table: 30101 基本工资, 30102 津贴补贴, …"""
    rows = doc.table_of_kind(kind)
    depth = max((len(r.code) for r in rows if r.code), default=0)
    deepest = {(r.code, r.name): r for r in reversed(rows) if r.code and len(r.code) == depth}  # a row once
    return [(r.name, f) for r in reversed(deepest.values()) if (f := doc.row_figure(r))]


def _ranked(parse: Parse, doc: DocIndex, items: list[tuple[str, Figure]], scope: str, key: str | None) -> Answer:
    items = [(n, f) for n, f in items if f.wan is not None]
    if not items:
        return Answer(f"{doc.title}没有列出{scope}的各项明细，无法比较哪项最多。", found=False, subject=key)
    items.sort(key=lambda item: -item[1].wan)
    lowest = any(word in parse.wording for word in LOWEST)
    if lowest:
        items.reverse()
    top = items[0]
    text = f"{heading(doc)}{scope}中{'最少' if lowest else '最多'}的是{top[0]}，{figure_text(top[1])}"
    text += "。其次：" + "，".join(f"{n}{figure_text(f)}" for n, f in items[1:4]) if len(items) > 1 else ""
    chart = Chart("bar", f"{scope}构成", tuple(n for n, _ in items[:8]), tuple(f.wan for _, f in items[:8]), "万元")
    return Answer(f"{text}。", [items[0][1].source], chart=chart, subject=key)


PROJECTS_SHOWN = 8  # the largest projects a breakdown of 项目支出 names


def breakdown(parse: Parse, doc: DocIndex, vocab: Vocabulary, key: str) -> Answer:
    name = subject_name(key, doc, vocab)
    parts = parts_of(key, doc, vocab)
    if not parts:
        parts = [(name_key(r.name), f) for r in _child_rows(key, doc) if (f := doc.row_figure(r))]
    if not parts and len(SCOPE_TABLES.get(key, ())) == 1:  # 国有资本经营预算: the items of its own table
        parts = [(name_key(n), f) for n, f in _table_items(doc, next(iter(SCOPE_TABLES[key])))]
    includes = "包括："
    projects = sorted(_projects(doc), key=lambda item: -(item[1].wan or 0)) if key == "项目支出" else []
    if not parts and len(projects) > 1:  # 项目支出: its projects, largest first
        parts = projects[:PROJECTS_SHOWN]
        if len(projects) > len(parts):
            includes = f"包括{len(projects)}个项目，其中最大的{len(parts)}个："
    if not parts:
        return Answer("", found=False, subject=key)
    total = doc.amounts(key)
    head = f"{heading(doc)}{label_with_kind(name, doc.info.kind)}"
    head += f"{figure_text(total[0])}，" if total else "，"
    text = head + includes + "，".join(f"{subject_name(k, doc, vocab)}{figure_text(f)}" for k, f in parts) + "。"
    money_parts = [(subject_name(k, doc, vocab), f.wan) for k, f in parts if f.wan is not None]
    chart = None
    if len(money_parts) >= 2 and sum(v for _, v in money_parts) > 0:
        chart = Chart("pie", f"{doc.info.year}年{name}构成", tuple(n for n, _ in money_parts),
                      tuple(v for _, v in money_parts), "万元")
    sources = ([total[0].source] if total else []) + [f.source for _, f in parts]
    explained = explained_within(doc, name)  # 公务用车购置及运行费具体包括哪些开支: and what each covers
    if explained:
        text += explained.text
        sources += explained.sources
    suggestions = [f"其中{subject_name(k, doc, vocab)}呢" for k, _ in parts[:2]]
    return Answer(text, sources, suggestions, chart=chart, subject=key)


def _projects(doc: DocIndex) -> list[tuple[str, Figure]]:
    """Projects of a table titled 项目支出…表 (rows without a code, less the totals and the department)."""
    def listed(r: TableRow) -> bool:
        if TableKind(r.table_kind).is_performance:  # a 项目支出绩效目标表 lists projects with their 资金总额
            return r.table_kind == TableKind.PROJECT_PERFORMANCE and is_project(r)
        return "项目" in r.table_title and not r.code

    rows = [r for r in doc.data.rows if listed(r) and r.name not in TOTAL_WORDS and r.name != doc.info.department]
    # a project repeated on a continued page counts once; one of the same name in another unit does not
    unique = {(r.unit_name, r.name): r for r in reversed(rows)}
    units = {unit for unit, _ in unique if unit and unit != doc.info.department}
    return [(f"{unit}{name}" if unit in units and len(units) > 1 else name, f)
            for (unit, name), r in reversed(unique.items()) if (f := doc.row_figure(r))]


def _child_rows(key: str, doc: DocIndex):
    """Rows one code level below the subject's row in the same table: 301 -> 30101, 30102, …"""
    for row in doc.rows.get(key, []):
        if row.code:
            children = [
                r for r in doc.data.rows
                if r.table_number == row.table_number and r.code and r.code.startswith(row.code)
                and len(r.code) > len(row.code)
            ]
            depth = min((len(r.code) for r in children), default=0)
            return [r for r in children if len(r.code) == depth]
    return []
