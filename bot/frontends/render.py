"""Where an answer's figures stand, written for each medium: a plain-text line (terminal), a brief one
(WeChat), HTML (Telegram). The widget renders the structured sources itself (static/widget.js), by the
same rules: per document, the first place in full, the others by their number."""

from __future__ import annotations

from html import escape

from knowledge.domain import TOTAL_WORDS

from ..core.reply import Source

MAX_HEADING = 20  # a section named in full in a brief source line; a longer one by its number


def number(source: Source) -> str:
    """A place by its number: 表7, 六（二）."""
    if source.table is not None:
        return f"表{source.table}"
    return source.section or source.place.split(" ")[0][:MAX_HEADING]


def place(source: Source, *, full: bool) -> str:
    """表7 …“30217 公务接待费”“合计”列（第12页） in full; 表7 or 六（二） by its number alone."""
    if not full:
        return number(source)
    text = source.place
    if source.row and not source.row.startswith(TOTAL_WORDS):
        text += f"“{source.row}”"
    if source.column and source.column not in text:
        text += f"“{source.column}”列"
    if source.page:
        text += f"（第{source.page}页）"
    return text


def by_document(sources: tuple[Source, ...] | list[Source]) -> dict[str, list[str]]:
    """The places of each document: the first in full, the others by their number only, each once."""
    places: dict[str, list[str]] = {}
    for source in sources:
        listed = places.setdefault(source.document, [])
        text = place(source, full=not listed).rstrip("、")  # 四、 joined to 表1: 四、表1, not 四、、表1
        if text not in listed and not any(p.startswith(text) for p in listed):
            listed.append(text)
    return places


def sources_text(sources: tuple[Source, ...] | list[Source]) -> str:
    """来源：长沙市…2024年部门预算公开 六（二）“三公”经费预算；表7。 — or "" when there is none."""
    if not sources:
        return ""
    listed = by_document(sources)
    return "来源：" + "；".join(f"{doc} {'、'.join(places)}" for doc, places in listed.items()) + "。"


def sources_html(sources: tuple[Source, ...] | list[Source]) -> str:
    """The same for Telegram's HTML: the document's title in italics, one line per document."""
    if not sources:
        return ""
    lines = [f"<i>{escape(doc)}</i> {escape('、'.join(places))}" for doc, places in by_document(sources).items()]
    return "来源：" + "\n".join(lines)


def sources_brief(sources: tuple[Source, ...] | list[Source], *, max_places: int = 3, max_documents: int = 2) -> str:
    """来源：长沙市…2024年部门预算公开 六（二）“三公”经费预算、表7 — for a medium with little room (WeChat):
    each document once, its first place in full if it is a short section heading, the others by number."""
    by_doc: dict[str, dict[str, str]] = {}  # document -> number -> as shown
    for source in sources:
        places = by_doc.setdefault(source.document, {})
        short = number(source)
        if short not in places:
            whole = not places and source.table is None and len(source.place) <= MAX_HEADING
            places[short] = source.place if whole else short
    if not by_doc:
        return ""
    parts = []
    for document, places in list(by_doc.items())[:max_documents]:
        shown = list(places.values())
        parts.append(f"{document} {'、'.join(shown[:max_places])}{'等' if len(shown) > max_places else ''}")
    return "来源：" + "；".join(parts) + ("等" if len(by_doc) > max_documents else "")
