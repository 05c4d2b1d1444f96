"""Words no known name explains (在编人员, 固定资产总额, 社工): the document's own sentence, performance
indicator or project form about them — or that it does not state them, with the nearest known names."""

from __future__ import annotations

import re
from dataclasses import replace

from knowledge.domain import Measure
from nlu.context import Context
from nlu.intents import Intent
from nlu.understand import Parse

from . import figures, targets, units, words
from .lookup import DocIndex, Vocabulary
from .registry import REGISTRY
from .reply import Answer

COUNTED = (Measure.COUNT, Measure.PEOPLE, Measure.NEW_COUNT)
NEGATED = re.compile(r"(?:未|无|没有|不)$")
SUPPLIER = re.compile(r"哪家公司|哪个公司|什么公司|哪家单位中标|中标|供应商|承包商")  # who is paid, not how much
PART_ASKED = re.compile(r"^(?:那|那么)?其中|那块|这块|那部分|这部分|呢$")  # a part of the subject so far
MONEY_WORD = re.compile(r"(?:经费|资金|费用|支出|金额)$")


def words_unnamed(parse: Parse, doc: DocIndex, vocab: Vocabulary, context: Context) -> Answer | None:
    """Words no known name explains, when they are what is asked rather than the subject named."""
    if SUPPLIER.search(parse.question):  # 外包给哪家公司的: not the project's figure — no disclosure names them
        return Answer(f"{doc.title}没有写明承接或中标的单位：部门预算公开列出项目和金额，不公布供应商。",
                      [doc.whole_source()], found=False)
    unit = next((u for p in parse.missing if (u := units.unit_shortened(doc, p))), None)
    asked = [k for k in parse.subjects if k not in units.UNIT_TOTALS]
    budget = units.unit_budget(doc, unit, asked[0] if asked else None, vocab) if unit and len(asked) <= 1 else None
    if budget:  # 下属的军休所收入预算: that unit's row
        return budget
    body = next((p for p in parse.missing if len(p) >= 4 and units.UNIT_END.search(p)), None)
    if body and not unit:  # 深圳市卫健委下属深圳市人民医院: a body its budget does not list, not its figure
        return Answer(f"{doc.title}没有单列“{body}”的预算：它不在本部门预算所列的单位中。", [doc.whole_source()],
                      found=False)
    whole_name = targets.project_in_words(parse, doc, vocab) if parse.intent in (
        Intent.AMOUNT, Intent.TARGET, Intent.USE) else None
    if whole_name and whole_name.found:
        return whole_name
    if parse.subjects and parse.intent == Intent.AMOUNT and "项目" in parse.wording:
        # 信息化运行维护项目: a project form whose name holds the name asked and the words beside it
        named = tuple(re.sub(r"[（(][^）)]*[）)]$", "", vocab.display.get(k, k)) for k in parse.subjects)
        form = targets.project_budget(doc, (*named, *parse.missing))
        if form.found:
            return form
    part = _part_named(parse, doc, vocab)
    if part:
        return part
    if not parse.subjects:
        return unnamed(parse, doc, vocab, parse.scope)  # within a scope: its name helps find them
    named = vocab.display.get(parse.subjects[0], parse.subjects[0]) if parse.subjects else ""
    # 多少人参加培训 after 培训费: words about the subject so far (培训), not something new
    about_it = any(p[i : i + 2] in named for p in parse.missing for i in range(len(p) - 1))
    if parse.subject_carried and not about_it and (max(map(len, parse.missing)) >= 3
                                                    or PART_ASKED.search(parse.question)):
        # 固定资产总额呢 after 公务用车: something new, not the last subject (a lone verb such as
        # 保障 in 保障多少人 is asked about the last subject); 请律师那块呢 / 其中12号线PPP项目呢: a part of it
        numbered = tuple(m.group() for p in parse.missing if (m := re.search(rf"\d+{re.escape(p)}", parse.question)))
        found = unnamed(replace(parse, missing=numbered or parse.missing), doc, vocab, parse.subjects[0])
        return found if found.found or not PART_ASKED.search(parse.question) else None
    if parse.intent == Intent.COUNT and not _counts(doc, doc.resolve(parse.subjects[0])):
        # 采购了多少名社工: what is counted is the words no name explains, not the 政府采购 of the verb
        found = unnamed(replace(parse, subjects=()), doc, vocab, context.subject)
        return found if found.found else None
    return None


def unnamed(parse: Parse, doc: DocIndex, vocab: Vocabulary, carried: str | None = None) -> Answer:
    """在编人员有多少 / 固定资产总额呢: words no known name explains — the document's own sentence or
    performance indicator about them, else that it does not state them, with the known names nearest."""
    named = (vocab.display.get(carried, carried),) if carried else ()
    # 举办节庆晚会: 举办/节庆/晚会; 工作经费: 工作 (the money word may be left out where the figure is given)
    asked = tuple(MONEY_WORD.sub("", w) if len(MONEY_WORD.sub("", w)) >= 2 else w
                  for phrase in parse.missing for w in words.split_words(phrase))
    budget = targets.project_budget(doc, asked) if parse.intent == Intent.AMOUNT else None
    # 商务发展资金(项目): the form named so, before a row merely holding the words (商务发展促进中心)
    if budget and budget.found and ("项目" in parse.wording or MONEY_WORD.sub("", budget.subject or "") in asked):
        return budget
    indicator = targets.indicator_named(doc, parse.missing)
    if indicator and parse.intent == Intent.TARGET:  # 安全事故的目标值: the indicator, before a sentence about it
        return targets.target(parse, doc, vocab, indicator)
    rows = doc.keys_holding(asked) if parse.intent in (Intent.AMOUNT, Intent.SUM) else []
    if len(rows) == 1:  # 口岸单位补贴, 人民调解项目: a table row names it in full
        return replace(figures.amount(parse, doc, vocab, rows[0]), quoted=True)
    if budget and budget.found:
        return budget
    quoted = words.passage(parse, doc, (*asked, *named), must=asked)
    quoted.subject = carried or (parse.missing[0] if parse.missing else None)
    for phrase in reversed([p for p in parse.missing if len(p) >= 3] if len(parse.missing) > 1 and not quoted.found
                           else []):
        # 家底有多厚？固定资产总共多少钱: the phrases one at a time, the last asked first
        alone = tuple(words.split_words(phrase))
        quoted = words.passage(parse, doc, (*alone, *named), must=alone)
        quoted.subject = phrase
        if quoted.found:
            break
    if not quoted.found and any(len(p) == 4 for p in parse.missing):
        # 会计人才 in 培养40名…先进会计理论人才: the two words of a four-character phrase apart
        apart = tuple(w for p in parse.missing for w in ([p[:2], p[2:]] if len(p) == 4 else words.split_words(p)))
        quoted = words.passage(parse, doc, (*apart, *named), must=apart)
    if not quoted.found and not parse.subjects:
        quoted = words.sentence_holding(doc, parse.keywords)
    if quoted.found:  # its words stay the subject: 这笔钱主要干什么用 asks about them next
        if parse.intent == Intent.YESNO and asked and NEGATED.search(quoted.text.split(asked[0], 1)[0][-3:]):
            quoted.text = f"没有。{quoted.text}"  # 有没有举办节庆晚会: “未举办节庆、晚会…”
        return quoted
    if indicator:
        return targets.target(parse, doc, vocab, indicator)
    asked = "、".join(f"“{w}”" for w in parse.missing[:2])
    what = REGISTRY[parse.intent].missing
    near = [vocab.display.get(k, k) for k in parse.near]
    text = f"{doc.title}中没有找到{asked}的{what}。"
    if near:
        text += f"文件中相近的有：{'、'.join(near)}。"
    return Answer(text, [doc.whole_source()], [f"{n}是多少" for n in near], found=False)


def _part_named(parse: Parse, doc: DocIndex, vocab: Vocabulary) -> Answer | None:
    """政府采购预算中预留给中小企业的: the one row or column whose name holds the name asked and the words
    beside it (其中：2026年政府采购项目中预留给中小企业的项目资金规模)."""
    if len(parse.subjects) != 1 or parse.intent != Intent.AMOUNT:
        return None
    key = doc.resolve(parse.subjects[0])
    named = re.sub(r"[（(][^）)]*[）)]$", "", vocab.display.get(key, key))
    asked = tuple(w for phrase in parse.missing for w in words.split_words(phrase))
    found = [k for k in doc.keys_holding((named, *asked)) if k != key]
    return replace(figures.amount(parse, doc, vocab, found[0]), quoted=True) if len(found) == 1 else None


def _counts(doc: DocIndex, key: str) -> bool:
    """Whether the document counts the subject: a stated count, or an indicator of it (座席配置200个), or of
    the people its project is for."""
    return bool(doc.stated(key, *COUNTED) or doc.indicators.get(key)
                or any(i.unit in ("人", "名") for i in targets.of_project(doc, key)))  # 保障离退休干部人数=21人
