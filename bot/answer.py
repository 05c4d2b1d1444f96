"""From a parse to a reply: choose the document, the composer for the intent, and fall back well."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from nlu.context import Context
from nlu.understand import Parse

from . import compose as figures
from . import compose_lists as lists
from . import compose_text as words
from .compose import Answer, subject_name, with_sources
from .reply import Reply

if TYPE_CHECKING:
    from .engine import Engine

ACROSS = re.compile(r"哪个部门|哪个单位|哪家|各部门|各单位|所有部门|哪些部门")
FIXED = ("empty", "greeting", "thanks", "help", "about", "out_of_scope")
# what to try, in order, when the intent's own composer finds nothing for the subject
FALLBACKS = ("amount", "count", "target", "definition", "use")


def compose(parse: Parse, context: Context, engine: Engine) -> Reply:
    if parse.intent == "out_of_scope" and parse.keywords and parse.department:
        doc = engine.document(parse.department, None)
        quoted = words.passage(parse, doc) if doc else None
        if quoted and quoted.found:  # 深圳信访局固定资产总额: no subject known, but the text says it
            return _finish(quoted, replace(parse, confidence=0.5), context, engine, doc, None)
    if parse.intent in FIXED:
        return _fixed(parse, context, engine)
    if parse.intent == "unknown_department":
        text = engine.template("unknown_department", name=parse.unknown or "")
        return _reply(text, parse, context, 0.9, suggestions=engine.examples()[:3])
    if parse.intent == "choose_department":
        text = engine.template("choose_department", choices="、".join(parse.choices))
        asks = [f"{d}{_asked_subject(parse, engine)}" for d in parse.choices]
        return _reply(text, parse, context, 0.5, suggestions=asks)
    if parse.intent == "choose_subject":
        names = [engine.vocabulary.display.get(k, k) for k in parse.choices]
        text = engine.template("choose_subject", choices="、".join(names))
        return _reply(text, parse, context, 0.4, suggestions=[f"{n}是多少" for n in names])

    kind = "决算" if "决算" in parse.question else ("预算" if "预算" in parse.question else None)
    department = parse.department or engine.default_department
    latest = engine.document(department, None, kind=kind) if department else None
    if latest is None:
        return _reply(engine.template("out_of_scope"), parse, context, 0.1)
    year = parse.year
    if year is None and parse.year_offset is not None:
        year = latest.info.year + parse.year_offset
    doc = engine.document(department, year, kind=kind) if year else latest
    if doc is None:
        derived = _derived(parse, latest, engine, year)
        if derived:
            return _finish(derived, parse, context, engine, latest, year)
        years = "、".join(f"{y}年" for y in engine.years_of(department))
        text = engine.template("no_year", department=department, years=years, kind=latest.info.kind, year=str(year))
        return _reply(text, parse, context, 0.8, suggestions=[f"{latest.info.year}年{_asked_subject(parse, engine)}"])
    if parse.intent == "ranking" and parse.subjects and ACROSS.search(parse.question):
        docs = [engine.document(name, None) for name in dict.fromkeys(d.department for d in engine.documents)]
        answer = lists.ranking_departments(parse, [d for d in docs if d], engine.vocabulary, parse.subjects[0])
        if answer.found:
            return _finish(answer, parse, context, engine, doc, doc.info.year)
    if parse.others and parse.subjects:
        docs = [d for d in (engine.document(name, year, kind=kind) for name in (department, *parse.others)) if d]
        answer = figures.across_departments(parse, docs, engine.vocabulary, parse.subjects[0])
        if answer.found:
            return _finish(answer, parse, context, engine, doc, doc.info.year)
    answer = _answer(parse, doc, engine, context)
    if not answer.found:
        answer = words.passage(parse, doc)  # nothing structured: maybe the text says it
    if not answer.found:
        name = subject_name(parse.subjects[0], doc, engine.vocabulary) if parse.subjects else "这一项"
        text = answer.text or engine.template("not_stated", document=doc.title, subject=name, what=_what(parse.intent))
        suggestions = [f"{name}是多少", *engine.examples()[:2]] if parse.intent != "amount" else engine.examples()[:3]
        return _reply(text, parse, context, 0.3, department=department, year=doc.info.year,
                      subject=parse.subjects[0] if parse.subjects else None, suggestions=suggestions)
    return _finish(answer, parse, context, engine, doc, doc.info.year)


def _answer(parse: Parse, doc, engine: Engine, context: Context) -> Answer:
    vocab = engine.vocabulary
    keys = tuple(dict.fromkeys(_in_context(doc.resolve(k), doc, vocab, context) for k in parse.subjects))
    if parse.code and not keys:
        return words.code(parse, doc, vocab, parse.code)
    intent = parse.intent
    if intent == "table":
        number = parse.table if parse.table is not None else words.table_named(doc, parse.table_name or "")
        return words.table(parse, doc, number)
    if intent == "parent":
        return words.parent(parse, doc)
    if intent == "functions":
        return words.functions(parse, doc)
    if intent == "organisation":
        return words.organisation(parse, doc)
    if intent == "ranking":
        return lists.ranking(parse, doc, vocab, keys[0] if keys else None)
    if intent == "target" and not keys:
        return words.target(parse, doc, vocab, None)
    if intent == "definition" and not keys:
        return words.glossary(parse, doc)
    if not keys:
        return Answer("", found=False)
    if len(keys) > 1 and intent != "share" and not _listed(parse):  # 政府采购中工程类多少: the part is asked
        wholes = {figures.whole_of(k, vocab) for k in keys}
        keys = tuple(k for k in keys if k not in wholes) or keys
    if intent == "compare" and len(keys) > 1 or intent == "amount" and len(keys) > 1 and _listed(parse):
        return figures.compare(parse, doc, vocab, keys)
    if intent == "share":
        return figures.share(parse, doc, vocab, keys[0], keys[1] if len(keys) > 1 else None)
    key = keys[0]
    if intent == "compare":  # one subject left to compare (会议费预算和参会人数): its figures, counts too
        intent = "count" if doc.stated(key, "people", "count") else "amount"
    answer = _by_intent(intent, parse, doc, vocab, key)
    if not answer.found and intent in words.NEEDS and intent != "amount":
        # 为什么 / 用于 / 几个 about something the structured facts lack: the document's own sentence
        quoted = words.passage(parse, doc, (*parse.keywords, *(vocab.display.get(k, k) for k in keys)))
        if quoted.found:
            return quoted
    miss = answer.text if not answer.found else ""
    for fallback in FALLBACKS:
        if answer.found or fallback == intent:
            continue
        answer = _by_intent(fallback, parse, doc, vocab, key)
    if miss and answer.found:
        answer.text = f"{miss}{answer.text}"  # what was asked is not stated; say so, then what is
    return answer


def _in_context(key: str, doc, vocab, context: Context) -> str:
    """购置费 after 公务用车购置及运行费: a name the document lacks, read as the part of the
    conversation's subject that contains it."""
    if doc.knows(key) or not context.subject:
        return key
    near = [p for p in (context.subject, *vocab.compositions.get(context.subject, ())) if key in p and doc.knows(p)]
    return near[0] if len(near) == 1 else key


def _by_intent(intent: str, parse: Parse, doc, vocab, key: str) -> Answer:
    composers = {
        "amount": figures.amount,
        "compare": figures.amount,
        "change": figures.change,
        "completion": figures.completion,
        "breakdown": lists.breakdown,
        "count": figures.count,
        "yesno": figures.yesno,
        "reason": words.reason,
        "use": words.use,
        "definition": words.definition,
        "target": words.target,
    }
    composer = composers.get(intent, figures.amount)
    answer = composer(parse, doc, vocab, key)
    if intent == "breakdown" and not answer.found:
        answer = words.definition(parse, doc, vocab, key) if key in doc.terms else answer
    return answer


def _listed(parse: Parse) -> bool:
    return any(word in parse.question for word in ("和", "与", "以及", "、", "分别"))


def _derived(parse: Parse, latest, engine: Engine, year: int | None) -> Answer | None:
    if not parse.subjects or year is None or parse.intent not in ("amount", "compare", "change", "completion"):
        return None
    return figures.derived_year(parse, latest, engine.vocabulary, parse.subjects[0], year)


def _finish(answer: Answer, parse: Parse, context: Context, engine: Engine, doc, year: int | None) -> Reply:
    answer = with_sources(answer)
    subject = answer.subject or (parse.subjects[0] if parse.subjects else context.subject)
    new_context = Context(
        department=doc.info.department, year=year if parse.year or parse.year_offset is not None else None,
        kind=doc.info.kind, subject=subject, intent=parse.intent if parse.intent != "compare" else "amount",
        turns=context.turns + 1,
    )
    return Reply(
        answer=answer.text, intent=parse.intent, confidence=parse.confidence, sources=tuple(answer.sources),
        suggestions=tuple(answer.suggestions), context=new_context, chart=answer.chart,
    )


def _reply(text: str, parse: Parse, context: Context, confidence: float, *, suggestions=(), department=None,
           year=None, subject=None) -> Reply:
    new_context = replace(context, turns=context.turns + 1)
    if department:
        new_context = replace(new_context, department=department, subject=subject or context.subject)
    return Reply(answer=text, intent=parse.intent, confidence=min(confidence, parse.confidence or confidence),
                 suggestions=tuple(suggestions), context=new_context)


def _fixed(parse: Parse, context: Context, engine: Engine) -> Reply:
    if parse.intent == "empty":
        return _reply(engine.template("empty"), parse, context, 1.0, suggestions=engine.examples())
    text = engine.template(parse.intent)
    confidence = 0.1 if parse.intent == "out_of_scope" else 0.9
    return _reply(text, parse, context, confidence, suggestions=engine.examples())


def _asked_subject(parse: Parse, engine: Engine) -> str:
    if parse.subjects:
        return engine.vocabulary.display.get(parse.subjects[0], parse.subjects[0])
    return "预算"


def _what(intent: str) -> str:
    return {"change": "变化", "reason": "原因", "use": "用途", "definition": "解释", "count": "数量",
            "target": "绩效目标", "share": "占比", "breakdown": "明细",
            "completion": "预算完成情况"}.get(intent, "数字")
