"""A composed answer made into the reply, with what the conversation knows after it (its Context)."""

from __future__ import annotations

from dataclasses import replace

from nlu.context import Context
from nlu.intents import Intent
from nlu.understand import Parse

from .lookup import DocIndex
from .reply import Answer, Reply

QUOTED_CONFIDENCE = 0.6  # a sentence found by its words: likely, not certain, the answer
BORROWED_CONFIDENCE = 0.7  # said of a nearby subject, and so said: not the figure or fact asked for


def finish(answer: Answer, parse: Parse, context: Context, doc: DocIndex, year: int | None) -> Reply:
    if answer.quoted:  # the document's own sentence, found by its words
        parse = replace(parse, confidence=min(parse.confidence, QUOTED_CONFIDENCE))
    if answer.borrowed:
        parse = replace(parse, confidence=min(parse.confidence, BORROWED_CONFIDENCE))
    subject = answer.subject or (parse.subjects[0] if parse.subjects else context.subject)
    earlier = context.subject if context.subject not in (None, subject) else context.earlier
    other = context.department if context.department not in (None, doc.info.department) else (
        parse.others[0] if parse.others else None)
    new_context = Context(
        department=doc.info.department, year=year if parse.year or parse.year_offset is not None else None,
        kind=doc.info.kind, subject=subject, earlier=earlier, other=other,
        units=(*context.units[-1:], answer.unit) if answer.unit else (),
        intent=Intent.AMOUNT if parse.intent in (Intent.COMPARE, Intent.SUM) else parse.intent,
        turns=context.turns + 1,
    )
    return Reply(
        answer=answer.text, intent=parse.intent, confidence=parse.confidence,
        sources=tuple(dict.fromkeys(answer.sources)), suggestions=tuple(answer.suggestions), context=new_context,
        chart=answer.chart,
    )


def reply_of(text: str, parse: Parse, context: Context, confidence: float, *, suggestions=(), department=None,
           year=None, subject=None) -> Reply:
    new_context = replace(context, turns=context.turns + 1, choices=(), asked=None)
    if department:
        new_context = replace(new_context, department=department, subject=subject or context.subject)
    if year:  # 2025年的预算出来了吗，多少钱: the next clause is about that year too
        new_context = replace(new_context, year=year)
    return Reply(answer=text, intent=parse.intent, confidence=min(confidence, parse.confidence or confidence),
                 suggestions=tuple(suggestions), context=new_context)
