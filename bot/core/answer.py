"""From a parse to a reply: choose the document, the composer the registry names, and fall back well."""

from __future__ import annotations

import re
from dataclasses import replace

from knowledge.domain import Measure
from nlu.context import Context
from nlu.intents import Intent
from nlu.understand import WHOLE, WHOLE_SPENT, Parse

from . import derived, figures, kinds, lists, several, targets, units, unnamed, words
from .asking import asked_subject, fixed, which_department
from .desk import Desk
from .figures import subject_name
from .lookup import DocIndex, Vocabulary
from .registry import FALLBACKS, REGISTRY
from .reply import Answer, Reply
from .turns import finish, reply_of

ACROSS = re.compile(r"哪个部门|哪个单位|哪家|各部门|各单位|所有部门|哪些部门")
# two subjects named together: 和 / 跟 / 加 (办公费加印刷费), not the 加 of 增加 or 追加
QUOTED_FIGURE = re.compile(r"(\d+\.\d+)\s*万")  # a figure the question quotes, to find its sentence by
LISTED = re.compile(r"和|与|以及|、|分别|跟|(?<![增追新参附添])加(?!班)")
ONE_PROJECT = re.compile(r"(?:这|那|该|此)(?:个|一)?项目")
YEAR_NUMBER = re.compile(r"(?:19|20)\d{2}")
# the figures last year had, derived from this year's and the stated change
CODE_WHOLES = frozenset({"基本支出", "项目支出", "支出预算", "收入预算", "一般公共预算", "一般公共预算拨款"})
FIGURES_ASKED = (Intent.AMOUNT, Intent.COUNT, Intent.CHANGE, Intent.SHARE, Intent.COMPARE)
DERIVABLE = (Intent.AMOUNT, Intent.COMPARE, Intent.CHANGE, Intent.COMPLETION)


def compose(parse: Parse, context: Context, desk: Desk) -> Reply:
    kind = REGISTRY[parse.intent]
    if parse.intent == Intent.OUT_OF_SCOPE and parse.keywords and parse.department:
        said = _said_in_text(parse, context, desk)
        if said:
            return said
    unit = _unit_asked(parse, context, desk) if parse.intent in (Intent.UNKNOWN_DEPARTMENT,
                                                                 Intent.CHOOSE_DEPARTMENT) else None
    if unit:
        return unit
    if kind.template:
        return fixed(parse, context, desk)

    asked_kind = kinds.asked_kind(parse.wording)
    department = parse.department or desk.library.default_department
    if department is None:
        return which_department(parse, context, desk)
    latest = desk.library.document(department, None, kind=asked_kind)
    if latest is None:
        return reply_of(desk.phrases("out_of_scope"), parse, context, 0.1)
    year = parse.year
    if year is None and parse.year_offset is not None:
        year = latest.info.year + parse.year_offset
    doc = desk.library.document(department, year, kind=asked_kind) if year else latest
    if doc is None:
        return _other_year(parse, context, desk, latest, year)
    answer = _across(parse, desk, doc, department, year, asked_kind)
    if answer is None and parse.missing and not parse.code and REGISTRY[parse.intent].subject:
        answer = unnamed.words_unnamed(parse, doc, desk.vocab, context)
    # a name only other documents have — unless the question names others this one has (一般公共预算…中办公费和印刷费)
    alien = parse.subjects[0] if parse.subjects and not parse.subject_carried and not any(
        doc.knows(doc.resolve(k)) for k in parse.subjects[1:]) else None
    if answer is None and alien and not doc.knows(doc.resolve(alien)) and not parse.code and not parse.scope:
        # 口岸管养工作经费: 工作经费 is only other documents' name; the words together are what to look for
        # (城市交通设施项目, near 城市公共设施 of another document: the words asked)
        named = desk.vocab.display.get(alien, alien)
        looked_for = (*parse.missing, named) if parse.missing else tuple(parse.keywords)
        found = unnamed.unnamed(replace(parse, subjects=(), missing=looked_for), doc, desk.vocab) if looked_for \
            else None
        answer = found if found and found.found else None
    carried = parse.subjects[0] if parse.subject_carried and parse.subjects else None
    if answer is None and carried and not doc.knows(doc.resolve(carried)) and not parse.code \
            and not targets.of_project(doc, carried):  # a project known by its performance form is known
        # 那这笔钱呢 after 固定资产多少: words the text was found by, no name the knowledge base has
        answer = unnamed.unnamed(replace(parse, subjects=(), missing=(carried,)), doc, desk.vocab)
    if answer is None and parse.intent in (Intent.AMOUNT, Intent.SUM, Intent.COMPARE):
        # two units of its budget, each and together — named, or the last two answered (两家差多少)
        answer = units.several_units(parse, doc, desk.vocab) or units.units_so_far(parse, doc, desk.vocab, context)
    if answer is None:
        answer = _answer(parse, doc, desk.vocab, context)
    if not answer.found and not answer.text:
        answer = words.passage(parse, doc)  # nothing structured: maybe the text says it
    if not answer.found:
        return _not_stated(parse, context, desk, doc, answer)
    budget = kinds.budget_of_outturn(parse, doc, desk, asked_kind)
    if budget:  # 三公经费预算多少, of a 决算 that states the year's 年初预算
        answer = budget
    elif asked_kind and asked_kind != doc.info.kind:  # 三公经费决算 where only the 预算 is held: say so
        answer.text = desk.phrases("other_kind", document=doc.title, asked=asked_kind, kind=doc.info.kind) + answer.text
        parse = replace(parse, confidence=min(parse.confidence, 0.7))
    return finish(answer, parse, context, doc, doc.info.year)


def _unit_asked(parse: Parse, context: Context, desk: Desk) -> Reply | None:
    """A body the knowledge base holds no document of, named as a unit a department lists: its figure there
    (杭州市西郊监狱的三公经费), or the question asked of that department (…法律援助项目…刑事案件多少件)."""
    unit = units.unit_within(parse, context, desk) if parse.intent == Intent.UNKNOWN_DEPARTMENT else None
    named = None if unit else units.unit_named(parse, desk)
    if unit or not named:
        return unit
    asked = parse.asked  # what the question asks, as the parse that named no department held it
    figure = units.unit_figure(parse, context, desk, named[0]) if asked in (None, Intent.AMOUNT, Intent.SUM) else None
    return figure or compose(replace(parse, intent=asked or Intent.AMOUNT, department=named[1], unknown=None,
                                     choices=()), context, desk)


def _said_in_text(parse: Parse, context: Context, desk: Desk) -> Reply | None:
    """固定资产总额 / 110、119也会并进来吗: no subject known, but a sentence holds the words or numbers."""
    doc = desk.library.document(parse.department, None)
    numbers = tuple(n for n in re.findall(r"\d{3,}", parse.wording) if not YEAR_NUMBER.fullmatch(n))
    quoted = words.passage(parse, doc, (*parse.keywords, *numbers), must=numbers) if doc else None
    return finish(quoted, replace(parse, confidence=0.5), context, doc, None) if quoted and quoted.found else None


def _across(parse: Parse, desk: Desk, doc: DocIndex, department: str, year: int | None,
            asked_kind: str | None) -> Answer | None:
    """One subject across departments: a ranking of all (哪个部门最多) or the ones named."""
    if not parse.subjects:
        return None
    if parse.intent == Intent.RANKING and ACROSS.search(parse.wording):
        answer = lists.ranking_departments(parse, desk.library, desk.vocab, parse.subjects[0])
        return answer if answer.found else None
    if parse.others:
        named = (desk.library.document(name, year, kind=asked_kind) for name in (department, *parse.others))
        answer = derived.across_departments(parse, [d for d in named if d], desk.vocab, parse.subjects[0])
        return answer if answer.found else None
    return None


def _answer(parse: Parse, doc: DocIndex, vocab: Vocabulary, context: Context) -> Answer:
    keys = tuple(dict.fromkeys(_in_context(doc.resolve(k), doc, vocab, context) for k in parse.subjects))
    kind = REGISTRY[parse.intent]
    if parse.code and (not keys or doc.codes.get(parse.code) and set(keys) <= CODE_WHOLES):
        return words.code(parse, doc, vocab, parse.code)  # 基本支出表里30217那一行: the code's row
    if kind.document and (not keys or kind.subject is None):
        return kind.document(parse, doc)
    if not keys:
        return Answer("", found=False)
    if len(keys) > 1 and parse.intent != Intent.SHARE and not _listed(parse):
        wholes = {figures.whole_of(k, vocab) for k in keys}  # 政府采购中工程类多少: the part is asked
        keys = tuple(k for k in keys if k not in wholes) or keys
        listed_units = [k for k in keys if k in doc.units]
        budget = units.unit_budget(doc, listed_units[0]) if len(listed_units) == 1 and \
            set(keys) - set(listed_units) <= units.UNIT_TOTALS else None
        if budget:  # 其中广州市气象台的收入预算: the unit's own row
            return budget
    keys = several.asked(parse, doc, vocab, keys)
    answered = several.each(parse, doc, vocab, keys,
                            lambda intent, key: _with_fallbacks(intent, parse, doc, vocab, key))
    if answered:  # 有啥区别 / 有没有A或者B / 分别占多少 / 在基本支出和项目支出里各是多少
        return answered
    if len(keys) > 1 and parse.intent == Intent.YESNO:
        return derived.comparison(parse, doc, vocab, keys)  # 培训费是不是比会议费多
    if len(keys) > 1 and (parse.intent in (Intent.COMPARE, Intent.SUM) or parse.intent == Intent.AMOUNT
                          and _listed(parse)):
        return derived.listing(parse, doc, vocab, keys)
    if parse.intent == Intent.SHARE:
        return derived.share(parse, doc, vocab, keys[0], keys[1] if len(keys) > 1 else None)
    intent = parse.intent
    if intent == Intent.SUM:
        intent = Intent.AMOUNT  # one subject to add up: its figure
    views = derived.two_views(parse, doc, vocab, keys[0]) if intent == Intent.COMPARE else None
    if views:  # 三公表里的公务接待费和基本支出表里的差多少: the subject's two figures
        return views
    if intent == Intent.COMPARE:  # one subject left to compare (会议费预算和参会人数): its figures, counts too
        intent = Intent.COUNT if doc.stated(keys[0], Measure.PEOPLE, Measure.COUNT) else Intent.AMOUNT
    return _with_fallbacks(intent, parse, doc, vocab, keys[0])



def _with_fallbacks(intent: Intent, parse: Parse, doc: DocIndex, vocab: Vocabulary, key: str) -> Answer:
    """The intent's own composer; when it finds nothing, the document's sentence about it, then what
    the document does state about the subject (its amount, count, target, definition, use)."""
    if intent == Intent.USE and key == WHOLE and doc.knows(WHOLE_SPENT):
        key = WHOLE_SPENT  # 预算多少？主要拿来干嘛: what the budget is spent on
    only = targets.only_project(doc) if key == "项目支出" and (
        intent == Intent.USE and ONE_PROJECT.search(parse.wording) or intent == Intent.BREAKDOWN
        and "项目" in parse.wording.replace("项目支出", "")) else None
    if only:  # 项目支出花在什么项目上 / 这个项目是干什么的 / 安排了哪个项目, of a department with one project
        return targets.goal(doc, only, spent=doc.amounts(key)[:1] if intent == Intent.BREAKDOWN else [])
    said = _figure_explained(parse, doc) if intent in (Intent.USE, Intent.REASON) else None
    if said:
        return said
    answer = _by_intent(intent, parse, doc, vocab, key)
    if not answer.found and intent == Intent.USE:  # 项目支出主要用于什么: its items, before a sentence
        answer = _by_intent(Intent.BREAKDOWN, parse, doc, vocab, key)
    if not answer.found and intent == Intent.USE:  # a project: what its performance goal says
        answer = targets.goal(doc, key)
    for other in doc.equivalents.get(key, ()) if not answer.found and intent == Intent.USE else ():
        # 政府性基金预算拨款收入: what 政府性基金 is used for, or what it is spent on
        answer = _by_intent(intent, parse, doc, vocab, other)
        answer = answer if answer.found else _by_intent(Intent.BREAKDOWN, parse, doc, vocab, other)
        if answer.found:
            break
    if not answer.found and intent in words.NEEDS and intent != Intent.AMOUNT:
        # 为什么 / 用于 / 几个 about something the structured facts lack: the document's own sentence
        # 工信产业发展专项资金——转型升级领域: the name's parts, as the text may write them apart
        parts = [p for p in re.split(r"[—\-－（）()、，]+", vocab.display.get(key, key)) if len(p) >= 2]
        quoted = words.passage(parse, doc, (*parse.keywords, *parts))
        if quoted.found:
            return quoted
    miss = answer.text if not answer.found else ""
    for fallback in FALLBACKS:
        if answer.found or fallback == intent:
            continue
        answer = _by_intent(fallback, parse, doc, vocab, key)
        if answer.found and fallback == Intent.DEFINITION and intent in FIGURES_ASKED and not miss:
            # 基本支出多少, of a document stating no such figure: say so before its glossary's words
            miss, answer.borrowed = f"{doc.title}没有列出“{subject_name(key, doc, vocab)}”的数字。名词解释——", True
    if miss and answer.found:
        answer.text = f"{miss}{answer.text}"  # what was asked is not stated; say so, then what is
        answer.borrowed = True
    return answer


def _figure_explained(parse: Parse, doc: DocIndex) -> Answer | None:
    """那笔0.64万元的一般公共服务支出是干什么的: the sentence saying what the figure quoted is for, or why."""
    figure = QUOTED_FIGURE.search(parse.question)
    if figure is None:
        return None
    said = doc.passage((*parse.keywords, figure.group(1)),
                       rf"{re.escape(figure.group(1))}\s*万元?[。，]?[^。；]{{0,24}}?(?:用于|原因|主要是|由于)",
                       must=(figure.group(1),))
    return words.quoted(doc, *said) if said else None


def _by_intent(intent: Intent, parse: Parse, doc: DocIndex, vocab: Vocabulary, key: str) -> Answer:
    if intent == Intent.BREAKDOWN and doc.stated(key, Measure.COUNT) or (
            intent == Intent.DEFINITION and doc.stated(key, Measure.COUNT) and key not in doc.terms):
        intent = Intent.COUNT  # 公车是什么类型的 / 都是什么车: the count, by kind
    composer = REGISTRY[intent].subject or figures.amount
    answer = composer(parse, doc, vocab, key)
    if intent == Intent.BREAKDOWN and not answer.found and key in doc.terms:
        answer = words.definition(parse, doc, vocab, key)
    return answer


def _in_context(key: str, doc: DocIndex, vocab: Vocabulary, context: Context) -> str:
    """购置费 after 公务用车购置及运行费: a name the document lacks, read as the part of the
    conversation's subject that contains it."""
    if doc.knows(key) or not context.subject:
        return key
    near = [p for p in (context.subject, *vocab.compositions.get(context.subject, ())) if key in p and doc.knows(p)]
    return near[0] if len(near) == 1 else key


def _listed(parse: Parse) -> bool:
    return bool(LISTED.search(parse.wording))


def _other_year(parse: Parse, context: Context, desk: Desk, latest: DocIndex, year: int | None) -> Reply:
    """A year the knowledge base has no document of: derived from the latest where it can be, else said so."""
    # 2025年三公经费决算 from a 2026 预算: the change it states is against a budget, so no 决算 is derived
    asks_outturn = "决算" in parse.wording and latest.info.kind != "决算"
    if parse.subjects and year is not None and parse.intent in DERIVABLE and not asks_outturn:
        before = derived.derived_year(parse, latest, desk.vocab, parse.subjects[0], year)
        if before:
            return finish(before, parse, context, latest, year)
    department = latest.info.department
    years = "、".join(f"{y}年" for y in desk.library.years_of(department))
    text = desk.phrases("no_year", department=department, years=years, kind=latest.info.kind, year=str(year))
    if parse.year_carried:  # 那去年呢 / 其中公务用车呢: that year is not held, so say so and answer the latest
        answer = _answer(replace(parse, year=None, year_carried=False), latest, desk.vocab, context)
        if answer.found:
            answer.text = f"{text}{latest.info.year}年：{answer.text}"
            return finish(answer, replace(parse, confidence=min(parse.confidence, 0.7)), context, latest,
                           latest.info.year)
    asked = f"{latest.info.year}年{asked_subject(parse, desk.vocab)}"
    # what follows (2026年呢 / 公务用车购置费呢) is about this department and subject
    subject = parse.subjects[0] if parse.subjects else None
    return reply_of(text, parse, context, 0.8, suggestions=[asked], department=department, subject=subject,
                    year=year)




def _not_stated(parse: Parse, context: Context, desk: Desk, doc: DocIndex, answer: Answer) -> Reply:
    """What the document does not state, said plainly, with what to ask instead."""
    missing = REGISTRY[parse.intent].missing
    examples = list(desk.phrases.examples)
    if parse.subjects:
        name = subject_name(parse.subjects[0], doc, desk.vocab)
        text = answer.text or desk.phrases("not_stated", document=doc.title, subject=name, what=missing)
        suggestions = [f"{name}是多少", *examples[:2]] if parse.intent != Intent.AMOUNT else examples[:3]
    else:
        text = answer.text or desk.phrases("not_found", document=doc.title, what=missing)
        suggestions = answer.suggestions or examples[:3]
    return reply_of(text, parse, context, 0.3, department=doc.info.department, year=doc.info.year,
                  subject=parse.subjects[0] if parse.subjects else None, suggestions=suggestions)


