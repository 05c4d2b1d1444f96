"""Performance targets (绩效目标): a named indicator's value and scoring rule, or the targets a
document sets."""

from __future__ import annotations

import re
from dataclasses import replace

from knowledge.domain import TableKind
from knowledge.indicators import BUDGET_NAME
from knowledge.model import Indicator
from nlu.departments import in_order
from nlu.intents import Intent
from nlu.understand import Parse

from . import words
from .figures import amount, heading
from .lookup import DocIndex, Figure, Vocabulary
from .reply import Answer, Source
from .wording import figure_text


def target(parse: Parse, doc: DocIndex, vocab: Vocabulary, key: str) -> Answer:
    """The performance targets of a named indicator (满意度, 按时办结率), or of a named project (its goal
    and all its indicators)."""
    covered = _projects_covered(parse, doc)
    if covered:
        return covered
    projects = of_project(doc, key)
    if projects and parse.intent == Intent.TARGET:
        return _targets(doc, list({(i.table, i.name): i for i in projects}.values()), subject=key, with_goals=True)
    indicators = doc.indicators.get(key, []) or [i for k, items in doc.indicators.items() if key in k or k in key
                                                 for i in items]
    if not indicators:
        if parse.intent == Intent.TARGET:
            return targets(parse, doc)
        return Answer("", found=False, subject=key)  # tried as a fallback: only a named indicator will do
    if SCORING.search(parse.wording) and any(i.rule for i in indicators):
        return _rules(doc, indicators, key)  # 没达到的话怎么扣分: how it is scored
    # 绩效目标是什么, of an indicator: its project's goal too (the project's own name left out — the
    # indicator was found by its name, not the project by its)
    return _targets(doc, indicators, subject=key, with_goals=parse.intent == Intent.TARGET, name_projects=False)


HOW_MANY_PROJECTS = re.compile(r"(?:几个|多少个|几项|多少项)项目")
PROJECTS_COUNTED = r"项目[^。；]{0,10}?\d+\s*个|\d+\s*个[^。；]{0,8}项目"  # 编报绩效目标的项目共9个


def _projects_covered(parse: Parse, doc: DocIndex) -> Answer | None:
    """有几个项目编报了绩效目标: the sentence counting the projects with targets (and their money)."""
    found = doc.passage(("绩效", "目标", "项目", "涉及"), PROJECTS_COUNTED) if HOW_MANY_PROJECTS.search(
        parse.wording) else None
    if not found:
        return None
    return words.quoted(doc, *found)


SCORING = re.compile(r"扣分|怎么扣|得分|评分|怎么算分|扣几分|扣多少")


def _rules(doc: DocIndex, indicators: list[Indicator], key: str | None) -> Answer:
    """Each indicator's target and how it is scored (评（扣）分标准)."""
    shown = [i for i in indicators if i.rule][:TARGETS_SHOWN]
    text = "；".join(f"{_indicator_text(i)}，评分标准：{i.rule.rstrip('。')}" for i in shown)
    where = doc.table_source(shown[0].table) if shown[0].table in doc.tables else doc.whole_source()
    return Answer(f"{heading(doc)}绩效目标——{text}。", [where], subject=key)


def of_project(doc: DocIndex, key: str) -> list[Indicator]:
    return [i for items in doc.indicators.values() for i in items
            if i.project and len(key) >= 4 and (key in i.project or i.project in key)]


def project_in_words(parse: Parse, doc: DocIndex, vocab: Vocabulary) -> Answer:
    """便民热线服务外包采购项目钱有多少: the one project whose form or row has a name holding the words the
    question names it by, up to 项目 (the tail of 长沙市12345政务服务便民热线服务外包采购项目)."""
    named = re.search(r"[\u4e00-\u9fff\d]{4,}项目", parse.question)
    if named and parse.intent in (Intent.TARGET, Intent.USE):  # 热线外包项目的绩效目标: its words in order
        projects = {i.project for items in doc.indicators.values() for i in items
                    if i.project and in_order(named.group(), i.project)}
        if len(projects) == 1:
            key = projects.pop()
            return target(parse, doc, vocab, key) if parse.intent == Intent.TARGET else goal(doc, key)
        return Answer("", found=False)
    form = project_budget(doc, (named.group(),)) if named else Answer("", found=False)
    rows = doc.keys_holding((named.group(),)) if named and not form.found else []
    return replace(amount(parse, doc, vocab, rows[0]), quoted=True) if len(rows) == 1 else form


def project_budget(doc: DocIndex, words: tuple[str, ...]) -> Answer:
    """口岸单位补贴项目有多少钱: the 资金总额 of the one project whose performance form's name holds the
    words asked."""
    forms = [i for i in doc.indicators.get(BUDGET_NAME, []) if words and all(w in i.project for w in words)]
    if len(forms) != 1:
        return Answer("", found=False)
    form = forms[0]
    where = doc.table_source(form.table) if form.table in doc.tables else doc.whole_source()
    text = f"{heading(doc)}{form.project}项目资金总额{form.value}万元（绩效目标表所列）。"
    return Answer(text, [where], subject=form.project)


def only_project(doc: DocIndex) -> str | None:
    """The one project a document sets goals for (the department's own overall form aside), if one."""
    projects = {i.project for items in doc.indicators.values() for i in items
                if i.goal and i.project and i.project != doc.info.department}
    return projects.pop() if len(projects) == 1 else None


def goal(doc: DocIndex, key: str, spent: list[Figure] = ()) -> Answer:
    """What a project is for, as its performance table's goal says (这个项目是干什么的); with `spent`, the
    项目支出 it is the one project of."""
    goals = [i for i in of_project(doc, key) if i.goal]
    if not goals:
        return Answer("", found=False, subject=key)
    first = goals[0]
    where = doc.table_source(first.table) if first.table in doc.tables else doc.whole_source()
    lead = f"项目支出{figure_text(spent[0])}，安排1个项目：" if spent else ""
    # its money as its form gives it (统计周期性调查，资金总额368.00万元), when not said already
    budget = next((f"（资金总额{i.value}万元）" for i in of_project(doc, key)
                   if i.name == BUDGET_NAME and not spent), "")
    # the one goal asked for is quoted whole, up to what a reply can hold
    text = f"{heading(doc)}{lead}{first.project}{budget}的绩效目标：{_clip(first.goal, GOAL_ASKED)}。"
    return Answer(text, [*(f.source for f in spent), where], subject=key)


def indicator_named(doc: DocIndex, phrases: tuple[str, ...]) -> str | None:
    """The performance indicator whose name holds what was asked (蓝天保卫战负面清单 in 年度报送“蓝天保卫战”
    办理问题负面清单…): its key, when it holds at least half of the asked pairs of characters, and
    clearly more than any other indicator."""
    # 热线座席: 热线 is the department's own word (12345政务热线中心), not the indicator's
    pairs = {p[i : i + 2] for p in phrases for i in range(len(p) - 1)} - {
        doc.info.department[i : i + 2] for i in range(len(doc.info.department) - 1)}
    if len(pairs) < 2:
        return None  # 人员 alone is in too many names to tell one
    scores = sorted(((sum(pair in key for pair in pairs) / len(pairs), key) for key in doc.indicators), reverse=True)
    if scores and scores[0][0] >= 0.5 and (len(scores) == 1 or scores[0][0] - scores[1][0] >= 0.15):
        return scores[0][1]
    return None


TARGETS_SHOWN = 12  # indicators a listing of all targets names
GOAL_SHOWN = 120  # characters of a project's goal a listing quotes
GOAL_ASKED = 400  # characters of the goal of the one project asked about


def targets(parse: Parse, doc: DocIndex) -> Answer:
    """项目支出绩效目标 / 绩效目标是什么: each project's goal and its indicators, whatever they are filed
    under — all of them up to TARGETS_SHOWN, and how many more there are."""
    covered = _projects_covered(parse, doc)
    if covered:
        return covered
    indicators = list({(i.table, i.project, i.name): i for items in doc.indicators.values() for i in items}.values())
    overall = [i for i in indicators
               if i.table in doc.tables and doc.tables[i.table].kind == TableKind.DEPT_PERFORMANCE]
    if "整体" in parse.wording and overall:  # 整体绩效目标: the department's own, not its projects'
        indicators = overall
    if not indicators:
        return Answer(f"{doc.title}没有绩效指标。", found=False)
    if SCORING.search(parse.wording) and any(i.rule for i in indicators):
        return _rules(doc, indicators, None)
    return _targets(doc, indicators, with_goals=True)


def _targets(doc: DocIndex, indicators: list[Indicator], subject: str | None = None,
             with_goals: bool = False, name_projects: bool = True) -> Answer:
    projects: dict[tuple[int, str], list[Indicator]] = {}
    for indicator in indicators[:TARGETS_SHOWN]:
        projects.setdefault((indicator.table, indicator.project), []).append(indicator)
    pieces, sources = [], []
    for (table, project), items in projects.items():
        goal = next((i.goal for i in items if i.goal), "") if with_goals else ""  # the form's head has none
        if not name_projects:
            lead = f"总体目标：{_clip(goal)}；" if goal else ""
        else:
            lead = f"{project}（目标：{_clip(goal)}）：" if goal else (f"{project}：" if with_goals and project else "")
        pieces.append(lead + "；".join(_indicator_text(i) for i in items))
        if table in doc.tables:
            where = doc.table_source(table)
            sources.append(Source(where.document, where.place, project or None, table=where.table, page=where.page))
    text = f"{heading(doc)}绩效目标——" + "。".join(pieces)
    if len(indicators) > TARGETS_SHOWN:
        text += f"。共{len(indicators)}项指标，以上为前{TARGETS_SHOWN}项"
    if len(indicators) == 1 and indicators[0].rule:
        text += f"；评分标准：{indicators[0].rule}"
    return Answer(text + "。", sources[:3], subject=subject)


def _indicator_text(indicator: Indicator) -> str:
    """座席配置：200个（配备话务座席180个、综合座席20个）; a qualitative value takes no unit."""
    value = indicator.value
    sign = indicator.kind if indicator.kind in ("≥", "≤", ">", "<") and not value.startswith(SIGNS) else ""
    text = f"{indicator.name}：{sign}{value}"
    numeric = value.lstrip("".join(SIGNS))[:1].isdigit()
    unit = "%" if indicator.unit == "百分比" else indicator.unit
    if numeric and unit and unit not in value:
        text += unit
    if indicator.content and indicator.content != value:
        text += f"（{indicator.content}）"
    return text


def _clip(text: str, shown: int = GOAL_SHOWN) -> str:
    text = text.rstrip("。")
    return text if len(text) <= shown else text[:shown].rstrip("，、；") + "……"


SIGNS = ("≥", "≤", ">", "<", "=")
