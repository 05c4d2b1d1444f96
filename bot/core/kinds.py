"""预算 or 决算: which a question asks for, and the 年初预算 a 决算 states when its 预算 is asked."""

from __future__ import annotations

import re

from knowledge.domain import Measure
from nlu.intents import Intent
from nlu.understand import Parse

from .desk import Desk
from .figures import subject_name
from .lookup import DocIndex
from .reply import Answer
from .wording import money


def budget_of_outturn(parse: Parse, doc: DocIndex, desk: Desk, asked_kind: str | None) -> Answer | None:
    """The 年初预算 a 决算 states for the subject, when its 预算 is asked for."""
    if asked_kind != "预算" or doc.info.kind != "决算" or parse.intent != Intent.AMOUNT or not parse.subjects:
        return None
    key = parse.subjects[0]
    budget, final = doc.stated(key, Measure.BUDGET), doc.stated(key, Measure.FINAL)
    if not budget:
        return None
    name = subject_name(key, doc, desk.vocab)
    text = f"{doc.info.department}{doc.info.year}年{name}年初预算{money(budget[0].value, budget[0].unit)}"
    if final:
        text += f"，决算{money(final[0].value, final[0].unit)}"
    return Answer(f"{text}（{doc.title}所列）。", [doc.fact_source(budget[0])], subject=key)


def asked_kind(wording: str) -> str | None:
    """决算 or 预算 when the question asks for one — not when it only compares with it (为什么比预算多)."""
    asked = KIND_COMPARED.sub("", wording)
    return "决算" if "决算" in asked else ("预算" if "预算" in asked else None)


# words naming a 预算 or 决算 to compare with, or a 决算's own budget figure (完成年初预算): no kind asked
KIND_COMPARED = re.compile(r"(?:比|较|与|和|跟|同|超过?|超出|低于|高于|少于|多于)(?:年初)?(?:预算|决算)数?"
                           r"|(?:年初|调整)预算数?|完成[^，。]{0,6}?预算")
