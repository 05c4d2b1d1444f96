"""Why a figure changed (为什么增加): the reason the document states, or — when it states none for
the subject — the reason beside its change, its parts' reasons, or the items that changed most."""

from __future__ import annotations

import re

from knowledge.domain import Measure
from knowledge.subjects import ITEM_NUMBER
from nlu.understand import Parse

from .figures import heading, subject_name, whole_of
from .lookup import DocIndex, Vocabulary
from .reply import Answer
from .wording import change_text, figure_text, label_with_kind, money, printed


def reason(parse: Parse, doc: DocIndex, vocab: Vocabulary, key: str) -> Answer:
    if "完成" in parse.wording:  # 为什么没完成预算: the reason given where the completion is stated
        shortfall = _completion_reason(doc, vocab, key)
        if shortfall:
            return shortfall
    # the budget as a whole may be explained under another of its names (支出预算 for 收入预算)
    key = next((k for k in (key, *doc.equivalents.get(key, ()))
                if doc.stated(k, Measure.REASON) or doc.stated(k, Measure.CHANGE)), key)
    name = subject_name(key, doc, vocab)
    reasons = doc.stated(key, Measure.REASON)
    whole = whole_of(key, vocab)
    if not reasons and not doc.stated(key, Measure.CHANGE) and doc.stated(key, Measure.NONE):
        return Answer("", found=False, subject=key)  # 政府性基金: the department has none — said by yesno
    if not reasons and not doc.stated(key, Measure.CHANGE) and whole and doc.stated(whole, Measure.REASON):
        # a part's change is explained with its whole's — saying that it is the whole's
        answer = reason(parse, doc, vocab, whole)
        answer.text = f"{doc.title}没有单独说明{name}的变化；{subject_name(whole, doc, vocab)}的说明是：{answer.text}"
        answer.borrowed = True
        return answer
    if not reasons:
        nearby = (_reason_near_change(doc, vocab, key) or _reasons_of_parts(doc, vocab, key)
                  or (_reasons_of_items(doc, vocab, key) if key in BUDGET_TOTALS else None))
        if nearby:
            return nearby
        purpose = doc.stated(key, Measure.PURPOSE, Measure.USE)
        if purpose:
            changes = doc.stated(key, Measure.CHANGE)
            said = f"{_changed(changes[0])}，文件没有说明原因。{name}" if changes else ""  # 与上年数持平
            return Answer(f"{heading(doc)}{name}{said}：{purpose[0].text}。", [doc.fact_source(purpose[0])],
                          subject=key)
        return Answer(f"{doc.title}没有说明{name}变化的原因。", [doc.whole_source()], found=False, subject=key)
    fact = reasons[0]
    changes = doc.stated(key, Measure.CHANGE)
    lead = ""
    if changes:
        figures = doc.amounts(key)
        now = f"{label_with_kind(name, doc.info.kind)}{figure_text(figures[0])}，" if figures else name
        lead = f"{heading(doc)}{now}{_changed(changes[0])}，"
    section = next((s for s in doc.data.sections if (s.number or s.heading) == fact.section), None)
    said = fact.text + (_listed_after(section.text, fact.text, 0) if section else "")
    return Answer(f"{lead}{said.rstrip('。')}。", [doc.fact_source(fact)], ["比上年呢"], subject=key)


def _changed(change) -> str:
    """比上年减少25万元 / 与上年持平: a stated change in the document's own precision."""
    return change_text(change.value, change.unit, change.text, None, change.quote)


def _reasons_of_parts(doc: DocIndex, vocab: Vocabulary, key: str) -> Answer | None:
    """“三公”经费 fell, and the document explains its parts (公务用车购置费：2026年无购置公务用车计划):
    the whole's change, then each part's reason."""
    parts, seen = [], set()
    for part in vocab.compositions.get(key, ()):
        for inner in (part, *vocab.compositions.get(part, ())):
            for fact in doc.stated(inner, Measure.REASON):
                if fact.text not in seen:
                    seen.add(fact.text)
                    parts.append((subject_name(inner, doc, vocab), fact))
    if not parts:
        return None
    name = subject_name(key, doc, vocab)
    changes, figures = doc.stated(key, Measure.CHANGE), doc.amounts(key)
    stated = f"{label_with_kind(name, doc.info.kind)}{figure_text(figures[0])}" if figures else name
    lead = f"{heading(doc)}{stated}" + (("，" if figures else "") + _changed(changes[0]) if changes else "")
    explained = "；".join(f"{part}：{fact.text}" for part, fact in parts)
    return Answer(f"{lead}。文件对其中各项的说明——{explained}。", [doc.fact_source(f) for _, f in parts][:3],
                  subject=key)


BUDGET_TOTALS = ("收入预算", "支出预算", "收入决算", "支出决算")  # the budget as a whole


def _reasons_of_items(doc: DocIndex, vocab: Vocabulary, key: str) -> Answer | None:
    """The budget as a whole grew, and the document explains only the items that grew most (专项普查活动
    +181.78万元：…第四次全国农业普查): those, largest change first."""
    explained = []
    for item, facts in doc.facts.items():
        changes = [f for f in facts if f.measure == Measure.CHANGE and f.value_wan]
        reasons = [f for f in facts if f.measure == Measure.REASON and f.text]
        if item != key and changes and reasons:
            explained.append((abs(changes[0].value_wan), item, changes[0], reasons[0]))
    if not explained:
        return None
    explained.sort(key=lambda e: -e[0])
    name = subject_name(key, doc, vocab)
    changes = doc.stated(key, Measure.CHANGE)
    lead = f"{heading(doc)}{name}" + (_changed(changes[0]) if changes else "")
    items = "；".join(f"{subject_name(item, doc, vocab)}（{_changed(c)}）：{r.text}" for _, item, c, r in explained[:3])
    return Answer(f"{lead}。文件没有说明总的原因，对变化最大的几项说明如下——{items}。",
                  [doc.fact_source(r) for *_, r in explained[:3]], subject=key, quoted=True)


def _reason_near_change(doc: DocIndex, vocab: Vocabulary, key: str) -> Answer | None:
    """A change stated without a reason the facts caught: the explanation that follows it in the
    same paragraph (…减少247.70万元，主要是落实过紧日子要求…)."""
    for change in doc.stated(key, Measure.CHANGE):
        section = next((s for s in doc.data.sections if (s.number or s.heading) == change.section), None)
        if section is None:
            continue
        at = section.text.find(change.quote[:20])
        if at < 0:
            continue
        # the change's own sentence and the two after it, within its numbered item (3.公务用车… is another's)
        end = at + len(change.quote)
        following = [s for s in re.split(r"(?<=。)", section.text[end:]) if s.strip()][:2]
        # a numbered item (3. / （三）) or part (三、) opening: another subject's
        following = following[: next((i for i, s in enumerate(following)
                                      if ITEM_NUMBER.match(s) or PART_OPENS.match(s)), 2)]
        why = re.search(r"(?:主要(?:原因)?(?:说明)?(?:是|为|：|:)|原因是|由于|因为)[^。]{4,}",
                        section.text[at:end] + "".join(following))
        if why:
            said = why.group(0) + _listed_after(section.text, why.group(0), at)
            text = f"{heading(doc)}{subject_name(key, doc, vocab)}{_changed(change)}，{said.rstrip('。')}。"
            return Answer(text, [doc.fact_source(change)], subject=key)
    return None


PART_OPENS = re.compile(r"\s*(?:[一二三四五六七八九十]{1,3}、|第[一二三四五六七八九十]{1,3}部分)")
LISTED_SHOWN = 300  # characters of the numbered reasons a reason opening a list goes on with


def _listed_after(text: str, why: str, start: int) -> str:
    """The numbered items a reason opens (主要原因说明：（一）主要增加因素：1.…) and goes on with in the
    sentences after it (主要原因：… 2.… （二）…), up to LISTED_SHOWN characters and within its part."""
    if not re.search(r"[：:]\s*(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}\s*[.、．])", why):
        return ""
    end = text.find(why, start) + len(why)
    said = ""
    for sentence in re.split(r"(?<=。)", text[end:]):
        if not sentence.strip() or sentence.strip() == "。":
            continue
        if PART_OPENS.match(sentence) or len(said) + len(sentence) > LISTED_SHOWN:
            break  # the next part of the document (二、…), or enough said
        said += sentence
    return ("。" + said.strip()) if said else ""


def _completion_reason(doc: DocIndex, vocab: Vocabulary, key: str) -> Answer | None:
    for candidate in (key, *doc.equivalents.get(key, ()), "一般公共预算拨款", "支出决算"):
        for done in doc.stated(candidate, Measure.COMPLETION_PCT):
            why = [f for f in doc.facts.get(candidate, []) + doc.stated(candidate, Measure.REASON)
                   if f.measure == Measure.REASON and f.section == done.section]
            if why:
                budget, final = doc.stated(candidate, Measure.BUDGET), doc.stated(candidate, Measure.FINAL)
                figures = "".join(f"{label}{money(f[0].value, f[0].unit)}，"
                                  for label, f in (("年初预算", budget), ("决算", final)) if f)
                name = subject_name(candidate, doc, vocab)
                text = f"{heading(doc)}{name}{figures}完成年初预算的{printed(done.value, done.quote)}%，{why[0].text}。"
                return Answer(text, [doc.fact_source(done)], subject=candidate)
    return None
