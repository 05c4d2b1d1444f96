"""From a question (and the conversation so far) to a `Parse`: intent, department, year, subjects.

The question is read in layers: what frames it (year, department, 科目 code, table — nlu.framing),
what it asks about (subjects, the scope they stand within, the words no known name explains —
nlu.subjects), how it asks (cue words of data/lexicon/intents.toml), then what the conversation
supplies (the subject of 比上年呢, the department of 其中公务接待费呢).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass

from .context import Context
from .departments import in_order
from .framing import Departments, mask
from .intents import SOCIAL, Intent
from .matcher import Matcher
from .normalize import normalize
from .rereading import COMPARED_WITH, POINTED, reread, shortened, side_by_side
from .surface import Surface, read_surface

TABLE_NAME = re.compile(r"([\u4e00-\u9fff]{2,24}表)(?:是什么|有哪些内容|内容)?$")
FOLLOWUP = re.compile(r"(?:呢|那|其中|这个|这是|它|这项|该项|那么)")
INSIDE = re.compile(r"(?:里|中|当中|之中|里面)")
# asked with no subject (为什么预算增加了 / 一共多少), these are about the department's budget as a whole
ASKED_OF_THE_WHOLE = (Intent.AMOUNT, Intent.CHANGE, Intent.REASON, Intent.SHARE, Intent.COMPARE, Intent.COMPLETION,
                      Intent.FUNDING, Intent.USE)
WHOLE = "收入预算"
COLUMNS = ("基本支出", "项目支出")  # the columns a row of the economic classification is split into
WHOLE_SPENT = "支出预算"
WITHIN_IT = re.compile(r"^(?:里|中|里面|当中)的?(?:呢|是多少|多少)?$")  # 基本支出里的呢: the last subject within it
# how the shortening of a body's name ends, said without a place (卫健委, 发改委, 住建局) — not 晚会 or 协会


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
    asked: Intent | None = None  # what a question answered by a choice of department asks (AMOUNT…)
    others: tuple[str, ...] = ()  # further departments named, to compare with `department`
    code: str | None = None
    table: int | None = None  # 表7
    table_name: str | None = None  # 财政拨款收支总表
    confidence: float = 0.0
    keywords: tuple[str, ...] = ()  # content words beside department, year and cues, for a text search
    scope: str | None = None  # 基本支出里的办公费: the subject key the asked one stands within
    missing: tuple[str, ...] = ()  # content words that no known name explains: 在编人员
    near: tuple[str, ...] = ()  # known subject keys near the words asked, to offer instead
    year_carried: bool = False  # the year comes from the conversation, not from this question
    subject_carried: bool = False  # the subject comes from the conversation, not from this question
    rest: str | None = None  # the question with the names it gives masked: where cue words are read

    @property
    def wording(self) -> str:
        """What to look for cue words in (预算/决算, 几倍, 一共…): not inside a name (一般公共预算拨款)."""
        return self.question if self.rest is None else self.rest


def understand(
    question: str,
    context: Context,
    matcher: Matcher,
    *,
    default_department: str | None,
    places: Mapping[str, bool],
    knows: Callable[[str | None, str], bool] = lambda department, key: True,
    following: Collection[Intent] = frozenset(),
    continues: bool = False,
) -> Parse:
    """`places` maps a place name (北京, 长沙…) to whether some known department is there;
    `knows(department, key)` whether that department's document states the subject, so that of two
    near names the one the document has is taken; `following` are the kinds of question that, asked
    without a subject (比上年呢, 为什么增加, 占多少), are about the conversation's subject; `continues` that the
    question is a clause going on from the one before (买几辆车，花多少钱: the cars' cost)."""
    text = normalize(question)
    if not text:
        return Parse(question=text, intent=Intent.EMPTY, confidence=1.0)
    said = read_surface(text, context, matcher, default_department=default_department, places=places, knows=knows)
    return _conclude(said, context, matcher, default_department, following, continues)


def _conclude(said: Surface, context: Context, matcher: Matcher, default_department: str | None,
              following: Collection[Intent], continues: bool = False) -> Parse:
    text, named = said.text, said.departments
    subjects = tuple(dict.fromkeys(m.target for m in said.mentions))
    intent = said.intent
    confidence = min((m.score for m in said.mentions), default=100.0) / 100
    ties = _ties(said, subjects, intent)
    sibling = _sibling(ties, context, matcher)
    if sibling:  # 公务用车购置费多少 / 运行维护费呢: the other part of the same whole
        ties, subjects = (), (sibling,)
    if ties:  # the department named stays the conversation's for the answer to come
        return Parse(text, Intent.CHOOSE_SUBJECT, choices=ties, confidence=0.4, department=named.department,
                     year=said.year)
    subjects, intent = reread(said, subjects, intent, context, matcher, continues)
    subjects = shortened(subjects, context, matcher.parts)
    if intent in SOCIAL and not subjects and not said.code:
        return Parse(text, intent, confidence=0.9)
    followup = continues or said.goes_on or bool(FOLLOWUP.search(text))
    year_named = said.year is not None or said.year_offset is not None  # 2023年的 asks the same again
    unknown = named.unknown or _still_unknown(named, context, followup or year_named or intent in following)
    if unknown:
        return Parse(text, Intent.UNKNOWN_DEPARTMENT, unknown=unknown, subjects=subjects, confidence=0.9,
                     asked=intent, keywords=said.keywords, department=named.department)
    named, subjects, intent, refused = _which_department(said, named, subjects, intent, context)
    if refused:
        return refused

    asked = subjects
    subjects, intent, followup, scope = _carry(said, subjects, intent, followup, year_named, context, following)
    if (intent == Intent.SHARE and len(subjects) == 1 and context.turns and context.subject
            and _part_of(subjects[0], context.subject, matcher.parts)):
        subjects = (subjects[0], context.subject)  # 三公经费多少 / 公务用车运行费占多少: a share of 三公
    department, year, carried = _department_and_year(said, named, context, default_department, followup, intent)
    if said.table is not None and not subjects:
        return Parse(text, Intent.TABLE, department=department, year=year, table=said.table, confidence=0.9)
    named_table = TABLE_NAME.search(mask(text, said.framing))
    if named_table and len(subjects) <= 2 and intent in (None, Intent.AMOUNT, Intent.DEFINITION, Intent.BREAKDOWN):
        return Parse(text, Intent.TABLE, department=department, year=year, table_name=named_table.group(1),
                     confidence=0.8)
    if intent is None:
        return Parse(text, Intent.OUT_OF_SCOPE, department=department, confidence=0.1, keywords=said.keywords,
                     missing=said.missing, near=said.near)
    pointing_at_nothing = intent == Intent.USE and POINTED.search(text)  # 这笔钱干嘛用, with nothing before it
    if not subjects and not said.code and intent in ASKED_OF_THE_WHOLE and not said.missing and not pointing_at_nothing:
        # 为什么预算增加了 / 一共多少: the department's budget as a whole; 钱主要花在哪: its spending
        whole = WHOLE_SPENT if intent == Intent.USE else WHOLE
        subjects = (whole,) if matcher.display.get(whole) else ()
        confidence = min(confidence, 0.7)
    if said.missing and not subjects and not said.code:
        confidence = 0.3  # 在编人员有多少: something the knowledge base does not name
    others, subjects, intent = side_by_side(text, intent, named, context, subjects, bool(subjects) and not asked)
    # 为什么上年这个科目是0: last year as the comparison the document states, not a document asked for
    offset = None if intent == Intent.REASON and subjects and said.year is None else said.year_offset
    return Parse(
        text, intent, subjects, department, year, offset, code=said.code, others=others,
        confidence=confidence if subjects or said.code else min(confidence, 0.75), keywords=said.keywords,
        scope=scope, missing=said.missing, near=said.near, year_carried=carried,
        subject_carried=bool(subjects) and not asked, rest=said.rest,
    )


def _which_department(said: Surface, named: Departments, subjects: tuple[str, ...], intent: Intent | None,
                      context: Context) -> tuple[Departments, tuple[str, ...], Intent | None, Parse | None]:
    """The department asked about, with the subjects and intent that go with it — or the reply that asks
    which one is meant (or says nothing was asked)."""
    text = said.text
    chosen = _chosen(named, context) if not subjects and not said.code else None
    if chosen:  # 广州的(，为啥涨了), after 请问您指的是哪一个: the question waiting for that choice, about it
        named, subjects, intent = chosen, (context.subject,) if context.subject else (), intent or context.asked
    elif (not subjects and not said.code and intent is None and not said.missing and context.subject
          and context.intent and context.department and (named.department == context.department
                                      or context.department in named.choices)):
        # 上海的, after an answer about 上海市戒毒康复中心: yes, that one — the same question
        named, subjects, intent = Departments(context.department), (context.subject,), Intent(context.intent)
    if context.choices and not named.department and not named.choices and subjects:
        named = Departments(choices=context.choices)  # 机关运行经费呢 before choosing: still which one?
    if named.choices and intent is None and not subjects:
        if not (context.turns and context.subject and context.intent and FOLLOWUP.search(text)):
            # 明天上海会下雨吗: a place, and nothing asked
            return named, subjects, intent, Parse(text, Intent.OUT_OF_SCOPE, confidence=0.1)
        subjects, intent = (context.subject,), Intent(context.intent)  # 那广州的呢: which of its departments?
    if named.choices:
        return named, subjects, intent, Parse(text, Intent.CHOOSE_DEPARTMENT, subjects=subjects,
                                              choices=named.choices, confidence=0.5, asked=intent or Intent.AMOUNT)
    return named, subjects, intent, None


def _ties(said: Surface, subjects: tuple[str, ...], intent: Intent | None) -> tuple[str, ...]:
    """Names the question fits equally, to choose between — or 公务费, a shortening of several names (holding
    every word asked: 轨道交通12号线 is no shortening of 轨道交通管理)."""
    shortened = [k for k in said.near if not subjects and intent and said.missing
                 and all(in_order(m, k) for m in said.missing)]
    return said.ties or (tuple(shortened) if len(shortened) > 1 else ())


def _sibling(ties: tuple[str, ...], context: Context, matcher: Matcher) -> str | None:
    """Of names equally near, the one that is another part of the whole the conversation's subject is a
    part of."""
    if not ties or not context.turns or not context.subject:
        return None
    wholes = [parts for parts in matcher.parts.values() if context.subject in parts]
    siblings = [t for t in ties if t != context.subject and any(t in parts for parts in wholes)]
    return siblings[0] if len(siblings) == 1 else None


def _department_and_year(said: Surface, named: Departments, context: Context, default_department: str | None,
                         followup: bool, intent: Intent | None) -> tuple[str | None, int | None, bool]:
    """The department asked about (named, else the conversation's, else the default) and the year, with
    whether the year comes from the conversation."""
    department, year = named.department, said.year
    if department is not None:
        return department, year, False
    department = context.department if context.turns and context.department else default_department
    # 那去年呢 / 其中公务用车呢: the same year again — but 比上年呢 asks about the latest change
    if (year is None and said.year_offset is None and followup and context.year
            and context.department == department and intent not in (Intent.CHANGE, Intent.REASON)):
        return department, context.year, True
    return department, year, False


def _chosen(named: Departments, context: Context) -> Departments | None:
    """The department that answers last turn's 请问您指的是哪一个: the one named (广州市信访局), or those
    offered that are in the place named (广州) — one, or fewer to choose between."""
    if not context.asked:
        return None
    if named.department:
        return Departments(named.department)  # whichever department the answer names
    fits = tuple(d for d in named.choices if d in context.choices)
    if not fits:
        return None
    return Departments(fits[0]) if len(fits) == 1 else Departments(choices=fits)


def _still_unknown(named: Departments, context: Context, carries_on: bool) -> str | None:
    """A follow-up (其中公务接待费呢) after a department the knowledge base does not hold is about it too."""
    if named.department or named.choices or not context.turns or not context.unknown:
        return None
    return context.unknown if carries_on else None


def _part_of(part: str, whole: str, parts: Mapping[str, tuple[str, ...]]) -> bool:
    """Whether `part` is among the parts of `whole`, or of its parts (公务用车运行费 of “三公”经费)."""
    inner = parts.get(whole, ())
    return part in inner or any(_part_of(part, p, parts) for p in inner)


def _carry(said: Surface, subjects: tuple[str, ...], intent: Intent | None, followup: bool, year_named: bool,
           context: Context, following: Collection[Intent]):
    """What the conversation supplies: the subject of 比上年呢 / 为什么增加 / 那2023年呢 / 占基本支出多少,
    the intent of 其中公务接待费呢, the scope of 其中办公费呢. Returns (subjects, intent, followup, scope)."""
    text, mentions, scope = said.text, said.mentions, said.scope
    same_conversation = context.turns > 0
    # 热线中心有多少人 after 住房公积金多少: a question naming its department afresh starts anew
    # 比北京市审计局多几辆 / 审计局比统计局多多少: two departments side by side, on the subject so far
    side_by_side = bool(said.departments.others or COMPARED_WITH.match(text) and said.departments.department)
    fresh = said.departments.department is not None and not followup and not side_by_side
    if not subjects and not said.code and same_conversation and context.subject and not fresh:
        if intent in following or followup or year_named or side_by_side:
            subjects, followup = (context.subject,), True
    if (intent == Intent.SHARE and len(subjects) == 1 and same_conversation and context.subject
            and context.subject != subjects[0] and re.match(r"^(?:那|那么|其中)?(?:它|这项|这个|这)?占", text)):
        subjects, followup = (context.subject, subjects[0]), True
    elif (intent == Intent.SHARE and len(subjects) == 1 and same_conversation and context.subject
            and context.subject != subjects[0] and text.startswith("其中")):
        subjects, followup = (subjects[0], context.subject), True  # 项目支出多少 / 其中综合管理占多少: of 项目支出
    inside = INSIDE.search(text)
    named_apart = len(subjects) == 2 and len(mentions) == 2 and inside is not None
    if intent == Intent.SHARE and named_apart and mentions[0].start < inside.start() < mentions[1].start:
        subjects = (subjects[1], subjects[0])  # 政府采购里服务类占多少: the part is named second
    if (intent == Intent.COMPARE and len(subjects) == 1 and same_conversation and COMPARED_WITH.match(text)
            and context.subject not in (None, *subjects)):
        subjects = (context.subject, subjects[0])  # 公务用车购置及运行费多少 / 跟公务接待费比差多少
    if intent == Intent.SUM and len(subjects) == 1 and same_conversation and context.subject not in (None, *subjects):
        subjects = (context.subject, subjects[0])  # 基本工资多少 / 加上绩效工资一共多少
    if intent in (Intent.SUM, Intent.COMPARE) and not said.mentions and context.earlier and context.subject:
        subjects = (context.earlier, context.subject)  # 办公费多少 / 印刷费呢 / 两个加起来呢
    if intent == Intent.SHARE and scope and len(subjects) == 1:
        subjects, scope = (subjects[0], scope), None  # 基本支出里人员经费占多少: a share of the scope
    if (scope is None and len(subjects) == 1 and len(mentions) == 1 and same_conversation and context.subject
            and context.subject != subjects[0] and WITHIN_IT.search(text[mentions[0].end :])):
        subjects, scope, followup = (context.subject,), subjects[0], True  # 培训费多少 / 其中基本支出里的呢
    elif (scope is None and text.startswith("其中") and same_conversation and context.subject
            and subjects and context.subject not in subjects):
        scope = context.subject  # 基本支出多少 / 其中办公费呢: the part within the last subject
        if subjects[0] in COLUMNS and context.subject.endswith("费"):  # 劳务费合计多少，其中项目支出多少
            subjects, scope = (context.subject,), subjects[0]
    if intent is None:
        if year_named and context.intent in (Intent.REASON, Intent.USE):
            intent = Intent.AMOUNT  # 为什么增加 / 那2025年呢: that year's figure, not its reason
        elif followup and same_conversation and context.intent and context.intent not in SOCIAL:
            intent = Intent(context.intent)
        elif subjects or said.code:
            intent = Intent.AMOUNT
    return subjects, intent, followup, scope
