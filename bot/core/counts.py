"""How many (公务用车几辆, 100万元以上设备几台, 培训多少人): held, to be bought, and the people a sum is for."""

from __future__ import annotations

import re

from knowledge.domain import Measure
from knowledge.model import Fact
from knowledge.subjects import SUBJECTS
from nlu.understand import Parse

from .figures import heading, per_person, subject_name
from .lookup import DocIndex, Vocabulary
from .reply import Answer
from .targets import of_project
from .wording import figure_text, label_with_kind, money
from .words import COUNT_UNIT

KINDS_LISTED = re.compile(r"([\u4e00-\u9fff]{2,14}?(?:用车|专用车))\s*(\d+)\s*辆")  # 老干部服务用车2辆
BUYING = re.compile(r"买|购置|新增|添置|配置|配备")  # a count asked of what is to be bought


def count(parse: Parse, doc: DocIndex, vocab: Vocabulary, key: str) -> Answer:
    each = per_person(parse, doc, vocab, key)  # 按培训人数平均下来每人多少钱
    if each:
        return each
    name = subject_name(key, doc, vocab)
    held = doc.stated(key, Measure.COUNT, Measure.PEOPLE)
    new = doc.stated(key, Measure.NEW_COUNT)
    if not held and not new:
        in_targets = _counted_in_targets(parse, doc, key)
        if in_targets:
            return in_targets
        counted = doc.counted_stem(key)
        if counted is None:
            return Answer("", found=False, subject=key)
        if "购置" in key and doc.stated(counted, Measure.NEW_COUNT):  # 公务用车购置费, 买几辆: those to buy
            fact = doc.stated(counted, Measure.NEW_COUNT)[0]
            text = f"{heading(doc)}拟新增{subject_name(counted, doc, vocab)}{money(fact.value, fact.unit)}。"
            return Answer(text, [doc.fact_source(fact)], subject=counted)
        return count(parse, doc, vocab, counted)
    if new and BUYING.search(parse.wording):  # 今年还要买几台: those to be bought
        fact = new[0]
        text = f"{heading(doc)}{name}拟新增{money(fact.value, fact.unit)}。"
        return Answer(text, [doc.fact_source(fact)], subject=key)
    pieces = []
    sources = []
    if held and held[0].measure == Measure.PEOPLE:
        fact = held[0]
        figures = doc.amounts(key)
        spent = f"{label_with_kind(name, doc.info.kind)}{figure_text(figures[0])}，" if figures else ""
        return Answer(f"{heading(doc)}{spent}涉及人数约{money(fact.value, fact.unit)}。",
                      [doc.fact_source(fact)], subject=key)
    if held:
        fact = held[0]
        pieces.append(f"{name}{money(fact.value, fact.unit)}")
        # the kinds as the statement lists them (老干部服务用车2辆 too), else those the lexicon knows
        parts = [f"{kind}{n}辆" for kind, n in KINDS_LISTED.findall(fact.quote.split("其中", 1)[-1])] \
            if "其中" in fact.quote and "车" in name and len(KINDS_LISTED.findall(fact.quote)) >= 2 else [
            f"{_as_printed(k, f, doc, vocab)}{money(f.value, f.unit)}"
            for k in vocab.compositions.get(key, ()) for f in doc.stated(k, Measure.COUNT)[:1]
        ]
        if parts:
            pieces[-1] += "（" + "，".join(parts) + "）"
        people = [f for f in held if f.measure == Measure.PEOPLE and f.quote == fact.quote]
        if people:  # 接待2批次、26人次: the people of the same statement too
            pieces[-1] += f"、{money(people[0].value, people[0].unit)}"
        sources.append(doc.fact_source(fact))
    if new and not held and doc.amounts(key):  # 公务用车购置费: the money, and what it buys
        fact, spent = new[0], doc.amounts(key)[0]
        text = (f"{heading(doc)}{label_with_kind(name, doc.info.kind)}{figure_text(spent)}，"
                f"用于购置{money(fact.value, fact.unit)}。")
        return Answer(text, [doc.fact_source(fact), spent.source], subject=key)
    if new:
        fact = new[0]
        pieces.append(f"拟新增{money(fact.value, fact.unit)}")
        sources.append(doc.fact_source(fact))
    quote = held[0].quote if held else new[0].quote
    when = quote[: quote.find("，")] if quote.startswith("截至") else f"{doc.info.year}年"
    return Answer(f"{doc.info.department}{when}：" + "；".join(pieces) + "。", sources, subject=key)


def _counted_in_targets(parse: Parse, doc: DocIndex, key: str) -> Answer | None:
    """聘几个人 / 保障多少人, of 警务辅助人员经费: the project's performance indicator counting them
    (聘用人员数量≤10人, 保障离退休干部人数=21人)."""
    asked = COUNT_UNIT.search(parse.wording)
    people = asked is None or asked.group(1) in "人名"
    counting = [i for i in of_project(doc, key) if i.unit in ("人", "名") if people] or [
        i for i in of_project(doc, key) if asked and not people and i.unit.startswith(asked.group(1))]
    if not counting:
        return None
    # of several (≥3场 重点会展活动, ≥110场次 各类会展活动): the one whose name shares most words with the question
    pairs = {parse.question[i : i + 2] for i in range(len(parse.question) - 1)}
    first = max(counting, key=lambda i: sum(i.name[j : j + 2] in pairs for j in range(len(i.name) - 1)))
    where = doc.table_source(first.table) if first.table in doc.tables else doc.whole_source()
    return Answer(f"{heading(doc)}{first.project}的绩效目标：{first.name}{first.value}。", [where], subject=key)


def _as_printed(key: str, fact: Fact, doc: DocIndex, vocab: Vocabulary) -> str:
    """A kind of vehicle as the statement prints it: 其他按照规定配备的公务用车, not 其他用车."""
    printed = re.search(SUBJECTS[key], fact.quote) if key in SUBJECTS else None
    return printed.group() if printed else subject_name(key, doc, vocab)
