"""Figures and statements of the narrative, read sentence by sentence.

A sentence is scanned left to right for subject mentions (三公经费, 基本支出, …), figures with a
unit (3.93 万元, 11.17%, 1 辆) and the words between them. A figure belongs to the subject last
mentioned; the words before it say what it is: 增加/减少 make it a change, 占 a share, 年初预算
a budget figure, 完成 a completion rate. 主要是…/主要用于… after a subject is its reason or use.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .domain import Measure
from .model import Fact, Section

# canonical subject -> pattern of its mentions. Longer mentions win over shorter ones at a place.
SUBJECTS: dict[str, str] = {
    "收入预算": r"收入(?:总)?预算(?:数)?|本年收入(?:合计)?|(?:^|(?<=[，,；]))收入(?=较|比|总计|合计)"
    r"|(?<=部门)预算收入",
    "支出预算": r"支出(?:总)?预算(?:数)?|本年支出(?:合计)?|(?:^|(?<=[，,；]))支出(?=较|比|总计|合计)"
    r"|(?<=部门)预算支出",
    "收入决算": r"收入决算(?:数)?|本年收入(?:决算)?",
    "支出决算": r"支出决算(?:数)?",
    "一般公共预算拨款": r"一般公共预算(?:财政)?拨款(?:收入)?",
    "财政拨款收入": r"财政拨款收入(?:预算)?",
    "财政拨款支出": r"财政拨款支出(?:预算)?",
    "基本支出": r"基本支出",
    "项目支出": r"项目支出",
    "人员经费": r"人员经费",
    "公用经费": r"公用经费",
    "机关运行经费": r"机关运行经费",
    "“三公”经费": r"[“\"‘']?三公[”\"’']?经费",
    "公务接待费": r"公务接待费?",
    "公务用车购置及运行费": r"公务用车购置[及和与]运行(?:维护)?费",
    "公务用车购置费": r"公务用车购置费?",
    "公务用车运行费": r"公务用车运行(?:维护)?费",
    "因公出国（境）费": r"因公出国[（(]境[）)](?:费用?)?",
    "会议费": r"会议费",
    "培训费": r"培训费",
    "政府采购": r"政府采购(?:预算)?(?:总额|金额)?",
    "货物类采购": r"货物类?(?:采购)?",
    "工程类采购": r"工程类?(?:采购)?",
    "服务类采购": r"服务类(?:采购)?|(?<=拟采购)服务|(?<=政府采购)服务|服务采购|(?<=[、，,；：:])服务(?=\s*\d)",
    "公务用车": r"(?<!其他按照规定配备的)(?<!其他)(?<!一般)公务用车(?!购置|运行)|车辆(?=\s*\d)",
    "一般公务用车": r"一般公务用车",
    "机要通信用车": r"机要通信用车",
    "应急保障用车": r"应急保障用车",
    "执法执勤用车": r"执法执勤用车",
    "特种专业技术用车": r"特种专业技术用车",
    "其他用车": r"其他(?:按照规定|按规定)?配备的公务用车|其他用车",
    "领导干部用车": r"领导干部用车",
    "单位价值50万元以上设备": r"(?:单位价值|单价)在?\s*50\s*万元(?:[（(]含[）)])?以上的?(?:通用|专用)?设备",
    "单位价值100万元以上设备": r"(?:单位价值|单价)在?\s*100\s*万元(?:[（(]含[）)])?以上的?(?:通用|专用)?设备",
    "绩效目标管理金额": r"(?:绩效目标|绩效管理|绩效)[^，。；]{0,6}(?:的)?(?:金额|资金)",
    "政府性基金": r"政府性基金(?:预算)?(?:拨款)?(?:安排的)?(?:支出)?",
    "国有资本经营预算": r"国有资本经营预算(?:拨款)?(?:安排的)?(?:支出)?",
    "节庆、晚会、论坛、赛事活动": r"节庆[^。；]{0,20}活动",
}
GENERIC_SUBJECTS = ("收入预算", "支出预算", "收入决算", "支出决算")
PROCUREMENT_KINDS = ("货物类采购", "工程类采购", "服务类采购")
FUNDED = ("财政拨款收入", "财政拨款支出")  # right after another subject, they only say how it is funded
MENTION = re.compile("|".join(f"(?P<s{i}>{p})" for i, p in enumerate(SUBJECTS.values())))
SUBJECT_NAMES = list(SUBJECTS)

# "0.39万（含…）": a bare 万 before punctuation is 万元
AMOUNT = r"(?P<amount>-?\d[\d,]*(?:\.\d+)?)\s*(?P<unit>亿元|万元|元|万(?=[（(，,。；;、]))"
PERCENT = r"(?P<pct>-?\d+(?:\.\d+)?)\s*(?:%|％)"
COUNT = r"(?P<count>\d+)\s*(?P<cunit>辆|台|套|人次|人|个|场|次|项)(?![）)])"  # not 行政运行（01项）
FIGURE = re.compile(f"{AMOUNT}|{PERCENT}|{COUNT}")
EXPLANATION = re.compile(r"(?:主要原因[是为：:]?|原因(?:主要)?是|主要是|主要由于|主要用于|主要包括|用于)")
# a change stated without a figure: 与上年持平 / 与上年预算数相同
FLAT = re.compile(r"(?:持平|(?:与|和|比)[^，。；]{0,10}?相同|无增减变化)")
ITEM_NUMBER = re.compile(r"^\s*(?:\d{1,2}\s*[.、．]|[（(][一二三四五六七八九十\d]{1,3}[）)])\s*")
UP = ("增加", "增长", "上升", "提高", "增")
DOWN = ("减少", "下降", "降低", "减")


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
        heading_subject = SUBJECT_NAMES[int(named.lastgroup[1:])] if named else _open_subject(section.heading)
        item_subject = None  # the subject of a numbered item labelled on its own: "2.公务接待费。"
        for sentence in re.split(r"(?<=。)(?![）)”])", section.text):
            lead = re.sub(r"^\s*其中[:：]\s*", "", sentence)  # 其中：1、…（项）。 opens the first item
            if ITEM_NUMBER.match(lead):
                text = ITEM_NUMBER.sub("", lead).rstrip("。 ")
                label = MENTION.fullmatch(text)
                # the label may end the sentence or open it: 2.住房改革支出（款）提租补贴（项）支出555.5万元，…
                classified = re.match(r"^[^，。]*[（(](?:项|款)[）)]", text)
                item_subject = (SUBJECT_NAMES[int(label.lastgroup[1:])] if label
                                else _classified(classified.group(0) if classified else text))
            elif label := MENTION.fullmatch(lead.strip().rstrip("。 ")):
                # a label standing as a sentence of its own (its number was the section's): 因公出国（境）费用。
                item_subject = SUBJECT_NAMES[int(label.lastgroup[1:])]
            sentence_facts, changed = _read_sentence(
                sentence, section, changed, item_subject or heading_subject, stated
            )
            facts.extend(sentence_facts)
            stated = _last_stated(sentence_facts)
        for fact in _statements(section):
            facts.append(fact)
    return facts


# a heading naming money no subject pattern knows: （六）委托业务费(安排)情况 -> 委托业务费
OPEN_SUBJECT = re.compile(
    r"^(?:[\d.、．]+)?([\u4e00-\u9fff（）()]{2,16}?(?:费|经费|资金|补贴|补助))(?:预算)?(?:安排|使用)?(?:情况|情况说明|说明)?$"
)


# an item labelled by its functional classification: 社会保障和就业支出（类）…（款）行政单位离退休（项）
CLASSIFIED = re.compile(
    r"^(?:[^（()]{2,30}[（(]类[）)])?(?:([^（()]{2,30})[（(]款[）)])?(?:([^（()]{2,30})[（(]项[）)])?$"
)


def _classified(label: str) -> str | None:
    """The most specific name of a 类/款/项 item label: the figures after it are that item's."""
    m = CLASSIFIED.match(label.replace(" ", ""))
    return (m.group(2) or m.group(1)) if m and (m.group(1) or m.group(2)) else None


def _open_subject(heading: str) -> str | None:
    """The subject a section heading names when it is a kind of money not in SUBJECTS, so that a
    new document's own items (委托业务费, 专项资金) become facts and so part of the vocabulary."""
    m = OPEN_SUBJECT.match(heading.replace(" ", ""))
    return m.group(1) if m else None


def _read_sentence(
    sentence: str, section: Section, changed: str | None, subject: str | None = None, stated: str | None = None
) -> tuple[list[Fact], str | None]:
    """The facts of one sentence, and the subject whose change a 主要原因 after it explains."""
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


class _SentenceReader:
    """Reads a sentence left to right: a figure is the subject's last mentioned, the words before it
    (the gap) say what kind of figure it is."""

    def __init__(self, sentence: str, section: Section, changed: str | None, subject: str | None,
                 stated: str | None) -> None:
        self.sentence, self.section, self.quote = sentence, section, sentence.strip()
        self.changed, self.subject, self.heading, self.stated = changed, subject, subject, stated
        self.facts: list[Fact] = []
        self.gap_start = 0  # where the words that qualify the next figure begin
        self.mentioned = False  # a subject was named in this sentence (not only in the heading)
        self.amounts: dict[str, float] = {}  # the amounts stated here, by subject
        self.same_as: dict[str, str] = {}  # 其中：财政拨款收入 as much as the 收入预算 before: one sum
        self.new_items = False
        self.skip_until = 0

    def on_subject(self, start: int, end: int, m: re.Match[str]) -> None:
        named = SUBJECT_NAMES[int(m.lastgroup[1:])]
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
        self.subject, self.mentioned = named, True
        self.new_items = self.new_items or bool(
            re.search(r"新增|(?:拟|安排|计划)(?:购置|配置|配备)", self.sentence[:start]))
        self.gap_start = end

    def on_why(self, start: int, end: int, m: re.Match[str]) -> None:
        about = (self.subject if self.mentioned
                 else _explained(self.sentence[:start], m.group(), self.heading, self.changed, self.stated))
        if about is None:
            return
        fact = _why_fact(about, self.sentence, m, self.changed, self.section, self.quote)
        self._add(fact)
        if fact.measure == Measure.USE:  # the figures of a use (主要用于…5辆公务用车) are not the subject's
            self.skip_until = self.gap_start = start + len(fact.text)

    def on_flat(self, start: int, end: int, m: re.Match[str]) -> None:
        gap = self.sentence[self.gap_start : start]
        if self.subject and self.mentioned and not EXPLANATION.search(gap):  # not "主要原因是与上年持平"
            self._add(Fact(self.subject, Measure.CHANGE, 0.0, "万元", _compared(gap), self.section.number, self.quote))
            self.changed = self.subject

    def on_figure(self, start: int, end: int, m: re.Match[str]) -> None:
        gap = self.sentence[self.gap_start : start]
        item = _item_named(gap) if m.group("amount") is not None else None
        if item:  # 其中：事业收入2,194万元，比上年减少25万元: the figure and its change are the item's
            self.subject, self.mentioned = item, True
        elif LIST_OPENS.search(gap):  # 主要内容如下：1、行政运行1672.67万元: the figure is an item's
            self.subject = None
        if self.subject is None:
            self.changed = None  # a figure of something unnamed: a reason after it is about that
            return
        fact = _figure_fact(self.subject, m, gap, self.section, self.quote, self.new_items)
        if fact is None:
            return
        if fact.measure in (Measure.AMOUNT, Measure.COUNT, Measure.NEW_COUNT):
            if any(f.subject == self.subject and f.measure == fact.measure for f in self.facts):
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

    def _add(self, fact: Fact) -> None:
        """A fact, and when its subject is a part as large as the whole before it, the whole's too:
        of 收入预算9628.22万元，其中：财政拨款收入9628.22万元，比上年增加793.14万元 both rose."""
        self.facts.append(fact)
        whole = self.same_as.get(fact.subject)
        if whole and fact.measure != Measure.AMOUNT and not any(
            f.subject == whole and f.measure == fact.measure for f in self.facts
        ):
            self.facts.append(replace(fact, subject=whole))


# an item of money named just before its figure, after a clause break: ；事业收入2,194万元
NAMED_ITEM = re.compile(
    r"(?:[，,；;：:]|其中)\s*([\u4e00-\u9fff（）()]{2,14}?(?:收入|支出|经费|资金|补贴|补助|费))(?:预算)?(?:数)?(?:为|是)?\s*$"
)
LIST_OPENS = re.compile(r"如下[：:]")  # what follows are the items of a list
COMPARED = re.compile(r"比|较|同比|上年|去年|\d{4}\s*年")


def _item_named(gap: str) -> str | None:
    """The item a figure is of when the words right before it name one no subject pattern knows
    (财政拨款收入, 事业收入) — not a comparison (比上年预算支出), which keeps the subject before."""
    m = NAMED_ITEM.search(gap)
    if not m or COMPARED.search(m.group(0)) or any(word in m.group(1) for word in UP + DOWN):
        return None
    return m.group(1)


def _last_stated(facts: list[Fact]) -> str | None:
    """What a sentence was about: the one subject it gave an amount of, or the subject it ended
    stating a change of."""
    amounts = {f.subject for f in facts if f.measure == Measure.AMOUNT}
    if len(amounts) == 1:
        return amounts.pop()
    return facts[-1].subject if facts and facts[-1].measure == Measure.CHANGE else None


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
    is_reason = "原因" in m.group() or "由于" in m.group() or changed == about
    return Fact(about, Measure.REASON if is_reason else Measure.PURPOSE, None, None, text, section.number, quote)


def _figure_fact(
    subject: str, m: re.Match[str], gap: str, section: Section, quote: str, new_items: bool
) -> Fact | None:
    sign = -1.0 if any(word in gap for word in DOWN) else 1.0
    is_change = any(word in gap for word in UP + DOWN)
    if m.group("amount") is not None:
        value = float(m.group("amount").replace(",", ""))
        unit = "万元" if m.group("unit") == "万" else m.group("unit")
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
    return Fact(subject, measure, float(m.group("count")), count_unit, None, section.number, quote)


def _compared(gap: str) -> str | None:
    """What a change is measured against: 上年 / 2023年 / 上年预算."""
    m = re.search(r"(?:比|较|与|和)\s*((?:\d{4}\s*年度?|上年|去年|上一年度?)(?:预算)?(?:数)?)", gap)
    return m.group(1).replace(" ", "") if m else None


NONE_STATEMENT = re.compile(r"(无|没有|未安排|未举办|不安排|未使用|不编制|未编制)([^，。；]{0,20})")


def _statements(section: Section) -> list[Fact]:
    """Statements that something is absent: 本单位无政府性基金安排的支出 / 未举办节庆…活动."""
    facts = []
    for m in NONE_STATEMENT.finditer(section.text):
        mention = MENTION.search(m.group(2))
        if mention and mention.start() == 0:
            subject = SUBJECT_NAMES[int(mention.lastgroup[1:])]
            quote = _sentence_at(section.text, m.start())
            facts.append(Fact(subject, Measure.NONE, 0.0, None, m.group(0), section.number, quote))
    return facts


def _sentence_at(text: str, index: int) -> str:
    start = text.rfind("。", 0, index) + 1
    end = text.find("。", index)
    return text[start : end + 1 if end >= 0 else len(text)].strip()

