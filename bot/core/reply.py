"""The reply every front end shows: the answer's text, where its figures stand (structured, for each
front end to render its own way), suggestions, and optionally a chart; and `Answer`, a composer's draft of it."""

from __future__ import annotations

from dataclasses import dataclass, field

from nlu.context import Context


@dataclass(frozen=True)
class Source:
    """Where a figure or statement stands: document, table or section, row, column, page."""

    document: str  # "长沙市12345政务热线中心2024年部门预算公开"
    place: str  # "表7 2024年一般公共预算“三公”经费支出情况表" or "六（二）“三公”经费预算"
    row: str | None = None  # "30217 公务接待费"
    column: str | None = None
    table: int | None = None  # 7, when the place is a table
    section: str | None = None  # "六（二）", when the place is a narrative section
    page: int | None = None  # of the PDF, where known

    def to_dict(self) -> dict:
        return {"document": self.document, "place": self.place, "table": self.table, "section": self.section,
                "row": self.row, "column": self.column, "page": self.page}


@dataclass(frozen=True)
class Chart:
    """Figures worth a picture: a breakdown (pie) or a comparison (bar), all in one unit."""

    kind: str  # "pie" or "bar"
    title: str
    labels: tuple[str, ...]
    values: tuple[float, ...]
    unit: str

    def to_dict(self) -> dict:
        return {"kind": self.kind, "title": self.title, "labels": list(self.labels),
                "values": list(self.values), "unit": self.unit}


@dataclass
class Answer:
    """What a composer found: the text alone, its sources, what to ask next, and whether it answers."""

    text: str
    sources: list[Source] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    chart: Chart | None = None
    found: bool = True
    subject: str | None = None  # the subject key the answer was about, for follow-ups
    quoted: bool = False  # a sentence of the document found by its words, not a stated figure or fact
    borrowed: bool = False  # what the document says of a nearby subject (the whole's reason, for a part)
    unit: str | None = None  # the unit of the department the answer was about (杭州市南郊监狱), for 两家差多少


@dataclass(frozen=True)
class Reply:
    answer: str  # the text a person reads, without the sources
    intent: str
    confidence: float
    sources: tuple[Source, ...] = ()
    suggestions: tuple[str, ...] = ()
    context: Context = field(default_factory=Context)
    chart: Chart | None = None

    def to_dict(self) -> dict:
        """The JSON reply of DESIGN.md (`chat --json`, `POST /api/ask`)."""
        return {
            "answer": self.answer,
            "intent": self.intent,
            "confidence": round(self.confidence, 3),
            "sources": [s.to_dict() for s in self.sources],
            "suggestions": list(self.suggestions),
            "chart": self.chart.to_dict() if self.chart else None,
        }
