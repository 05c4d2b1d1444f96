"""The reply every front end shows: text, sources, suggestions, and optionally a chart."""

from __future__ import annotations

from dataclasses import dataclass, field

from nlu.context import Context


@dataclass(frozen=True)
class Source:
    """Where a figure stands: document, table or section, row, column."""

    document: str  # "长沙市12345政务热线中心2024年部门预算公开"
    place: str  # "表7 2024年一般公共预算“三公”经费支出情况表" or "六（二）“三公”经费预算"
    row: str | None = None
    column: str | None = None

    def to_dict(self) -> dict:
        return {"document": self.document, "place": self.place, "row": self.row, "column": self.column}

    def __str__(self) -> str:
        where = " ".join(part for part in (self.place, self.row, self.column) if part)
        return f"{self.document} {where}"


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


@dataclass(frozen=True)
class Reply:
    answer: str
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
