"""From a question (and the conversation so far) to a `Parse`: intent, department, year, subjects."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass

from .context import Context
from .intents import SOCIAL, Intent
from .matcher import Matcher, Mention
from .normalize import normalize

YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?:年度|年)?(?!\d)")
RELATIVE_YEAR = {"今年": 0, "本年度": 0, "本年": 0, "当年": 0, "去年": -1, "上年": -1, "上一年": -1,
                 "前年": -2, "明年": 1}
# 比去年 / 较上年 compare with last year; they do not ask about last year
COMPARED = re.compile(r"(?:比|较|与|和|跟|同)(?:去年|上年|上一年|(?:19|20)\d{2}年?)")
TABLE = re.compile(r"表\s*(\d{1,2})(?!\d)")
TABLE_NAME = re.compile(r"([\u4e00-\u9fff]{2,24}表)(?:是什么|有哪些内容|内容)?$")
# 功能科目 201…232 (类), 20103 (款), 2010350 (项); 经济科目 301…, 30101, 501…: 12345 is a hotline
CODE = re.compile(r"(?<!\d)([235]\d{2}|[235]\d{4}|2\d{6})(?!\d)")
PLACE_PREFIX = re.compile(r"([\u4e00-\u9fff]{2,4}?)[省市区县]$")
FOLLOWUP = re.compile(r"(?:呢|那|其中|这个|这是|它|这项|该项|那么)")
# the department the conversation is about, however the visitor names it
OURS = re.compile(r"^(?:你们|贵|本|我们|该|这个|这家)")
SURE = 90  # a near miss this close outweighs an exact two-character name


@dataclass(frozen=True)
class Parse:
    question: str  # the normalised question
    intent: Intent
    subjects: tuple[str, ...] = ()  # subject keys, in the order they are named
    department: str | None = None
    year: int | None = None  # None: the latest the knowledge base has
    year_offset: int | None = None  # 去年 = -1 relative to the department's latest year
    unknown: str | None = None  # a department or place named that the knowledge base does not hold
    choices: tuple[str, ...] = ()  # departments or subjects to choose between
    others: tuple[str, ...] = ()  # further departments named, to compare with `department`
    code: str | None = None
    table: int | None = None  # 表7
    table_name: str | None = None  # 财政拨款收支总表
    confidence: float = 0.0
    keywords: tuple[str, ...] = ()  # content words beside department, year and cues, for a text search


def understand(
    question: str,
    context: Context,
    matcher: Matcher,
    *,
    default_department: str | None,
    places: Mapping[str, bool],
    knows: Callable[[str | None, str], bool] = lambda department, key: True,
    following: Collection[Intent] = frozenset(),
) -> Parse:
    """`places` maps a place name (北京, 长沙…) to whether some known department is there;
    `knows(department, key)` whether that department's document states the subject, so that of two
    near names the one the document has is taken; `following` are the kinds of question that, asked
    without a subject (比上年呢, 为什么增加, 占多少), are about the conversation's subject."""
    text = normalize(question)
    if not text:
        return Parse(question=text, intent=Intent.EMPTY, confidence=1.0)
    taken: list[tuple[int, int]] = []

    year, year_offset = _year(text, taken, [(m.start, m.end) for m in matcher.subjects_in(text)])
    department, others, choices, unknown = _department(text, taken, matcher, places, context, default_department)
    table = TABLE.search(text)
    if table:
        taken.append(table.span())
    code = _code(text, taken)
    framing = list(taken)  # department, year, code: what is left names the subject
    asked = department or (context.department if context.turns else None) or default_department
    mentions, fuzzy_tie = _subjects(text, taken, matcher, lambda key: knows(asked, key))
    mentions = _named_first(text, mentions, matcher, has_code=code is not None)
    if context.turns and context.subject and mentions and all(text[m.start : m.end] not in matcher.display
                                                              for m in mentions) and (year or year_offset):
        mentions = []  # 上年预算是多少 after 三公经费: 预算 is the form of the question, not a new subject
    subjects = tuple(dict.fromkeys(m.target for m in mentions))
    residual = _mask(text, taken)
    cues = matcher.intents_in(residual.replace("，", ""))  # 有公车吗: the cue 有…吗 around a name
    keywords = _keywords(_mask(text, framing), cues, matcher)
    intent = cues[0][0] if cues else None
    followup = bool(FOLLOWUP.search(text))
    confidence = min((m.score for m in mentions), default=100.0) / 100

    if fuzzy_tie:
        return Parse(text, Intent.CHOOSE_SUBJECT, choices=fuzzy_tie, confidence=0.4)
    if intent == Intent.ABOUT and department:
        intent = Intent.ORGANISATION  # 信访局有哪些部门: its own units, not the knowledge base's
    if intent in SOCIAL and not subjects and not code:
        return Parse(text, intent, confidence=0.9)
    if unknown:
        return Parse(text, Intent.UNKNOWN_DEPARTMENT, unknown=unknown, subjects=subjects, confidence=0.9)
    if choices:
        return Parse(text, Intent.CHOOSE_DEPARTMENT, subjects=subjects, choices=choices, confidence=0.5)

    same_conversation = context.turns > 0
    year_named = year is not None or year_offset is not None  # 2023年的 asks the same again
    subjects, intent, followup = _carry(
        text, subjects, mentions, intent, followup, year_named, context, bool(code), following
    )
    if department is None:
        department = context.department if same_conversation and context.department else default_department
        if year is None and year_offset is None and followup and context.year and context.department == department:
            year = context.year
    if table and not subjects:
        return Parse(text, Intent.TABLE, department=department, year=year, table=int(table.group(1)),
                     confidence=0.9)
    named_table = TABLE_NAME.search(_mask(text, framing))
    if named_table and len(subjects) <= 2 and intent in (None, Intent.AMOUNT, Intent.DEFINITION,
                                                                Intent.BREAKDOWN):
        return Parse(text, Intent.TABLE, department=department, year=year, table_name=named_table.group(1),
                     confidence=0.8)
    if intent is None:
        return Parse(text, Intent.OUT_OF_SCOPE, department=department, confidence=0.1, keywords=keywords)
    if not subjects and not code and intent in WHOLE_BUDGET:
        # 为什么预算增加了 / 一共多少: the department's budget as a whole
        subjects = ("收入预算",) if matcher.display.get("收入预算") else ()
        confidence = min(confidence, 0.7)
    return Parse(
        text, intent, subjects, department, year, year_offset, code=code, others=others,
        confidence=confidence if subjects or code else 0.75, keywords=keywords,
    )


def _carry(text, subjects, mentions, intent, followup, year_named, context: Context, has_code: bool, following):
    """What the conversation supplies: the subject of 比上年呢 / 为什么增加 / 那2023年呢 / 占基本支出多少,
    the intent of 其中公务接待费呢. Returns (subjects, intent, followup)."""
    same_conversation = context.turns > 0
    if not subjects and not has_code and same_conversation and context.subject:
        if intent in following or followup or year_named:
            subjects, followup = (context.subject,), True
    if (intent == Intent.SHARE and len(subjects) == 1 and same_conversation and context.subject
            and context.subject != subjects[0] and re.match(r"^(?:那|那么|其中)?占", text)):
        subjects, followup = (context.subject, subjects[0]), True
    inside = re.search(r"(?:里|中|当中|之中|里面)", text)
    named_apart = len(subjects) == 2 and len(mentions) == 2 and inside is not None
    if intent == Intent.SHARE and named_apart and mentions[0].start < inside.start() < mentions[1].start:
        subjects = (subjects[1], subjects[0])  # 政府采购里服务类占多少: the part is named second
    if intent is None:
        if followup and same_conversation and context.intent and context.intent not in SOCIAL:
            intent = Intent(context.intent)
        elif subjects or has_code:
            intent = Intent.AMOUNT
    return subjects, intent, followup


# asked with no subject (为什么预算增加了 / 一共多少), these are about the department's budget as a whole
WHOLE_BUDGET = (Intent.AMOUNT, Intent.CHANGE, Intent.REASON, Intent.SHARE, Intent.COMPARE, Intent.COMPLETION)
STOPWORDS = {"多少", "什么", "哪些", "哪个", "怎么", "为什么", "是否", "请问", "一下", "麻烦", "这个", "那个", "多大",
             "几个", "有没有", "还是", "以及", "我们", "你们", "他们", "一共", "分别", "情况", "问题", "知道"}


def _keywords(text: str, cues, matcher: Matcher) -> tuple[str, ...]:
    """Words of two characters or more that are neither cue words nor stop words."""
    for _, _cue, start, end in cues:
        text = text[:start] + "，" * (end - start) + text[end:]
    words = [w for w in matcher.tokenizer.words(text) if len(w) >= 2 and re.fullmatch(r"[\u4e00-\u9fff\w]+", w)]
    return tuple(dict.fromkeys(w for w in words if w not in STOPWORDS and w not in matcher.cue_intent))


def _mask(text: str, taken: list[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in taken:
        chars[start:end] = "，" * (end - start)
    return "".join(chars)


def _free(start: int, end: int, taken: list[tuple[int, int]]) -> bool:
    return all(end <= s or start >= e for s, e in taken)


def _year(text: str, taken: list[tuple[int, int]], names: list[tuple[int, int]]) -> tuple[int | None, int | None]:
    """The year asked about: 2023年, or 去年 relative to the document — but not the 上年 of a
    comparison (较上年) nor of a name (上年结转)."""
    compared = [m.span() for m in COMPARED.finditer(text)] + names
    for m in YEAR.finditer(text):
        if not any(s <= m.start() < e for s, e in compared):
            taken.append(m.span())
            return int(m.group(1)), None
    for word, offset in RELATIVE_YEAR.items():
        i = text.find(word)
        if i >= 0 and not any(s <= i < e for s, e in compared) and _free(i, i + len(word), taken):
            taken.append((i, i + len(word)))
            return None, offset
    return None, None


def _department(text, taken, matcher: Matcher, places, context: Context, default_department: str | None = None):
    """(department, others, choices, unknown): the departments named, or several that fit one
    name (信访局), or one the knowledge base does not hold."""
    mentions = [(m, targets) for m, targets in matcher.departments_in(text) if _free(m.start, m.end, taken)]
    named: list[str] = []
    for mention, targets in mentions:
        taken.append((mention.start, mention.end))
        targets, unknown = _narrow(text, mention, targets, places, context)
        if unknown:
            return None, (), (), unknown
        if len(targets) > 1:
            return None, (), tuple(sorted(targets)), None
        named.extend(t for t in targets if t not in named)
    if named:
        return named[0], tuple(named[1:]), (), None
    without_subjects = _mask(text, taken + [(m.start, m.end) for m in matcher.subjects_in(text)])
    org = matcher.organisation.search(without_subjects)
    if org and OURS.match(org.group(0)):
        return None, (), (), None  # 你们中心: the department already being asked about
    if org:
        found = matcher.fuzzy_department(org.group(0))
        if found:
            taken.append(org.span())
            return found[0], (), (), None
        return None, (), (), org.group(0)
    for place, known in places.items():
        if place in text and not known:
            return None, (), (), place
        current = (context.department if context.turns else None) or default_department or ""
        if place in text and place not in current:
            # 广州三公经费, or 那广州的呢 after 长沙市信访局: that place's department (doing the same work)
            there = [d for d in matcher.departments if place in d]
            same = [d for d in there if matcher.own_part[d] == matcher.own_part.get(current)]
            pick = same or there
            if len(pick) == 1:
                return pick[0], (), (), None
            return None, (), tuple(sorted(pick)), None
    return None, (), (), None


def _narrow(text: str, mention: Mention, targets: set[str], places, context: Context):
    """The departments a mention can mean, given the places named before it and the conversation."""
    # 北京市财政局 is not 上海市普陀区财政局: a place named before the department must be in its name
    before = text[: mention.start]
    named_places = [p for p in places if re.search(f"{p}[省市区县]?$", before)]
    prefix = PLACE_PREFIX.search(before)
    if prefix:
        named_places.append(prefix.group(1))
    if named_places:
        targets = {t for t in targets if all(p in t for p in named_places)}
        if not targets:
            return set(), text[text.find(named_places[0]) : mention.end]
    if len(targets) > 1 and context.department in targets:
        targets = {context.department}
    return targets, None


def _code(text: str, taken: list[tuple[int, int]]) -> str | None:
    for m in CODE.finditer(text):
        if _free(m.start(), m.end(), taken) and text[m.end() : m.end() + 1] not in ("万", "元", "%", "辆", "人"):
            taken.append(m.span())
            return m.group(1)
    return None


def _subjects(
    text: str, taken: list[tuple[int, int]], matcher: Matcher, known: Callable[[str], bool]
) -> tuple[list[Mention], tuple[str, ...]]:
    """Exact mentions; failing those, the best near miss — or, when two subjects come equally
    near, no mention and the subjects to choose between. Names the department's document states
    come first: an exact name only another document has gives way to a near one this one has."""
    masked = _mask(text, taken)
    cues = [(start, end) for _, _, start, end in matcher.intents_in(masked)]
    exact = [
        m for m in matcher.subjects_in(masked)
        if _free(m.start, m.end, taken)
        # 预算 inside the cue 完成预算 or 预算数 is part of the question's form, not its subject
        and not any(s <= m.start and m.end <= e and e - s > m.end - m.start for s, e in cues)
    ]
    strong = [m for m in exact if m.end - m.start > 2 and known(m.target)]
    if strong:  # 会议费预算: a short colloquial 预算 beside a longer name is the question's form
        exact = [m for m in exact if m.end - m.start > 2 or masked[m.start : m.end] in matcher.display]
    residual = _mask(text, taken + [(m.start, m.end) for m in strong])
    for _, _cue, start, end in matcher.intents_in(residual):
        residual = residual[:start] + "，" * (end - start) + residual[end:]
    unexplained = re.sub(r"[^\u4e00-\u9fff]|的|是|了|吗|呢|请问|麻烦|一下|问下", "", residual)
    fuzzy = matcher.fuzzy_subjects(residual) if len(unexplained) >= 2 or not strong else []
    fuzzy.sort(key=lambda m: (not known(m.target), -m.score))
    sure = [m for m in fuzzy[:1] if m.score >= SURE and m.end - m.start > 2 and known(m.target)]
    if exact and (any(known(m.target) for m in exact) or sure or not any(known(f.target) for f in fuzzy)):
        # exact names, and a close longer one beside them: 政府菜购预算总额, 住房公基金 (not 基金)
        kept = [m for m in exact if m in strong or not any(_overlap(m, f) for f in sure)]
        found = sorted(kept + [f for f in sure if all(not _overlap(f, m) for m in kept)], key=lambda m: m.start)
        taken.extend((m.start, m.end) for m in found)
        return found, ()
    if not fuzzy:
        return [], ()
    best = fuzzy[0]
    rivals = [m for m in fuzzy[1:] if best.score - m.score < 3 and known(m.target) == known(best.target)]
    if rivals:
        return [], tuple(m.target for m in [best, *rivals])
    taken.append((best.start, best.end))
    return [best], ()


LISTED = re.compile(r"和|与|以及|、|分别|及其")


def _named_first(text: str, mentions: list[Mention], matcher: Matcher, *, has_code: bool) -> list[Mention]:
    """A colloquial alias (花多少钱, 预算) gives way to a name the documents print (会议费, 科目2010350)
    unless the question lists several things."""
    def printed(m: Mention) -> bool:
        return text[m.start : m.end] in matcher.display

    if has_code:
        return [m for m in mentions if printed(m)]
    if len(mentions) > 1 and not LISTED.search(text):
        return sorted(mentions, key=lambda m: not printed(m))
    return mentions


def _overlap(a: Mention, b: Mention) -> bool:
    return a.start < b.end and b.start < a.end
