"""Replies that need no figure: greetings and help, asking back which department or subject is
meant, and saying a department is not held."""

from __future__ import annotations

from dataclasses import replace

from knowledge import query
from nlu.context import Context
from nlu.intents import Intent
from nlu.understand import Parse

from .desk import Desk
from .lookup import Vocabulary
from .registry import REGISTRY
from .reply import Reply
from .turns import reply_of

CHOICES_SHOWN = 10  # departments a reply offers to choose between
CHOICES_KEPT = 50  # of them, those the conversation keeps to narrow the answer by (广州的)


def fixed(parse: Parse, context: Context, desk: Desk) -> Reply:
    """Replies that need no document: greetings, help, and what to ask instead."""
    examples = list(desk.phrases.examples)
    template = REGISTRY[parse.intent].template or ""
    if parse.intent == Intent.UNKNOWN_DEPARTMENT:
        nearby = desk.library.nearby(parse.unknown or "")
        if parse.department:  # a unit of a department held: the department first
            nearby = [parse.department, *(d for d in nearby if d != parse.department)][: len(nearby) or 1]
        held = desk.phrases("held_nearby", names="、".join(nearby)) if nearby else desk.phrases(
            "held_count", count=str(desk.library.department_count()))
        asked = asked_subject(parse, desk.vocab)
        reply = reply_of(desk.phrases(template, name=parse.unknown or "", held=held), parse, context, 0.9,
                       suggestions=[f"{d}{asked}" for d in nearby[:3]] or examples[:3])
        # what follows (其中公务接待费呢) is about that department too, not the default one
        unknown = replace(reply.context, department=None, unknown=parse.unknown,
                          subject=parse.subjects[0] if parse.subjects else None, intent=None)
        return replace(reply, context=unknown)
    if parse.intent == Intent.CHOOSE_DEPARTMENT:
        shown = parse.choices[:CHOICES_SHOWN]  # 信访局 among thousands of departments: the first few
        asks = [f"{d}{asked_subject(parse, desk.vocab)}" for d in shown]
        choices = "、".join(shown) + (f"等{len(parse.choices)}个部门" if len(parse.choices) > len(shown) else "")
        reply = reply_of(desk.phrases(template, choices=choices), parse, context, 0.5, suggestions=asks)
        # the answer may be just the department (广州市信访局, 广州的): the question waits for it
        waiting = replace(reply.context, choices=parse.choices[:CHOICES_KEPT], asked=parse.asked,
                          subject=parse.subjects[0] if parse.subjects else None)
        return replace(reply, context=waiting)
    if parse.intent == Intent.CHOOSE_SUBJECT:
        names = [desk.vocab.display.get(k, k) for k in parse.choices]
        # the answer (公务接待费) is about the department the question named
        return reply_of(desk.phrases(template, choices="、".join(names)), parse, context, 0.4,
                        suggestions=[f"{n}是多少" for n in names], department=parse.department, year=parse.year)
    confidence = {Intent.EMPTY: 1.0, Intent.OUT_OF_SCOPE: 0.1}.get(parse.intent, 0.9)
    return reply_of(desk.phrases(template), parse, context, confidence, suggestions=examples)


def which_department(parse: Parse, context: Context, desk: Desk) -> Reply:
    """三公经费是多少, in a knowledge base of many departments and none preferred: which one? Those
    whose documents state the subject are offered."""
    key = parse.subjects[0] if parse.subjects else None
    stating = [info.department for info, _ in query.stated_by_department(desk.library.db, key)] if key else []
    choices = tuple(dict.fromkeys(stating)) or tuple(query.spread_departments(desk.library.db, CHOICES_KEPT))
    asking = replace(parse, intent=Intent.CHOOSE_DEPARTMENT, choices=choices, asked=parse.intent)
    return fixed(asking, context, desk)


def asked_subject(parse: Parse, vocab: Vocabulary) -> str:
    if parse.subjects:
        return vocab.display.get(parse.subjects[0], parse.subjects[0])
    return "预算"
