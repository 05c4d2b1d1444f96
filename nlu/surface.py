"""What one question says by itself (nlu.understand then adds what the conversation supplies): the
year, the departments, a code or table, the subjects and their scope, the cue, the words no name explains."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from .context import Context
from .departments import in_order
from .framing import LEAD_IN, OURS, Departments, find_code, find_departments, find_table, find_year, mask
from .intents import Intent
from .matcher import Matcher, Mention
from .subjects import content_words, find_subjects, named_first, scope_of, unexplained

SHORTENED_BODY = re.compile(r"(?:局|委|办|厅|署|队|中心|委员会)$")
SAID_IN_NUMBERS = re.compile(r"[一二两三四五六七八九十百千万亿几多个半]+|万?元")  # 两个亿; 万元 of a quoted figure


@dataclass(frozen=True)
class Surface:
    """What one question says by itself, before the conversation fills in what it leaves out."""

    text: str
    year: int | None
    year_offset: int | None
    departments: Departments
    table: int | None
    code: str | None
    mentions: list[Mention]
    ties: tuple[str, ...]
    near: tuple[str, ...]
    scope: str | None
    intent: Intent | None
    keywords: tuple[str, ...]
    missing: tuple[str, ...]
    framing: list[tuple[int, int]]
    rest: str  # the text with departments, years, codes and subjects masked
    goes_on: bool = False  # its only name was the form of a question about the subject before (花多少钱)


def read_surface(text: str, context: Context, matcher: Matcher, *, default_department: str | None,
                 places: Mapping[str, bool], knows: Callable[[str | None, str], bool]) -> Surface:
    taken: list[tuple[int, int]] = []
    year, year_offset = find_year(text, taken, [(m.start, m.end) for m in matcher.subjects_in(text)])
    current = (context.department if context.turns else None) or default_department
    departments = find_departments(text, taken, matcher, places, context, current)
    table = find_table(text, taken)
    code = find_code(text, taken)
    framing = list(taken)  # department, year, code: what is left names the subject
    asked = departments.department or current
    found = find_subjects(text, taken, matcher, lambda key: knows(asked, key))
    mentions = named_first(text, found.mentions, matcher, has_code=code is not None)
    # 花多少钱 after 买几辆车: a name that is itself a question (it holds a cue) asks about the subject before
    goes_on = False
    asked_so = not departments.department and all(matcher.intents_in(text[m.start : m.end]) for m in mentions)
    if context.turns and context.subject and mentions and all(text[m.start : m.end] not in matcher.display
                                                              for m in mentions) and (year or year_offset or asked_so):
        # 上年预算是多少 after 三公经费, 花多少钱 after 买几辆车: the form of the question, not a subject
        spans = {(m.start, m.end) for m in mentions}
        taken, mentions, goes_on = [span for span in taken if span not in spans], [], True
    # 水利工程建设花多少钱: a name that is itself a question (花多少钱) beside a name is only its form
    forms = [m for m in mentions if text[m.start : m.end] not in matcher.display and matcher.intents_in(
        text[m.start : m.end])]
    if forms and len(forms) < len(mentions):
        spans = {(m.start, m.end) for m in forms}
        taken, mentions = [span for span in taken if span not in spans], [m for m in mentions if m not in forms]
    mentions, scope = scope_of(text, mentions, matcher.parts)
    # 财政拨款收支总表中，国有资本经营预算拨款收入: a table's name only says where the subject asked stands
    tables = [(t.start(), t.end()) for t in TABLE_NAMED.finditer(text)]
    in_tables = [m for m in mentions if any(start <= m.start and m.end <= end for start, end in tables)
                 or TABLE_AFTER.match(text, m.end)]  # 三公经费表和基本支出表里: both name tables
    if in_tables and len(in_tables) < len(mentions) and not scope:
        spans = {(m.start, m.end) for m in in_tables}
        taken, mentions = [span for span in taken if span not in spans], [m for m in mentions if m not in in_tables]
    # 有公车吗: the cue 有…吗 around a name; 基本支出明细里: no 明细 asked
    cues = matcher.intents_in(mask(text, taken + tables).replace("，", ""))
    fillers = matcher.lexicon.fillers
    missing = () if found.ties else tuple(
        phrase for phrase in unexplained(mask(text, taken), matcher, fillers)
        if not SAID_IN_NUMBERS.fullmatch(phrase)  # 少了两个亿: a figure said in words
        and not (asked and in_order(phrase.lstrip("那"), asked))  # 上海文旅; 中心 of 中心整体绩效目标
    )
    if not (departments.department or departments.choices or departments.unknown):
        departments, missing = _shortened_department(missing, matcher, departments)
    if len(mentions) == 1 and not scope and missing and _asked_within(text, mentions[0], missing):
        # 信访大厅运行项目里，大厅律师服务安排了多少: the words after it are asked, within the name
        scope, mentions = mentions[0].target, []
    keywords = content_words(mask(text, framing), matcher, fillers)
    return Surface(text, year, year_offset, departments, table, code, mentions, found.ties, found.near, scope,
                   cues[0][0] if cues else None, keywords, missing, framing, mask(text, taken), goes_on)


TABLE_AFTER = re.compile(r"表(?:[中里内和与及、，,：:\d]|$)")
TABLE_NAMED = re.compile(r"(?:(?![在和与的及])[\u4e00-\u9fff“”]){2,20}?(?:表|明细)(?=[中里内，,：:\d])")


def _asked_within(text: str, mention: Mention, missing: tuple[str, ...]) -> bool:
    """Whether 里/中 follows the name (and its 项目) and words no name explains come after it."""
    after = re.match(r"(?:项目|经费|支出)?(?:里面|里|中|当中)[，,]?", text[mention.end :])
    return bool(after) and any(len(phrase) >= 3 and text.find(phrase, mention.end + after.end()) >= 0
                               for phrase in missing)  # (哪个明细科目最高: 科目 is no name of its own)


def _shortened_department(missing: tuple[str, ...], matcher: Matcher,
                          departments: Departments) -> tuple[Departments, tuple[str, ...]]:
    """卫健委三公经费: a body named by a shortening and no place — the departments it shortens (one, or
    several to choose between), or, when it shortens none, a body the knowledge base does not hold."""
    for phrase in missing:
        body = LEAD_IN.sub("", phrase)  # 除了转办: a verb after 除了, no body
        if 3 <= len(body) <= 6 and SHORTENED_BODY.search(body) and not OURS.match(body):  # 你们中心
            fits = matcher.department_lookup.in_order(body)
            rest = tuple(p for p in missing if p != phrase)
            if len(fits) == 1:
                return Departments(fits[0]), rest
            return (Departments(choices=tuple(fits)) if fits else Departments(unknown=body)), rest
    return departments, missing
