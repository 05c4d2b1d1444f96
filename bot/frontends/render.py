"""Where an answer's figures stand, written for each medium: a plain-text line (terminal, WeChat),
HTML (Telegram). The widget renders the structured sources itself (static/widget.js)."""

from __future__ import annotations

from html import escape

from ..core.reply import Source


def place(source: Source, *, full: bool) -> str:
    """表7 …“30217 公务接待费”“合计”列 in full; 表7 or 六（二） by its number alone."""
    if not full:
        return source.place.split(" ")[0]
    text = source.place
    if source.row and not source.row.startswith(("合计", "总计")):
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
        text = place(source, full=not listed)
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
