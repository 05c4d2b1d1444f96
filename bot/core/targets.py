"""Performance targets (绩效目标): a named indicator's value and scoring rule, or the targets a
document sets."""

from __future__ import annotations

from knowledge.model import Indicator
from nlu.intents import Intent
from nlu.understand import Parse

from .figures import heading
from .lookup import DocIndex, Vocabulary
from .reply import Answer, Source


def target(parse: Parse, doc: DocIndex, vocab: Vocabulary, key: str) -> Answer:
    """The performance targets of a named indicator (满意度, 按时办结率)."""
    indicators = doc.indicators.get(key, []) or [i for k, items in doc.indicators.items() if key in k or k in key
                                                 for i in items]
    if not indicators:
        if parse.intent == Intent.TARGET:
            return targets(parse, doc)
        return Answer("", found=False, subject=key)  # tried as a fallback: only a named indicator will do
    return _targets(doc, indicators, subject=key)


def indicator_named(doc: DocIndex, phrases: tuple[str, ...]) -> str | None:
    """The performance indicator whose name holds what was asked (蓝天保卫战负面清单 in 年度报送“蓝天保卫战”
    办理问题负面清单…): its key, when it holds at least half of the asked pairs of characters, and
    clearly more than any other indicator."""
    pairs = {p[i : i + 2] for p in phrases for i in range(len(p) - 1)}
    if len(pairs) < 2:
        return None  # 人员 alone is in too many names to tell one
    scores = sorted(((sum(pair in key for pair in pairs) / len(pairs), key) for key in doc.indicators), reverse=True)
    if scores and scores[0][0] >= 0.5 and (len(scores) == 1 or scores[0][0] - scores[1][0] >= 0.15):
        return scores[0][1]
    return None


def targets(parse: Parse, doc: DocIndex) -> Answer:
    """项目支出绩效目标: the performance targets the document sets, whatever they are filed under."""
    indicators = [i for items in doc.indicators.values() for i in items][:6]
    if not indicators:
        return Answer(f"{doc.title}没有绩效指标。", found=False)
    return _targets(doc, indicators)


def _targets(doc: DocIndex, indicators: list[Indicator], subject: str | None = None) -> Answer:
    pieces = []
    sources = []
    for indicator in indicators[:6]:
        sign = indicator.kind if indicator.kind in ("≥", "≤", ">", "<") else ""
        value = indicator.value
        piece = f"{indicator.name}：{'' if value.startswith(('≥', '≤', '>', '<', '=')) else sign}{value}"
        if indicator.unit and indicator.unit not in indicator.value and indicator.unit != "百分比":
            piece += indicator.unit
        if indicator.content and indicator.content != indicator.value:
            piece += f"（{indicator.content}）"
        pieces.append(piece)
        if indicator.table in doc.tables:
            table = doc.table_source(indicator.table)
            sources.append(Source(table.document, table.place, indicator.project, indicator.level2 or indicator.level1,
                                  table=table.table, page=table.page))
    if len(indicators) == 1 and indicators[0].rule:
        pieces[0] += f"；评分标准：{indicators[0].rule}"
    return Answer(f"{heading(doc)}绩效目标——" + "；".join(pieces) + "。", sources[:3], subject=subject)
