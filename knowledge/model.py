"""What a disclosure holds, independent of the file it was read from.

Readers (text, PDF) produce a `RawDocument`: the narrative as text and each table as a grid of
cell strings. `knowledge.parse` turns that into a `Document` of sections, facts, tables,
indicators and glossary terms, which `knowledge.store` writes to SQLite. `knowledge.query` reads
them back as the same types (`Fact`, `Section`, `Term`, `Indicator`), a table as `TableInfo` with
its rows as `TableRow`, and one document's all as `DocumentData`.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class IngestError(Exception):
    """A file could not be read as a disclosure."""


READER_FAILURE = ("budgetbot could not read this file: a bug in its reader, not a fault of the file; "
                  "please report it with the file (ingest --verbose shows the details)")


class ReaderFailure(IngestError):
    """The reader failed on a file (a bug of budgetbot's, not a fault of the file); `detail` holds the
    formatted traceback, for the log."""

    def __init__(self, message: str = READER_FAILURE, *, detail: str = "") -> None:
        super().__init__(message)
        self.detail = detail


@dataclass
class RawTable:
    """A table as a reader found it: title, the 单位名称/单位 lines and rows of cell strings."""

    title: str
    unit_line: str = ""
    org_line: str = ""
    rows: list[list[str]] = field(default_factory=list)
    page: int | None = None


@dataclass
class RawDocument:
    """A disclosure as a reader found it, before any interpretation."""

    path: str
    cover: str  # the first lines of the document: its title, department and year
    narrative: str  # the explanatory part, page headers and page numbers already dropped
    tables: list[RawTable]
    narrative_pages: tuple[int, ...] = ()  # the PDF page of each line of `narrative`


@dataclass(frozen=True)
class Section:
    number: str  # "六（二）"
    heading: str  # "“三公”经费预算"
    text: str
    page: int | None = None  # the PDF page it begins on


@dataclass(frozen=True)
class Fact:
    """One figure or statement of the narrative, e.g. 三公经费 · change · -0.21 万元."""

    subject: str
    measure: str  # a Measure (knowledge.domain): amount, change, change_pct, reason, count, …
    value: float | None
    unit: str | None
    text: str | None
    section: str
    quote: str
    unit_name: str | None = None  # a 所属单位 the statement is about, when not the whole department
    value_wan: float | None = None  # a money figure in 万元, as stored (see knowledge.domain.to_wan)


@dataclass
class Row:
    name: str
    values: dict[str, float | None]  # column name -> figure; None when the cell is empty
    code: str | None = None  # "2010350" (功能科目) or "30101" (经济科目)
    group: str | None = None  # 收入 / 支出 in side-by-side tables
    unit_name: str | None = None  # the 单位 (本级, a 所属单位) the row belongs to
    texts: dict[str, str] = field(default_factory=dict)  # non-numeric cells by column


@dataclass
class Table:
    number: int  # its place among the document's tables, from 1
    title: str
    kind: str  # a TableKind (knowledge.domain)
    unit: str  # 元 or 万元
    columns: list[str]
    rows: list[Row]
    empty: bool = False
    page: int | None = None


@dataclass(frozen=True)
class Indicator:
    table: int
    project: str
    level1: str
    level2: str
    name: str
    value: str  # as printed: "98%", "≥90", "根据来电情况完成"
    target: float | None
    unit: str | None
    kind: str | None  # ≥ / = / 定量 / 定性 ...
    content: str | None
    rule: str | None
    goal: str | None


@dataclass(frozen=True)
class Term:
    term: str
    definition: str
    section: str


@dataclass
class Document:
    department: str
    year: int
    kind: str  # 预算 or 决算
    unit: str  # the unit of the narrative figures, normally 万元
    title: str
    source: str  # file name
    parent: str | None = None
    sections: list[Section] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # parts the reader could not make sense of, and why
    profile: str = ""  # the template profile the document was read with (see knowledge.profiles)

    @property
    def key(self) -> str:
        return f"{self.department}|{self.year}|{self.kind}"


# what the knowledge base gives back -------------------------------------------------------------


@dataclass(frozen=True)
class DocumentInfo:
    id: int
    department: str
    parent: str | None
    year: int
    kind: str  # 预算 or 决算
    title: str
    source: str


@dataclass(frozen=True)
class TableInfo:
    """A stored table without its rows (those are `TableRow`s)."""

    number: int
    title: str
    kind: str  # a TableKind
    unit: str
    columns: tuple[str, ...]
    empty: bool
    page: int | None
    row_count: int


@dataclass(frozen=True)
class TableRow:
    """A stored row with its figures and the table it stands in."""

    table_number: int
    table_title: str
    table_kind: str  # a TableKind
    unit: str
    seq: int
    code: str | None
    name: str
    group: str | None
    unit_name: str | None
    values: dict[str, float]  # column -> figure as printed (empty cells absent)
    values_wan: dict[str, float]  # column -> figure in 万元


@dataclass(frozen=True)
class DocumentData:
    """Everything one document states, read in one go for answering."""

    info: DocumentInfo
    facts: list[Fact]
    rows: list[TableRow]
    tables: list[TableInfo]
    terms: list[Term]
    indicators: list[Indicator]
    sections: list[Section]
