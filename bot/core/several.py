"""Questions naming several subjects: the names that only say where (一般公共预算基本支出中水费和电费合计),
and those asked of each subject in turn — what each is, whether each is there, each one's share."""

from __future__ import annotations

import re
from collections.abc import Callable

from nlu.intents import Intent
from nlu.understand import Parse

from . import derived, figures, words
from .lookup import DocIndex, Vocabulary
from .reply import Answer

WITHIN = re.compile(r"中|里")  # 一般公共预算基本支出中…: the names before say where
EACH = re.compile(r"分别|各")


def asked(parse: Parse, doc: DocIndex, vocab: Vocabulary, keys: tuple[str, ...]) -> tuple[str, ...]:
    """The subjects asked, of those named: in a sum, not the sources of funds or tables the others stand
    within (一般公共预算, 基本支出); in a question of one part, not its whole (政府采购中工程类多少)."""
    summed = any(w in parse.question for w in derived.SUM_WORDS)
    # …基本支出经济分类中30302退休费是多少: one item, where the names before it say
    if len(keys) > 2 and summed or len(keys) > 1 and parse.intent == Intent.AMOUNT and WITHIN.search(parse.wording):
        scopes = {k for k in keys if k in figures.FUNDING_SCOPES and WITHIN.search(parse.wording)}
        rest = [k for k in keys if k not in scopes]
        scopes |= {k for k in rest if all(any(doc.stands_within(f, k) for f in doc.amounts(o)) for o in rest if o != k)}
        keys = tuple(k for k in keys if k not in scopes) if len(keys) - len(scopes) >= (2 if summed else 1) else keys
    if EACH.search(parse.wording) and parse.intent == Intent.SHARE and len(keys) > 2:
        wholes = {figures.whole_of(k, vocab) for k in keys}  # 基本支出和项目支出分别占总支出: 支出预算 is the whole
        keys = tuple(k for k in keys if k not in wholes) or keys
    return keys


def each(parse: Parse, doc: DocIndex, vocab: Vocabulary, keys: tuple[str, ...],
         single: Callable[[Intent, str], Answer]) -> Answer | None:
    """基本支出和项目支出有啥区别 / 有没有A或者B / A和B分别占总支出多少: the answer of each, together; `single`
    answers one subject with an intent."""
    if len(keys) < 2:
        return None
    if parse.intent == Intent.DEFINITION:
        said = [a for a in (words.definition(parse, doc, vocab, k) for k in keys[:3]) if a.found]
    elif parse.intent == Intent.YESNO and not any(r.search(parse.wording)
                                                  for r in (derived.MORE, derived.LESS, derived.SAME)):
        said = [single(Intent.YESNO, k) for k in keys]
    elif parse.intent == Intent.SHARE and EACH.search(parse.wording):
        said = [derived.share(parse, doc, vocab, k) for k in keys]
    else:
        return derived.within_each(parse, doc, vocab, keys) if len(keys) > 2 else None
    if not any(a.found for a in said):
        return None
    return Answer("\n".join(a.text for a in said if a.found), [s for a in said for s in a.sources], subject=keys[0])
