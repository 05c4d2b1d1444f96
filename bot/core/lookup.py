"""One document's statements indexed by subject key, and the figures a subject has in it."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property

from knowledge.domain import SUBTOTAL_WORDS, TOTAL_WORDS, Measure, TableKind, to_wan
from knowledge.indicators import BUDGET_NAME
from knowledge.model import DocumentData, Fact, Indicator, Section, TableRow
from nlu.names import name_key

from .reply import Source
from .roles import (
    BUDGET_BY_UNIT,
    COLUMN_TABLES,
    GLOSSARY,
    NARRATIVE,
    OTHER_TABLE_ROLE,
    SCOPE_TABLES,
    TABLE_ROLE,
    column_rank,
    generic_column,
    is_figure_row,
)


@dataclass(frozen=True)
class Vocabulary:
    """What the composers need to know about subjects beyond one document."""

    display: dict[str, str]  # subject key -> name as printed
    compositions: dict[str, tuple[str, ...]]  # subject key -> part keys


@dataclass(frozen=True)
class Figure:
    label: str  # the subject as the document prints it
    value: float  # as printed
    unit: str
    wan: float | None  # in 万元, for money
    source: Source
    role: str  # what this figure is: a narrative statement, a table's view of the subject
    measure: str = "amount"


COST_TARGET = "绩效目标表中的成本指标"  # the role of a figure a project's cost indicator gives
HEADING_SHOWN = 20  # a section heading longer than this is a sentence, not a label


# the totals of the whole budget: the 财政拨款收支总表 prints the same words for 财政拨款's alone
WHOLE_TOTALS = frozenset({"收入总计", "支出总计", "收支总计", "本年收入合计", "本年支出合计"})


class DocIndex:
    """Lookups into one document by subject key (see `nlu.names.name_key`).

    `canonical` maps a key to the subject it stands for (人员类 -> 人员经费), as the lexicon's synonyms do
    for questions, so that a document's wording and a question's meet; `units` are those its budget lists.
    """

    def __init__(
        self,
        data: DocumentData,
        canonical: Callable[[str], str] = lambda key: key,
        equivalents: dict[str, tuple[str, ...]] | None = None,
    ) -> None:
        self.equivalents = equivalents or {}
        self.data = data
        self.info = data.info
        self.title = data.info.title
        self.headings = {s.number: s.heading for s in data.sections}
        self.tables = {t.number: t for t in data.tables}
        self.facts: dict[str, list[Fact]] = defaultdict(list)
        for fact in data.facts:
            self.facts[canonical(name_key(fact.subject))].append(fact)
        self.rows: dict[str, list[TableRow]] = defaultdict(list)
        self.codes: dict[str, list[TableRow]] = defaultdict(list)
        self.total_columns: dict[str, list[tuple[TableRow, str]]] = defaultdict(list)
        totalled = {row.table_number for row in data.rows if row.name in TOTAL_WORDS}
        for row in data.rows:
            if not is_figure_row(row):
                continue
            self.rows[canonical(name_key(row.name))].append(row)
            if row.code:
                self.codes[row.code].append(row)
            if row.name in TOTAL_WORDS and row.table_kind == TableKind.THREE_PUBLIC and len(row.values) == 1:
                self.rows["三公经费"].append(row)  # a “三公” table laid out in rows: its 合计 is the total
            # the total row: 合计/总计, or — in a table listing its units without one — the department's own
            own = row.name == data.info.department and row.table_number not in totalled
            if (row.name in TOTAL_WORDS or own) and row.table_kind in COLUMN_TABLES:
                for column in row.values:
                    if not generic_column(column):
                        self.total_columns[canonical(name_key(column))].append((row, column))
        self.units = {name_key(r.name) for r in data.rows if r.unit_name == r.name and r.table_kind in BUDGET_BY_UNIT}
        self.terms = {canonical(name_key(t.term)): t for t in data.terms}
        self.indicators: dict[str, list[Indicator]] = defaultdict(list)
        for indicator in data.indicators:
            self.indicators[canonical(name_key(indicator.name))].append(indicator)

    def knows(self, key: str) -> bool:
        return any(key in index for index in (self.facts, self.rows, self.total_columns, self.terms, self.indicators))

    def resolve(self, key: str) -> str:
        """The key as this document has it: 基本支出预算 (another document's column) is 基本支出 here."""
        if self.knows(key):
            return key
        for suffix in ("预算数", "决算数", "预算", "决算", "金额", "总额", *SUBTOTAL_WORDS, "数"):
            if key.endswith(suffix) and self.knows(key[: -len(suffix)]):
                return key[: -len(suffix)]
        return next((other for other in self.equivalents.get(key, ()) if self.knows(other)), key)

    # sources -----------------------------------------------------------------------------
    def fact_source(self, fact: Fact) -> Source:
        return self.section_source(fact.section or "")

    def section_source(self, number: str, heading: str | None = None) -> Source:
        heading = self.headings.get(number, "") if heading is None else heading
        if len(heading) > HEADING_SHOWN or re.search(r"[，。；、]", heading):
            heading = ""  # a numbered sentence the reader took for a heading: its number says where
        return Source(self.title, f"{number}{heading}", section=number or None)

    def table_source(self, number: int) -> Source:
        table = self.tables.get(number)
        title = table.title if table else ""
        return Source(self.title, f"表{number} {title}".strip(), table=number, page=table.page if table else None)

    def row_source(self, row: TableRow, column: str | None) -> Source:
        code = f"{row.code} " if row.code else ""
        table = self.tables.get(row.table_number)
        return Source(self.title, f"表{row.table_number} {row.table_title}", f"{code}{row.name}", column,
                      table=row.table_number, page=table.page if table else None)

    def whole_source(self) -> Source:  # the document as a whole: for a reply that says what it does not state
        return Source(self.title, "全文")

    # figures -----------------------------------------------------------------------------
    def stated(self, key: str, *measures: Measure) -> list[Fact]:
        return [f for f in self.facts.get(key, []) if f.measure in measures]

    def counted_stem(self, key: str) -> str | None:
        """The counted subject a money subject's name begins with: 公务用车 of 公务用车购置费."""
        counted = (Measure.COUNT, Measure.NEW_COUNT)
        return max((k for k in self.facts if k != key and key.startswith(k) and self.stated(k, *counted)), key=len,
                   default=None)

    def amounts(self, key: str, *, within: str | None = None) -> list[Figure]:
        """Every figure the document gives for a subject: narrative first, then the tables — or, when
        it is asked `within` another (基本支出里的办公费), those that stand within that one first."""
        figures = self._amounts(key, within)
        if within:  # those within the scope first; the others still say where else the subject stands
            return sorted(figures, key=lambda f: not self.stands_within(f, within))
        return figures

    def stands_within(self, figure: Figure, scope: str) -> bool:
        """Whether a figure is the subject's within `scope` (基本支出's 办公费: a row of the 基本支出 table)."""
        name = self._display_of(scope)
        if figure.role == NARRATIVE:
            return bool(name) and name in self.headings.get(figure.source.section or "", "")
        table = self.tables.get(figure.source.table or 0)
        in_column = figure.source.column is not None and name_key(figure.source.column).startswith(scope)
        code = (figure.source.row or "").split(" ")[0]
        # 监狱行政运行: the 项 2040701 under the 款 20407 监狱 (a code is its parents' code and its own digits)
        under = code.isdigit() and any(code.startswith(r.code) and code != r.code for r in self.rows.get(scope, [])
                                       if r.code)
        return in_column or under or table is not None and table.kind in SCOPE_TABLES.get(scope, ())

    def _display_of(self, key: str) -> str:
        """The subject as this document prints it, for finding it in headings: 三公经费 -> 三公."""
        return key.removesuffix("经费") if key == "三公经费" else key

    def _amounts(self, key: str, within: str | None) -> list[Figure]:
        figures = []
        for fact in self.stated(key, Measure.AMOUNT, Measure.FINAL):
            figures.append(
                Figure(fact.subject, fact.value, fact.unit, fact.value_wan, self.fact_source(fact), NARRATIVE,
                       fact.measure)
            )
        seen_tables = set()
        # the whole budget by economic class before its 基本支出 part (委托业务费: basic and project together)
        for row in sorted(self.rows.get(key, []), key=lambda r: r.table_kind != TableKind.GENERAL_BUDGET_ECONOMIC):
            if key in WHOLE_TOTALS and row.table_kind == TableKind.FISCAL_TOTAL:
                continue  # the 收入总计 of the 财政拨款收支总表 is 财政拨款's, not the whole budget's
            figure = self.row_figure(row, within)
            # a name repeated lower in the same table heads a sub-block (结转和结余): the first is the figure,
            # unless a scope asks for one of them (监狱行政运行, not 司法行政运行)
            if figure and (within or row.table_number not in seen_tables):
                figures.append(figure)
                seen_tables.add(row.table_number)
        for row, column in self.total_columns.get(key, []):
            if key in WHOLE_TOTALS and row.table_kind == TableKind.FISCAL_TOTAL:
                continue
            figures.append(
                Figure(re.sub(r"^(?:其中[：:])?(?:(?:19|20)\d{2}年)?", "", column), row.values[column], row.unit,
                       row.values_wan.get(column), self.row_source(row, column),
                       TABLE_ROLE.get(row.table_kind, OTHER_TABLE_ROLE))
            )
        return figures or self._cost_targets(key)

    def _cost_targets(self, key: str) -> list[Figure]:
        """水费 120 万元 as a project's cost indicator (成本指标), when no statement or row gives it."""
        costs = [i for i in self.indicators.get(key, []) if i.name != BUDGET_NAME and i.table in self.tables
                 and to_wan(i.target, i.unit) is not None]
        return [Figure(i.name, i.target, i.unit, to_wan(i.target, i.unit), replace(
            self.table_source(i.table), row=i.project or None, column=i.name), COST_TARGET) for i in costs]

    def row_figure(self, row: TableRow, within: str | None = None) -> Figure | None:
        """The row's figure: the column a scope names (项目支出里的办公费), else its total or this year's."""
        if not row.values:
            return None
        named = [c for c in row.values if within and name_key(c).startswith(within)]
        column = named[0] if named else max(row.values, key=lambda c: column_rank(c, self.info.kind))
        return Figure(row.name, row.values[column], row.unit, row.values_wan.get(column),
                      self.row_source(row, column), TABLE_ROLE.get(row.table_kind, OTHER_TABLE_ROLE))

    def passage(self, words: tuple[str, ...], need: str | None = None, *,
                must: tuple[str, ...] = ()) -> tuple[Source, str] | None:
        """The narrative sentence — or a sentence and the one after it (…增加118.76万元。主要原因是…), or a
        performance table's goal — that holds most of `words`, matches `need` and holds all of `must`
        if given: (where, text), or None when none holds enough of them. Of two as near, the one with figures."""
        wanted, best, best_score = sum(len(w) for w in words), None, 0.0
        if not wanted:
            return None
        for where, sentences in self.texts:
            for i, sentence in enumerate(sentences):
                for window in (sentence, "".join(sentences[i : i + 2])):
                    if need and not re.search(need, window) or must and not all(w in window for w in must):
                        continue
                    score = sum(len(w) for w in words if w in window) + (0.5 if re.search(r"\d", window) else 0)
                    if window != sentence:  # of a sentence and two as near, the one — unless the next goes on
                        score += 0.05 if must and all(all(w in part for w in must) and need and re.search(
                            need, part) for part in (sentence, sentences[i + 1])) else -0.1
                    if score > best_score:
                        best, best_score = (where, window), score
        if must:  # every word that must be there is: the best window of those is the one
            return best
        enough = 2 if need else min(4, wanted)
        return best if best_score >= enough and best_score >= 0.6 * wanted else None

    @cached_property
    def texts(self) -> list[tuple[Source, list[str]]]:
        """The document's prose, as (where, sentences), split once: each narrative section but the
        glossary (what a term means is no statement about this department), then the performance
        tables' goals and the contents of their indicators."""
        found = []
        for section in self.data.sections:
            if GLOSSARY not in section.heading:
                sentences = [s.strip() for s in re.split(r"(?<=[。；;])", section.text) if s.strip()]
                found.append((self.section_source(section.number, section.heading), sentences))
        texts = {(i.table, text) for i in self.data.indicators for text in (i.goal, i.content) if text}
        for table, text in sorted(texts):  # 年度目标 and 指标值内容: 配备话务座席180个、综合座席20个
            found.append((self.table_source(table), [s.strip() for s in re.split(r"(?<=[。；;，,])", text)
                                                     if s.strip()]))
        return found

    def keys_holding(self, words: tuple[str, ...]) -> list[str]:
        """Subjects of rows or total columns whose names hold all of `words` (口岸, 补贴: 口岸单位补贴)."""
        names = [(key, rows[0].name) for key, rows in self.rows.items()]
        return [key for key, name in names + [(k, c[0][1]) for k, c in self.total_columns.items()]
                if all(w in name for w in words)]

    def section_with_parts(self, section: Section) -> str:
        """A section's text and its numbered parts after it: 三、…其中（按项级科目分类统计）： then
        三（一）2120815-农村社会事业支出1800.00万元。主要用于“菜篮子”工程…"""
        prefix = section.number.rstrip("、")
        start = self.data.sections.index(section)
        texts = [section.text]
        for part in self.data.sections[start + 1 :]:
            if not prefix or not part.number.startswith(f"{prefix}（"):
                break
            texts.append(f"{part.heading}{part.text}")
        return "".join(texts)

    def section_about(self, name: str) -> Section | None:
        """The section whose heading names a subject: （五）项目支出 for 项目支出."""
        return next((s for s in self.data.sections if name and name in s.heading and s.text), None)

    def table_of_kind(self, kind: TableKind) -> list[TableRow]:
        return [r for r in self.data.rows if r.table_kind == kind]

    def section_text(self, *words: str) -> list[Section]:
        return [s for s in self.data.sections if any(w in s.heading for w in words) and s.text]


def group_by_value(figures: list[Figure]) -> list[list[Figure]]:
    """Figures of one subject grouped where they agree (within rounding, compared in 万元)."""
    groups: list[list[Figure]] = []
    for figure in figures:
        for group in groups:
            first = group[0]
            if (abs(figure.wan - first.wan) < 0.006 if figure.wan is not None and first.wan is not None
                    else figure.wan is None and first.wan is None and figure.value == first.value):
                group.append(figure)
                break
        else:
            groups.append([figure])
    return groups
