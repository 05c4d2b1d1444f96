"""The narrative reader of one sentence: subject mentions, figures and the words between them, left to right.

A figure belongs to the subject last mentioned; the words before it say what it is: 增加/减少 make
it a change, 占 a share, 年初预算 a budget figure, 完成 a completion rate. 主要是…/主要用于… after a
subject is its reason or use.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .domain import Measure
from .model import Fact, Section
from .subjects import (
    COMPARED,
    DOWN,
    EXPLANATION,
    FIGURE,
    FLAT,
    FUNDED,
    GENERIC_SUBJECTS,
    LIST_OPENS,
    MENTION,
    NAMED_ITEM,
    PROCUREMENT_KINDS,
    SUBJECTS,
    UP,
    subject_named,
)


def read_sentence(
    sentence: str, section: Section, changed: str | None, subject: str | None = None, stated: str | None = None
) -> tuple[list[Fact], str | None]:
    """The facts of one sentence, and the subject whose change a 主要原因 after it explains; `subject`
    is the one its section or numbered item is about, `stated` the one the sentence before gave an amount of."""
    reader = _SentenceReader(sentence, section, changed, subject, stated)
    for start, end, kind, m in _events(sentence):
        if start >= reader.skip_until:
            getattr(reader, f"on_{kind}")(start, end, m)
    return reader.facts, reader.changed


def _events(sentence: str) -> list[tuple[int, int, str, re.Match[str]]]:
    """Subject mentions, figures, explanations (主要用于…) and 持平, in the order they stand."""
    events = [(m.start(), m.end(), "subject", m) for m in MENTION.finditer(sentence)]
    taken = [(s, e) for s, e, _, _ in events]
    events += [(m.start(), m.end(), "figure", m) for m in FIGURE.finditer(sentence)
               if not any(s <= m.start() < e for s, e in taken)]
    events += [(m.start(), m.end(), "why", m) for m in EXPLANATION.finditer(sentence)]
    events += [(m.start(), m.end(), "flat", m) for m in FLAT.finditer(sentence)]
    return sorted(events, key=lambda event: event[0])


# a sentence opening on a change, without naming what changed: the subject the sentence before stated
CHANGE_OPENS = re.compile(r"\s*(?:比|较|与)(?:上年|去年|上一年度?|\d{4}年)")


class _SentenceReader:
    """Reads a sentence left to right: a figure is the subject's last mentioned, the words before it
    (the gap) say what kind of figure it is."""

    def __init__(self, sentence: str, section: Section, changed: str | None, subject: str | None,
                 stated: str | None) -> None:
        self.sentence, self.section, self.quote = sentence, section, sentence.strip()
        self.changed, self.subject, self.heading, self.stated = changed, subject, subject, stated
        if stated and CHANGE_OPENS.match(sentence):  # …运行维护费支出0.00万元。比上年预算数减少100%，主要原因是…
            self.subject = stated
        self.facts: list[Fact] = []
        self.gap_start = 0  # where the words that qualify the next figure begin
        self.mentioned = False  # a subject was named in this sentence (not only in the heading)
        self.amounts: dict[str, float] = {}  # the amounts stated here, by subject
        self.same_as: dict[str, str] = {}  # 其中：财政拨款收入 as much as the 收入预算 before: one sum
        self.skip_until = 0
        self.item_sources = False  # reading the sources of funds of an item the sentence named
        self.reason_until = 0  # where the reason being read ends
        self.named_in_reason = False  # a subject was named inside it

    def on_subject(self, start: int, end: int, m: re.Match[str]) -> None:
        named = subject_named(m)
        gap = self.sentence[self.gap_start : start]
        # “三公”经费(财政拨款)支出预算 / 政府采购支出决算为: the generic word qualifies the subject before it
        if (
            named in GENERIC_SUBJECTS
            and (self.mentioned or self.subject is not None and self.subject == self.heading)
            and self.subject not in GENERIC_SUBJECTS
            and re.fullmatch(r"[^；;。]{0,12}", gap)
        ) or (named in FUNDED and self.mentioned and not gap.strip()):  # “三公”经费财政拨款支出
            return
        if named in PROCUREMENT_KINDS and "采购" not in self.sentence[: m.end()]:
            return  # 改建工程…费用3000万元: 工程 is a procurement kind only where procurement is spoken of
        item = self.subject is not None and self.subject not in SUBJECTS and self.subject in self.amounts
        if named in SOURCES and (self.item_sources or item):
            self.item_sources, self.subject, self.gap_start = True, None, end  # 污水处理费…，其中一般公共预算…
            return
        self.subject, self.mentioned, self.named_in_reason = named, True, True
        self.gap_start = end

    def on_why(self, start: int, end: int, m: re.Match[str]) -> None:
        changed_here = [f.subject for f in self.facts if f.measure in (Measure.CHANGE, Measure.CHANGE_PCT)]
        if self.mentioned:
            about = self.subject
        elif changed_here:  # 比上年预算数减少100%，主要原因是…: the reason of the change just stated
            about = changed_here[-1]
        else:
            about = _explained(self.sentence[:start], m.group(), self.heading, self.changed, self.stated)
        if about is None:
            return
        fact = _why_fact(about, self.sentence, m, self.changed, self.section, self.quote)
        self._add(fact)
        if fact.measure == Measure.USE:  # the figures of a use (主要用于…5辆公务用车) are not the subject's
            self.skip_until = self.gap_start = start + len(fact.text)
            self._add_counted(about, fact.text)
        elif fact.measure == Measure.REASON:  # 原因是…预算数为0: nor those of a reason, unless it names their own
            self.reason_until, self.named_in_reason = start + len(fact.text), False

    def on_flat(self, start: int, end: int, m: re.Match[str]) -> None:
        gap = self.sentence[self.gap_start : start]
        if self.subject and self.mentioned and not EXPLANATION.search(gap):  # not "主要原因是与上年持平"
            self._add(Fact(self.subject, Measure.CHANGE, 0.0, "万元", _compared(gap), self.section.number, self.quote))
            self.changed = self.subject

    def on_figure(self, start: int, end: int, m: re.Match[str]) -> None:
        gap = self.sentence[self.gap_start : start]
        item = _item_named(gap) if m.group("amount") is not None or m.group("nil") else None
        if item:  # 其中：事业收入2,194万元，比上年减少25万元: the figure and its change are the item's
            self.subject, self.mentioned = item, True
        elif LIST_OPENS.search(gap):  # 主要内容如下：1、行政运行1672.67万元: the figure is an item's
            self.subject = None
        if self.subject is None:
            self.changed = None  # a figure of something unnamed: a reason after it is about that
            return
        counted = _counted_after(self.sentence, end) if m.group("count") is not None else None
        if start < self.reason_until and not self.named_in_reason and not counted:
            return
        if counted:  # 购置2辆机要通信用车、5辆其他用车: a count before a name is that name's
            self._add(_figure_fact(counted, m, gap, self.section, self.quote, _new_items(self.sentence[:start])))
            return
        fact = _figure_fact(self.subject, m, gap, self.section, self.quote, _new_items(self.sentence[:start]))
        if fact is None:
            return
        if fact.measure in (Measure.AMOUNT, Measure.COUNT, Measure.NEW_COUNT):
            earlier = [f for f in self.facts if f.subject == self.subject and f.measure == fact.measure]
            if earlier and fact.measure == Measure.COUNT and HELD_ITEMS.search(_clause_before(self.sentence, start)):
                # 年初共有公务用车9辆，年中4辆报废，截至10月共有5辆: what is held now, not at the year's start
                self.facts = [f for f in self.facts if f not in earlier]
            elif earlier:
                return  # a second figure without a new mention is a part we cannot name
            if fact.measure == Measure.AMOUNT:
                whole = next((s for s, v in self.amounts.items() if v == fact.value), None)
                if whole and "其中" in self.sentence[:start]:
                    self.same_as[self.subject] = whole
                self.amounts[self.subject] = fact.value
        if fact.measure in (Measure.CHANGE, Measure.CHANGE_PCT, Measure.COMPLETION_PCT):  # what a 主要原因 explains
            self.changed = self.subject
        self._add(fact)
        self.gap_start = end

    def _add_counted(self, about: str, use: str) -> None:
        """公务用车购置支出…主要用于经批准购置的5辆公务用车: what the money buys, counted."""
        counts = [m for m in FIGURE.finditer(use) if m.group("count") is not None and m.group("cunit") in ("辆", "台")]
        if len(counts) == 1:
            bought = "购置" in about or _new_items(use[: counts[0].start()])
            count = float(counts[0].group("count").replace(",", ""))
            self._add(Fact(about, Measure.NEW_COUNT if bought else Measure.COUNT, count, counts[0].group("cunit"),
                           None, self.section.number, self.quote))

    def _add(self, fact: Fact) -> None:
        """A fact, and when its subject is a part as large as the whole before it, the whole's too:
        of 收入预算9628.22万元，其中：财政拨款收入9628.22万元，比上年增加793.14万元 both rose."""
        self.facts.append(fact)
        whole = self.same_as.get(fact.subject)
        if whole and fact.measure != Measure.AMOUNT and not any(
            f.subject == whole and f.measure == fact.measure for f in self.facts
        ):
            self.facts.append(replace(fact, subject=whole))


SOURCES = ("一般公共预算拨款", "政府性基金", "国有资本经营预算")  # what an item's money may come from


def _clause_before(sentence: str, start: int) -> str:
    return re.split(r"[，,；;。]", sentence[:start])[-1]


def _counted_after(sentence: str, end: int) -> str | None:
    """The subject named right after a count (2辆机要通信用车), or None."""
    mention = MENTION.match(sentence, end + (sentence[end : end + 1] == "的"))
    return subject_named(mention) if mention else None


def _new_items(before: str) -> bool:
    """Whether a count is of items to be bought (拟新增2台) rather than held (存量运行维护公务用车102辆):
    the words last said before it tell."""
    new = [m.end() for m in NEW_ITEMS.finditer(before)]
    held = [m.end() for m in HELD_ITEMS.finditer(before)]
    return bool(new) and (not held or new[-1] > held[-1])


# 购置单位价值100万元以上的设备60台 (not 公务用车购置费, 购置税: a name, not a purchase)
NEW_ITEMS = re.compile(r"新增|新购|(?:拟|安排|计划)(?:购置|配置|配备|更新)|购置(?![费及和税支])")
HELD_ITEMS = re.compile(r"存量|现有|共有|实有|截至|截止|目前|保有|在用|占有")  # held, as of a date


def _item_named(gap: str) -> str | None:
    """The item a figure is of when the words right before it name one no subject pattern knows
    (财政拨款收入, 事业收入) — not a comparison (比上年预算支出), which keeps the subject before."""
    m = NAMED_ITEM.search(gap)
    if not m or COMPARED.search(m.group(1)) or any(word in m.group(1) for word in UP + DOWN):
        return None
    return re.sub(r"^(?:包括|包含|其中|分别为|主要有)(?=..)", "", m.group(1))  # 按用途分类，包括人员支出…


def last_stated(facts: list[Fact]) -> str | None:
    """What a sentence was about: the one subject it gave an amount of, or the subject it ended
    stating a change or use of."""
    amounts = {f.subject for f in facts if f.measure == Measure.AMOUNT}
    if len(amounts) == 1:
        return amounts.pop()
    # …；公务用车运行维护费支出0.00万元，主要用于…。比上年预算数减少100%: the subject it ended describing
    ended_on = (Measure.CHANGE, Measure.USE, Measure.PURPOSE)
    return facts[-1].subject if facts and facts[-1].measure in ended_on else None


def _explained(lead: str, why: str, heading: str | None, changed: str | None, stated: str | None) -> str | None:
    """The subject a 主要是… names none for explains: the heading's; or else, when the sentence opens
    with it, the subject changed last in the section (a reason) or stated in the sentence before
    (主要包括：…)."""
    if heading or not re.fullmatch(
        r"[\s，,]*(?:其|这|变动|变化的?|增减变化的?|决算数[小大]于预算数的|未完成[^，。]{0,8}?的|差异的)?", lead
    ):
        return heading
    if "原因" in why or "由于" in why:
        return changed
    return changed or stated if why == "主要是" else stated


def _why_fact(about: str, sentence: str, m: re.Match[str], changed: str | None, section: Section, quote: str) -> Fact:
    """A reason, purpose or use: the clause from 主要是… to the next statement of the sentence."""
    text = sentence[m.start() :].rstrip("。")
    # it ends before a clause stating a subject's figure, or a ；opening on a subject
    for sep in re.finditer(r"[，,；;]", text):
        clause = re.split(r"[，,；;]", text[sep.end() :])[0]
        mention = MENTION.search(clause)
        if not mention:
            continue
        opens_on = sep.group() in "；;" and re.fullmatch(r"\s*(?:其中[：:，,]?)?", clause[: mention.start()])
        if opens_on or FIGURE.search(clause[mention.end() :]):
            text = text[: sep.start()]
            break
    listed = LIST_OPENS.search(text)
    if listed:  # 主要原因是工作量增加财政拨款支出主要内容如下：… (a paragraph break the PDF lost)
        opening = [mention.start() for mention in MENTION.finditer(text[: listed.start()]) if mention.start()]
        text = text[: opening[-1] if opening else listed.start()]
    if m.group().endswith("用于"):
        # a use ends where a change of the subject is stated
        text = re.split(r"[，,]\s*(?=(?:比|较|与)[^，。；]{0,12}(?:增|减|下降|上升|持平|相同))", text)[0]
        return Fact(about, Measure.USE, None, None, text, section.number, quote)
    text = re.split(r"[，,；;]\s*主要用于", text)[0]
    is_reason = any(word in m.group() for word in ("原因", "由于", "变动", "变化")) or changed == about
    return Fact(about, Measure.REASON if is_reason else Measure.PURPOSE, None, None, text, section.number, quote)


def _figure_fact(
    subject: str, m: re.Match[str], gap: str, section: Section, quote: str, new_items: bool
) -> Fact | None:
    sign = -1.0 if any(word in gap for word in DOWN) else 1.0
    is_change = any(word in gap for word in UP + DOWN)
    if m.group("amount") is not None or m.group("nil"):
        value = float(m.group("amount").replace(",", "")) if m.group("nil") is None else 0.0
        unit = "万元" if m.group("unit") in ("万", None) else m.group("unit")
        if is_change:
            return Fact(subject, Measure.CHANGE, sign * value, unit, _compared(gap), section.number, quote)
        if "年初预算" in gap or "预算数为" in gap and "决算" in section.heading:
            return Fact(subject, Measure.BUDGET, value, unit, None, section.number, quote)
        if "决算" in gap:
            return Fact(subject, Measure.FINAL, value, unit, None, section.number, quote)
        return Fact(subject, Measure.AMOUNT, value, unit, None, section.number, quote)
    if m.group("pct") is not None:
        value = float(m.group("pct"))
        if is_change:
            return Fact(subject, Measure.CHANGE_PCT, sign * value, "%", None, section.number, quote)
        if "完成" in gap:
            return Fact(subject, Measure.COMPLETION_PCT, value, "%", None, section.number, quote)
        if "占" in gap:
            return Fact(subject, Measure.SHARE, value, "%", gap.strip("，,：: "), section.number, quote)
        return None
    count_unit = m.group("cunit")
    measure = Measure.PEOPLE if count_unit in ("人", "人次") else (Measure.NEW_COUNT if new_items else Measure.COUNT)
    return Fact(subject, measure, float(m.group("count").replace(",", "")), count_unit, None, section.number, quote)


def _compared(gap: str) -> str | None:
    """What a change is measured against: 上年 / 2023年 / 上年预算 / 上年执行数."""
    m = re.search(r"(?:比|较|与|和)\s*((?:\d{4}\s*年度?|上年|去年|上一年度?)(?:预算)?(?:执行)?(?:数)?"
                  r"|(?:年初)?预算数?)", gap)
    return m.group(1).replace(" ", "") if m else None
