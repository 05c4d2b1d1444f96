"""What a question asks, read again with its words around the cue: a project's use is no department's
duties, 安排了哪些项目 asks the projects, two figures quoted ask what each is, 和X局比呢 and 两家差多少 set
two departments side by side, and short names (购置费, 货物) stand for the parts they are of."""

from __future__ import annotations

import re
from collections.abc import Mapping

from .context import Context
from .framing import Departments
from .intents import Intent
from .matcher import Matcher
from .surface import Surface

PROJECTS = "项目支出"
PROJECTS_ASKED = re.compile(r"(?:哪个|哪些|哪几个|什么|几个|多少个)项目|项目(?:的|都)?(?:名称|名字|叫什么|叫啥)")
QUOTED_FIGURES = re.compile(r"\d+(?:\.\d+)?\s*万?元?.*\D\d+(?:\.\d+)?\s*万元?")  # two figures the question quotes
DIFFERING = re.compile(r"不一样|不同|不一致|差别|区别")  # 为什么0.9万跟1.9万不一样: the two figures, each what it is
DOES = re.compile(r"干(?:啥|什么|嘛)|做(?:啥|什么)")  # what a department does, not what money is for
WHOLES = frozenset({"收入预算", "支出预算"})  # 部门预算包括哪些下属单位: the budget's units, asked as such
OTHER_INCOME = re.compile(r"(?:除了|除去).*(?:收入|来源|钱)")
DIFFERENCE = re.compile(r"差多少|相差|差额|多多少|少多少")
COUNTED = re.compile(r"(?:多少|几)(?:名|个人|人|辆|台|家|套)")
HOW_MANY = re.compile(r"几|多少(?:个|台|辆|名|人|家|套)")
DUTIES = re.compile(r"负责|职责|职能|管(?:什么|哪些|啥)")  # what only a body has: 它主要负责什么 asks its duties
POINTED = re.compile(r"项目|这笔|这项|该项|这部分|它")  # words pointing back at the subject just answered
BEFORE_BUDGET = re.compile(r"(?:比|较)[^，。？]{0,8}年初预算")
# 跟广州信访局相比呢: another department beside the last one, not a change on last year
COMPARED_WITH = re.compile(r"^(?:那|那么)?(?:比|较|和|跟|与|同)")
ACROSS_DEPARTMENTS = re.compile(r"^(?!.*(?:上年|去年|上一年|年度|同比)).*(?:相比|对比|比较|比呢)")


def reread(said: Surface, subjects: tuple[str, ...], intent: Intent | None, context: Context,
           matcher: Matcher, continues: bool = False) -> tuple[tuple[str, ...], Intent | None]:
    """The subjects and intent, where the words around the cue say what is really asked; `continues`: a
    clause going on from the one before (…项目安排多少钱？主要做什么？)."""
    text, named = said.text, said.departments
    if (not subjects and not said.code and not named.unknown and PROJECTS_ASKED.search(text)
            and matcher.display.get(PROJECTS)):
        # 安排了哪些项目: the projects of its 项目支出 (哪个项目最多 still asks the largest)
        subjects = (PROJECTS,)
        intent = Intent.BREAKDOWN if intent in (None, Intent.AMOUNT, Intent.COUNT, Intent.DEFINITION) else intent
    if intent == Intent.FUNCTIONS and re.search(r"\d+(?:\.\d+)?\s*万", text):
        intent = Intent.USE  # 那笔2470.15万元是干什么的: what money is for, not the department's duties
    if intent == Intent.FUNCTIONS and said.missing and "项目" in text:
        intent = Intent.USE  # 热线外包项目是干什么的: what a project is for, named by words of its own
    if intent == Intent.FUNCTIONS and not DUTIES.search(text) and (
            subjects or not named.department and context.turns and context.subject
            and (POINTED.search(text) or continues)):
        intent = Intent.USE  # 这个项目是干什么的 / 考培项目是干什么的: what it is for, not the department's duties
    if (intent == Intent.USE and named.department and not subjects and not said.code and not said.missing
            and DOES.search(text)):
        intent = Intent.FUNCTIONS  # 水产老干部活动室主要干啥的: what the department named is for, its duties
    if (intent == Intent.DEFINITION or intent == Intent.REASON and DIFFERING.search(text)) and subjects and \
            QUOTED_FIGURES.search(text):
        intent = Intent.AMOUNT  # 表中为0.90万元，而…为1.90万元，分别指什么: each figure and what it is
        subjects = tuple(s for s in subjects if not any(o in matcher.parts.get(s, ()) for o in subjects)) or subjects
        intent = Intent.COMPARE if len(set(subjects)) == 1 else intent  # one subject's two figures, each where
    if intent == Intent.COMPLETION and BEFORE_BUDGET.search(text):
        intent = Intent.CHANGE  # 比2025年年初预算减少了多少: a change on last year's budget, not its completion
    if intent in (Intent.BREAKDOWN, Intent.AMOUNT) and OTHER_INCOME.search(text):
        intent = Intent.FUNDING  # 除了财政拨款还有哪些收入: the income by kind
    if intent == Intent.BREAKDOWN and DIFFERENCE.search(text):
        intent = Intent.COMPARE  # 基本支出明细里的公务接待费差多少: 明细 names a table, 差多少 is asked
    if intent == Intent.COMPARE and len(subjects) <= 1 and COUNTED.search(text):
        intent = Intent.COUNT  # 分别采购了多少名社工: counts, each
    if intent in (Intent.AMOUNT, Intent.ORGANISATION) and subjects and re.search(r"(?:多少|几)(?:辆|台|部)?车", text):
        intent = Intent.COUNT  # 一共有多少车: vehicles counted, not their money
    if intent == Intent.PARENT and re.search(r"所属(?:各)?单位", text):
        intent = Intent.ORGANISATION  # 所属单位共有多少辆车: its units, not its parent
    if intent == Intent.ORGANISATION and set(subjects) - WHOLES:  # 局及下属单位有多少台车: a figure, its units where
        intent = Intent.COUNT if HOW_MANY.search(text) else Intent.AMOUNT
    if intent == Intent.BREAKDOWN and not subjects and context.intent == Intent.ORGANISATION.value:
        intent = Intent.ORGANISATION  # 下属有几个预算单位 / 都是哪些: which units
    if intent == Intent.ABOUT and named.department:
        intent = Intent.ORGANISATION  # 信访局有哪些部门: its own units, not the knowledge base's
    return subjects, intent


# 两家差多少 / 相差多少 / 两个加起来多少辆: the two departments of the last two turns
BOTH_SIDES = re.compile(r"^(?!.*(?:上年|去年|上一年|同比|年初))"
                        r".*(?:两家|两者|二者|两个|两局|相差|差多少|差距|哪个多|哪家多|谁多|多多少|少多少|加起来|合计|一共)")


def both_sides(text: str, intent: Intent | None, named: Departments, context: Context) -> bool:
    """Whether a question naming no department asks one subject of the two departments just answered."""
    return bool(not named.department and not named.choices and context.other and context.subject
                and intent in (Intent.COMPARE, Intent.SUM, Intent.COUNT, Intent.AMOUNT) and BOTH_SIDES.search(text))


def beside(text: str, intent: Intent, named: Departments, context: Context, asked_fresh: bool) -> tuple[str, ...]:
    """The departments to set beside the one named: 烟台市统计局三公经费多少 / 和烟台市信访局比呢."""
    side_by_side = (intent == Intent.COMPARE or intent == Intent.CHANGE and ACROSS_DEPARTMENTS.search(text)
                    or COMPARED_WITH.match(text))  # 比北京市审计局多几辆, after 北京市民政局有几辆车
    if (side_by_side and not named.others and named.department and context.department
            and named.department != context.department and asked_fresh):
        return (context.department,)
    return named.others


def shortened(subjects: tuple[str, ...], context: Context, parts: Mapping[str, tuple[str, ...]]) -> tuple[str, ...]:
    """Short names read as the parts they stand for: of the same whole as the name before, or of the
    conversation's subject."""
    subjects = _siblings_shortened(subjects, parts)
    return _parts_shortened(subjects, context.subject if context.turns else None, parts)


def _siblings_shortened(subjects: tuple[str, ...], parts: Mapping[str, tuple[str, ...]]) -> tuple[str, ...]:
    """运行维护费比购置费多多少: a short name after a part is the other part of its whole ending so."""
    named = list(subjects)
    for i, short in enumerate(named[1:], 1):
        siblings = {p for whole in parts.values() if named[0] in whole for p in whole
                    if p != named[0] and p.endswith(short) and p != short}
        named[i] = siblings.pop() if len(siblings) == 1 else short
    return tuple(named)


def _parts_shortened(subjects: tuple[str, ...], whole: str | None,
                     parts: Mapping[str, tuple[str, ...]]) -> tuple[str, ...]:
    """货物占多少, after 政府采购: the part of the subject so far a short name is of (货物类采购)."""
    # its parts, or its siblings: 服务和货物加起来 after 其中工程多少
    inner = parts.get(whole or "", ()) or next((ps for ps in parts.values() if whole in ps), ())
    fits = {s: [p for p in inner if s in p and s != p] for s in subjects}
    return tuple(fits[s][0] if len(fits[s]) == 1 else s for s in subjects)


def side_by_side(text: str, intent: Intent, named: Departments, context: Context, subjects: tuple[str, ...],
                 asked_fresh: bool) -> tuple[tuple[str, ...], tuple[str, ...], Intent]:
    """The departments to set beside the one asked (和X局比呢), or — 两家差多少 — the last two, on the
    subject so far: (others, subjects, intent)."""
    others = beside(text, intent, named, context, asked_fresh)
    if not others and both_sides(text, intent, named, context):
        return (context.other,), (context.subject,), Intent.COUNT if context.intent == Intent.COUNT.value else intent
    return others, subjects, intent
