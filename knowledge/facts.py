"""Figures and statements of the narrative, read sentence by sentence.

A sentence is scanned left to right for subject mentions (三公经费, 基本支出, …), figures with a
unit (3.93 万元, 11.17%, 1 辆) and the words between them. A figure belongs to the subject last
mentioned; the words before it say what it is: 增加/减少 make it a change, 占 a share, 年初预算
a budget figure, 完成 a completion rate. 主要是…/主要用于… after a subject is its reason or use.
"""

from __future__ import annotations

import re
from dataclasses import replace

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
    "服务类采购": r"服务类(?:采购)?|(?<=拟采购)服务|(?<=政府采购)服务|服务采购",
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
MENTION = re.compile("|".join(f"(?P<s{i}>{p})" for i, p in enumerate(SUBJECTS.values())))
SUBJECT_NAMES = list(SUBJECTS)

# "0.39万（含…）": a bare 万 before punctuation is 万元
AMOUNT = r"(?P<amount>-?\d[\d,]*(?:\.\d+)?)\s*(?P<unit>亿元|万元|元|万(?=[（(，,。；;、]))"
PERCENT = r"(?P<pct>-?\d+(?:\.\d+)?)\s*(?:%|％)"
COUNT = r"(?P<count>\d+)\s*(?P<cunit>辆|台|套|人次|人|个|场|次|项)"
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


# a heading naming money no subject pattern knows: （六）委托业务费情况 -> 委托业务费
OPEN_SUBJECT = re.compile(
    r"^(?:[\d.、．]+)?([\u4e00-\u9fff（）()]{2,16}?(?:费|经费|资金|补贴|补助))(?:预算)?(?:情况|情况说明|说明)?$"
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
    facts: list[Fact] = []
    events: list[tuple[int, int, str, re.Match[str]]] = []
    for m in MENTION.finditer(sentence):
        events.append((m.start(), m.end(), "subject", m))
    taken = [(s, e) for s, e, _, _ in events]
    for m in FIGURE.finditer(sentence):
        if not any(s <= m.start() < e for s, e in taken):
            events.append((m.start(), m.end(), "figure", m))
    for m in EXPLANATION.finditer(sentence):
        events.append((m.start(), m.end(), "why", m))
    for m in FLAT.finditer(sentence):
        events.append((m.start(), m.end(), "flat", m))
    events.sort(key=lambda event: event[0])

    heading = subject
    gap_start = 0  # where the words that qualify the next figure begin
    mentioned = False  # a subject was named in this sentence (not only in the heading)
    stated_here: set[tuple[str, str]] = set()
    new_items = False
    skip_until = 0
    quote = sentence.strip()
    for start, end, kind, m in events:
        if start < skip_until:
            continue
        gap = sentence[gap_start:start]
        if kind == "subject":
            named = SUBJECT_NAMES[int(m.lastgroup[1:])]
            # “三公”经费(财政拨款)支出预算 / 政府采购支出决算为: the generic word qualifies the subject before it
            if (
                named in GENERIC_SUBJECTS
                and (mentioned or subject is not None and subject == heading)
                and subject not in GENERIC_SUBJECTS
                and re.fullmatch(r"[^；;。]{0,12}", gap)
            ):
                continue
            subject, mentioned = named, True
            new_items = new_items or bool(re.search(r"新增|(?:拟|安排|计划)(?:购置|配置|配备)", sentence[:start]))
            gap_start = end
            continue
        if kind == "why":
            about = subject if mentioned else _explained(sentence[:start], m.group(), heading, changed, stated)
            if about is None:
                continue
            fact = _why_fact(about, sentence, m, changed, section, quote)
            facts.append(fact)
            if fact.measure == "use":  # the figures of a use (主要用于…5辆公务用车) are not the subject's
                skip_until = gap_start = start + len(fact.text)
            continue
        if subject is None:
            if kind == "figure":
                changed = None  # a figure of something unnamed: a reason after it is about that
            continue
        if kind == "flat":
            if mentioned and not EXPLANATION.search(gap):  # not "主要原因是与上年持平"
                facts.append(Fact(subject, "change", 0.0, "万元", _compared(gap), section.number, quote))
                changed = subject
            continue
        fact = _figure_fact(subject, m, gap, section, quote, new_items)
        if fact is None:
            continue
        if fact.measure in ("amount", "count", "new_count"):
            if (subject, fact.measure) in stated_here:
                continue  # a second figure without a new mention is a part we cannot name
            stated_here.add((subject, fact.measure))
        if fact.measure in ("change", "change_pct", "completion_pct"):  # what a 主要原因 explains
            changed = subject
        facts.append(fact)
        gap_start = end
    return facts, changed


def _last_stated(facts: list[Fact]) -> str | None:
    """What a sentence was about: the one subject it gave an amount of, or the subject it ended
    stating a change of."""
    amounts = {f.subject for f in facts if f.measure == "amount"}
    if len(amounts) == 1:
        return amounts.pop()
    return facts[-1].subject if facts and facts[-1].measure == "change" else None


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
    if m.group().endswith("用于"):
        # a use ends where a change of the subject is stated
        text = re.split(r"[，,]\s*(?=(?:比|较|与)[^，。；]{0,12}(?:增|减|下降|上升|持平|相同))", text)[0]
        return Fact(about, "use", None, None, text, section.number, quote)
    text = re.split(r"[，,；;]\s*主要用于", text)[0]
    is_reason = "原因" in m.group() or "由于" in m.group() or changed == about
    return Fact(about, "reason" if is_reason else "purpose", None, None, text, section.number, quote)


def _figure_fact(
    subject: str, m: re.Match[str], gap: str, section: Section, quote: str, new_items: bool
) -> Fact | None:
    sign = -1.0 if any(word in gap for word in DOWN) else 1.0
    is_change = any(word in gap for word in UP + DOWN)
    if m.group("amount") is not None:
        value = float(m.group("amount").replace(",", ""))
        unit = "万元" if m.group("unit") == "万" else m.group("unit")
        if is_change:
            return Fact(subject, "change", sign * value, unit, _compared(gap), section.number, quote)
        if "年初预算" in gap or "预算数为" in gap and "决算" in section.heading:
            return Fact(subject, "budget", value, unit, None, section.number, quote)
        if "决算" in gap:
            return Fact(subject, "final", value, unit, None, section.number, quote)
        return Fact(subject, "amount", value, unit, None, section.number, quote)
    if m.group("pct") is not None:
        value = float(m.group("pct"))
        if is_change:
            return Fact(subject, "change_pct", sign * value, "%", None, section.number, quote)
        if "完成" in gap:
            return Fact(subject, "completion_pct", value, "%", None, section.number, quote)
        if "占" in gap:
            return Fact(subject, "share", value, "%", gap.strip("，,：: "), section.number, quote)
        return None
    count_unit = m.group("cunit")
    measure = "people" if count_unit in ("人", "人次") else ("new_count" if new_items else "count")
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
            facts.append(Fact(subject, "none", 0.0, None, m.group(0), section.number, quote))
    return facts


def _sentence_at(text: str, index: int) -> str:
    start = text.rfind("。", 0, index) + 1
    end = text.find("。", index)
    return text[start : end + 1 if end >= 0 else len(text)].strip()

