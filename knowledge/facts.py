"""Facts of the narrative: each section read sentence by sentence, with the subject its heading or a
numbered item names, and its statements that something is absent (无 / 未安排 …).

A sentence is scanned left to right for subject mentions (三公经费, 基本支出, …), figures with a
unit (3.93 万元, 11.17%, 1 辆) and the words between them (knowledge.sentence); what is looked for
is data (knowledge.subjects).
"""

from __future__ import annotations

import re
from dataclasses import replace

from .domain import Measure
from .model import Fact, Section
from .sentence import last_stated, read_sentence
from .subjects import CLASSIFIED, ITEM_NUMBER, MENTION, NONE_STATEMENT, OPEN_LABEL, OPEN_SUBJECT, subject_named


def extract_facts(sections: list[Section]) -> list[Fact]:
    facts: list[Fact] = []
    for section in sections:
        # facts name their section by its number, or by its heading where it has none
        section = replace(section, number=section.number or section.heading)
        changed: str | None = None  # the subject whose change the next 主要是… explains
        stated: str | None = None  # the one subject whose amount the sentence before stated
        # a heading that names a subject ("（二）公务接待费") is what its figures are about
        named = MENTION.match(re.sub(r"^[\d.、．]+", "", section.heading))
        named = named if named and len(section.heading) - named.end() <= 6 else None
        heading_subject = subject_named(named) if named else _open_subject(section.heading)
        item_subject = None  # the subject of a numbered item labelled on its own: "2.公务接待费。"
        for sentence in re.split(r"(?<=。)(?![）)”])", section.text):
            lead = re.sub(r"^\s*其中[:：]\s*", "", sentence)  # 其中：1、…（项）。 opens the first item
            if ITEM_NUMBER.match(lead):
                text = ITEM_NUMBER.sub("", lead).rstrip("。 ")
                label = MENTION.fullmatch(text)
                # the label may end the sentence or open it: 2.住房改革支出（款）提租补贴（项）支出555.5万元，…
                classified = re.match(r"^[^，。]*[（(](?:项|款|类)[）)]", text)
                opened = OPEN_LABEL.match(text)
                item_subject = (subject_named(label) if label
                                else _classified(classified.group(0) if classified else text)
                                or (opened.group(1) if opened else None))
            elif label := MENTION.fullmatch(lead.strip().rstrip("。 ")):
                # a label standing as a sentence of its own (its number was the section's): 因公出国（境）费用。
                item_subject = subject_named(label)
            sentence_facts, changed = read_sentence(
                sentence, section, changed, item_subject or heading_subject, stated
            )
            facts.extend(sentence_facts)
            stated = last_stated(sentence_facts)
        for fact in _statements(section):
            facts.append(fact)
    return facts


# 上海's districts describe each main project under its own heading, with a 年度预算安排 part
PROJECT_NOTE = re.compile(r"^([\u4e00-\u9fff（）()“”]{2,30}?项目(?:经费)?)(?:情况说明|概况|简介)$")
ANNUAL_BUDGET = re.compile(r"^(?:年度)?预算安排$")
OVERVIEW = re.compile(r"^项目(?:概述|概况|内容)$")
ONE_AMOUNT = re.compile(r"([\d,]+(?:\.\d+)?)\s*万元")


def project_budgets(sections: list[Section]) -> list[Fact]:
    """The amounts of the projects described each under a heading of its own (上海's districts)."""
    facts: list[Fact] = []
    project: str | None = None  # the project an unnumbered 人民调解项目经费情况说明 heading opens
    for section in sections:
        if not section.number:
            note = PROJECT_NOTE.match(section.heading.replace(" ", ""))
            project = note.group(1) if note else None
        elif project and ANNUAL_BUDGET.match(section.heading):
            facts.extend(_project_budget(project, section))
        elif project and OVERVIEW.match(section.heading) and section.text.strip():
            said = re.sub(r"\s+", "", section.text)
            facts.append(Fact(project, Measure.USE, None, None, said.rstrip("。"), section.number,
                              f"{project}：{section.heading}{said}"))
    return facts


def _project_budget(project: str, section: Section) -> list[Fact]:
    """人民调解项目经费情况说明 … 六、年度预算安排 795万元: the project's amount — when the part states one
    amount only (not 第一季度用款计划15万元，第二季度…)."""
    amounts = ONE_AMOUNT.findall(section.text)
    if len(amounts) != 1:
        return []
    quote = section.text.strip()
    value = float(amounts[0].replace(",", ""))
    return [Fact(project, Measure.AMOUNT, value, "万元", None, section.number or section.heading,
                 f"{project}：{section.heading}{quote}")]


def _classified(label: str) -> str | None:
    """The most specific name of a 类/款/项 item label: the figures after it are that item's."""
    m = CLASSIFIED.match(label.replace(" ", ""))
    return (m.group(3) or m.group(2) or m.group(1)) if m else None


def _open_subject(heading: str) -> str | None:
    """The subject a section heading names when it is a kind of money not in SUBJECTS, so that a
    new document's own items (委托业务费, 专项资金) become facts and so part of the vocabulary."""
    m = OPEN_SUBJECT.match(heading.replace(" ", ""))
    return m.group(1) if m else None


WHOLE_BUDGET = ("支出预算", "收入预算")
FUNDED_BY = re.compile(r"^(?:财政拨款|一般公共预算(?:财政)?(?:拨款)?|政府性基金(?:预算)?(?:拨款)?)(?:资金)?安排(?:的)?")


def _statements(section: Section) -> list[Fact]:
    """Statements that something is absent: 本单位无政府性基金安排的支出 / 未举办节庆…活动."""
    facts = []
    for m in NONE_STATEMENT.finditer(section.text):
        # 未使用财政拨款安排委托业务费支出: what is not paid for is 委托业务费, not 财政拨款
        funded = MENTION.match(FUNDED_BY.sub("", m.group(2)))
        # …but 无政府性基金安排的支出: the 政府性基金 is what there is none of
        mention = funded if funded and subject_named(funded) not in WHOLE_BUDGET else MENTION.match(m.group(2))
        # 四、委托业务费情况：…均未使用财政拨款安排委托业务费支出: the heading's own item
        own = _open_subject(section.heading)
        if mention or own and FUNDED_BY.sub("", m.group(2)).startswith(own):
            subject = subject_named(mention) if mention else own
            quote = _sentence_at(section.text, m.start())
            facts.append(Fact(subject, Measure.NONE, 0.0, None, m.group(0), section.number, quote))
    return facts


def _sentence_at(text: str, index: int) -> str:
    start = text.rfind("。", 0, index) + 1
    end = text.find("。", index)
    return text[start : end + 1 if end >= 0 else len(text)].strip()
