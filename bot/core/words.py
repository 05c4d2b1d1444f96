"""Replies in words: uses, definitions, 科目 codes, the department itself, tables, passages."""

from __future__ import annotations

import re

from rapidfuzz import fuzz, process

from knowledge.domain import Measure
from knowledge.model import Section
from nlu.intents import Intent
from nlu.understand import Parse

from .figures import amount, heading, subject_name
from .lookup import DocIndex, Vocabulary
from .reply import Answer, Source
from .wording import figure_text


def use(parse: Parse, doc: DocIndex, vocab: Vocabulary, key: str) -> Answer:
    name = subject_name(key, doc, vocab)
    stated = doc.stated(key, Measure.USE) or doc.stated(key, Measure.PURPOSE)
    if not stated:
        section = doc.section_about(name)  # （五）项目支出1,531.45万元，具体包括：…
        if section is None:
            return Answer("", found=False, subject=key)
        return Answer(f"{heading(doc)}{name}：{_clip(doc.section_with_parts(section), 400)}",
                      [doc.section_source(section.number)], subject=key)
    texts = list(dict.fromkeys(f.text for f in doc.stated(key, Measure.USE) + doc.stated(key, Measure.PURPOSE)))
    figures = doc.amounts(key)
    lead = f"{heading(doc)}{name}{figures[0].value:.2f}{figures[0].unit}，" if figures else f"{heading(doc)}{name}"
    return Answer(f"{lead}{'；'.join(texts)}。", [doc.fact_source(stated[0])], subject=key)


def definition(parse: Parse, doc: DocIndex, vocab: Vocabulary, key: str) -> Answer:
    term = doc.terms.get(key)
    if term:
        return Answer(f"{term.term}：{term.definition}", [_glossary_source(doc, term.section)],
                      [f"{subject_name(key, doc, vocab)}是多少"], subject=key)
    explained = explained_within(doc, subject_name(key, doc, vocab))
    if explained:
        return explained
    rows = doc.rows.get(key) or doc.codes.get(key)
    if rows and rows[0].code:
        return code(parse, doc, vocab, rows[0].code, rows=rows)
    used = use(parse, doc, vocab, key)  # 基本支出: …主要是为保障部门正常运转、完成日常工作任务而发生的各项支出
    return used if used.found else amount(parse, doc, vocab, key)


def explained_within(doc: DocIndex, name: str) -> Answer | None:
    """其中，公务用车购置及运行费反映…: a part explained inside another term of the glossary (its
    brackets printed either way: 因公出国(境)费)."""
    pattern = re.escape(name).replace("（", "[（(]").replace("）", "[）)]")
    for entry in doc.data.terms:
        clause = re.search(rf"{pattern}(?:反映|是指|指|包括)[^；;。]*", entry.definition)
        if clause:
            return Answer(f"{clause.group(0)}。", [_glossary_source(doc, entry.section)])
    return None


def glossary(parse: Parse, doc: DocIndex) -> Answer:
    terms = doc.data.terms
    if not terms:
        return Answer(f"{doc.title}没有名词解释。", found=False)
    names = "、".join(t.term for t in terms)
    return Answer(f"{doc.title}的名词解释有{len(terms)}条：{names}。可以问“什么是{terms[0].term}”。",
                  [_glossary_source(doc, terms[0].section)], [f"什么是{t.term}" for t in terms[:3]])


def _glossary_source(doc: DocIndex, section: str) -> Source:
    return doc.section_source(section, doc.headings.get(section, "名词解释"))


def code(parse: Parse, doc: DocIndex, vocab: Vocabulary, number: str, rows=None) -> Answer:
    rows = rows or doc.codes.get(number, [])
    if not rows:
        return Answer(f"{doc.title}中没有编码为{number}的科目。", [doc.whole_source()], found=False)
    # of the tables listing the 科目, the one with its whole figure (基本支出 and 项目支出 together)
    row = max(rows, key=lambda r: (f.wan or 0) if (f := doc.row_figure(r)) else -1)
    # 政府收支分类科目: 功能分类 codes begin with 2 (201 一般公共服务支出), 经济分类 with 3 or 5 (30101 基本工资)
    kind = "功能科目" if (row.code or number).startswith("2") else "经济科目"
    figure = doc.row_figure(row)
    text = f"{row.code or ''}是{kind}“{row.name}”"
    if figure:
        text += f"，{heading(doc)}{doc.info.kind}{figure_text(figure)}"
    others = [r for r in rows if r.table_number != row.table_number]
    sources = [doc.row_source(row, figure.source.column if figure else None)]
    if others:
        sources.extend(doc.row_source(r, None) for r in others[:2])
    return Answer(f"{text}。", sources, subject=None)


def _with_items(doc: DocIndex, first: Section) -> str:
    """A section's lead-in (主要职责是：) and the numbered items after it (（一）…), up to the next part of
    the document — the heading 一、主要职能 may have no text of its own."""
    top = first.number.split("（")[0].rstrip("、")
    start = doc.data.sections.index(first)
    items = []
    for section in doc.data.sections[start + 1 :]:
        if not top or section.number and not section.number.startswith(top):
            break
        item = f"{section.heading}{section.text}"
        items.append(item[: item.find("。") + 1] or item)  # its first sentence: every duty, briefly
    return first.text + "".join(f"（{i + 1}）{item}" for i, item in enumerate(items[:15]))


def parent(parse: Parse, doc: DocIndex) -> Answer:
    sections = doc.section_text("机构设置", "单位构成", "基本概况", "机构", "概况")
    if doc.info.parent:
        quote = next((s.text for s in sections if doc.info.parent in s.text), "")
        text = f"{doc.info.department}隶属于{doc.info.parent}。"
        if quote:
            text += f"文件原文：“{quote[:120]}”"
        return Answer(text, [doc.section_source(sections[0].number)] if sections else [doc.whole_source()])
    if sections:
        return Answer(f"{doc.info.department}：{sections[0].text[:200]}", [doc.section_source(sections[0].number)])
    return Answer(f"{doc.title}没有说明上级主管部门。", found=False)


def functions(parse: Parse, doc: DocIndex) -> Answer:
    for first in (s for s in doc.data.sections if "职能" in s.heading or "职责" in s.heading):
        text = _with_items(doc, first)
        if text:
            return Answer(f"{doc.info.department}的主要职责：{_clip(text, 600)}",
                          [doc.section_source(first.number, first.heading)])
    stated = [s for s in doc.data.sections if re.search(r"主要(?:职责|职能)", s.text)]
    if stated:
        text = stated[0].text
        text = text[re.search(r"主要(?:职责|职能)", text).start() :]
        return Answer(f"{doc.info.department}的{_clip(text, 500)}", [doc.section_source(stated[0].number)])
    return Answer(f"{doc.title}没有列出部门职责。", found=False)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit].rstrip("，；、") + "……"


RANK = re.compile(r"[正副]?(?:部|厅|局|处|科|股)级")  # 为正处级, 正科级公益一类事业单位
RANK_ASKED = re.compile(r"级别|几级|什么级|哪一级")


def organisation(parse: Parse, doc: DocIndex) -> Answer:
    if RANK_ASKED.search(parse.wording):  # 是什么级别的部门: the sentence giving its rank
        for where, sentences in doc.texts:
            ranked = next((s for s in sentences if RANK.search(s)), None)
            if ranked:
                return quoted(doc, where, ranked, 200)
    sections = doc.section_text("机构设置", "单位构成", "机构", "预算构成")
    if not sections:
        return Answer(f"{doc.title}没有说明机构设置。", found=False)
    stated = _units_stated(parse, doc, sections)
    if stated:
        return stated
    text = "；".join(f"{s.heading}：{s.text[:200].rstrip('。')}" for s in sections[:2])
    return Answer(f"{text}。", [doc.section_source(s.number) for s in sections[:2]])


# the kinds of unit a count is of; any other (预算单位, 下属单位) is counted as 单位
UNIT_KINDS = ("事业单位", "行政单位", "内设机构", "机构", "处室", "科室")


def _units_stated(parse: Parse, doc: DocIndex, sections: list[Section]) -> Answer | None:
    """下属有几个预算单位 / 事业单位呢 / 都是哪些: the sentence of the organisation sections counting (or
    listing) the kind of unit asked — 下属8个全额拨款事业单位, 预算单位共计8家."""
    kind = next((k for k in UNIT_KINDS if k in parse.question), "单位")
    kind = "(?:处室|部门|机构)" if kind in ("处室", "科室", "内设机构") else kind  # …共18个部门: its 处室
    listing = bool(re.search(r"哪些|哪几|哪个|名单|分别|都是", parse.wording))
    if not listing and re.search(r"几|多少", parse.wording):
        wanted = rf"\d+\s*[个家所][^，。；]{{0,10}}{kind}|{kind}[^。；]{{0,8}}?(?:共计|共|为|有)\s*\d+\s*[个家所]"
    elif listing:
        wanted = rf"{kind}[^。]{{0,6}}?(?:分别为|分别是|包括|如下|：|:)[^。]{{4,}}|下属{kind}[^。，；]{{4,30}}、"
    else:
        return None
    for section in sections:
        text = section.text
        found = re.search(wanted, text)
        if found:  # quoted from its sentence's start (or just before what was found, in a long charter) to the
            # end of that sentence — a listing (1.…。2.…。) to the end of the list
            opening = text.rfind("。", 0, found.start()) + 1
            start = max(opening, min(found.start() - 60, found.end() - 240))
            end = len(text) if listing else text.find("。", found.end()) + 1 or len(text)
            quote = ("……" if start > opening else "") + _clip(text[start : max(end, found.end())], 400)
            return quoted(doc, doc.section_source(section.number, section.heading), quote, 410)
    return None


def table_named(doc: DocIndex, name: str) -> int:
    """The number of the table whose title best fits a name (财政拨款收支总表), or 0."""
    titles = {number: t.title for number, t in doc.tables.items()}
    best = process.extractOne(name, titles, scorer=fuzz.partial_ratio, score_cutoff=70)
    return best[2] if best else 0


def table(parse: Parse, doc: DocIndex) -> Answer:
    """表7 / 财政拨款收支总表: its title, unit and total row."""
    number = parse.table if parse.table is not None else table_named(doc, parse.table_name or "")
    found = doc.tables.get(number)
    if not found:
        text = f"{doc.title}共有{len(doc.tables)}张表，没有表{number}。"
        return Answer(text, [doc.whole_source()], found=False)
    source = doc.table_source(number)
    if found.empty:
        return Answer(f"表{number}是《{found.title}》，为空表，即本部门无相关收支。", [source])
    rows = [r for r in doc.data.rows if r.table_number == number]
    text = f"表{number}是《{found.title}》（单位：{found.unit}），共{len(rows)}行"
    total = next((r for r in rows if r.values), None)
    if total:
        figures = "，".join(f"{column}{value:,.2f}" for column, value in list(total.values.items())[:6])
        text += f"；{total.name}：{figures}"
    return Answer(f"{text}。", [source])


# what a sentence must hold to answer an intent from the text
MONEY_FIGURE = r"\d(?:[\d,]*\d)?(?:\.\d+)?\s*(?:万元|亿元|元)"
NEEDS = {Intent.REASON: r"原因|主要是|由于|因为|用于|主要用于", Intent.USE: r"用于|用途|包括|主要是",
         Intent.COUNT: r"\d+\s*(?:人|名|个|辆|台|套|家|次|座|项|户|件|场|亩)", Intent.AMOUNT: MONEY_FIGURE,
         Intent.TARGET: r"\d|%", Intent.YESNO: r".", Intent.COMPLETION: r"完成|%",
         Intent.BREAKDOWN: r"包括|包含|分别|其中|主要|为"}


LINKS = re.compile(r"[给的了和与及向把]")  # one-character words that join two words of a phrase


COUNT_UNIT = re.compile(r"(?:多少|几)个?(人|名|辆|台|套|家|次|项|户|件|场|亩)")


def split_words(phrase: str) -> list[str]:
    """A phrase as the words a sentence may hold apart: 举办节庆晚会 -> 举办, 节庆, 晚会 (pairs of
    characters, which Chinese words mostly are), or the phrase itself when it is one word (工作人员)."""
    parts = LINKS.split(phrase) if len(phrase) > 4 else [phrase]
    if len(parts) > 1 and min(map(len, parts)) >= 2:  # 预留给中小企业 -> 预留, 中小企业 (printed: 面向中小企业预留)
        return [w for part in parts for w in split_words(part)]
    if len(phrase) <= 4:
        return [phrase]
    return [phrase[i : i + 2] for i in range(0, len(phrase) - 1, 2)] + ([phrase[-2:]] if len(phrase) % 2 else [])


def passage(parse: Parse, doc: DocIndex, words: tuple[str, ...] | None = None, *,
            must: tuple[str, ...] = ()) -> Answer:
    """The document's own sentence about what was asked, quoted with its section, when no figure
    or statement of the knowledge base answers it. Asked for a figure of words no known name explains,
    the sentence must give a figure right after them (固定资产金额27,273.35万元)."""
    need = NEEDS.get(parse.intent)
    label = "(?!)"  # a name heading a paragraph (四环主路维修专项工程：…), when a figure is asked for
    if not must and parse.subjects and parse.intent in (Intent.AMOUNT, Intent.COUNT):
        # 水电费预算是多少: only a sentence that gives its figure (a name without its bracketed note)
        must = tuple(re.sub(r"\([^()]*\)$", "", subject) for subject in parse.subjects)
    if must and parse.intent in (Intent.AMOUNT, Intent.COUNT):
        # the figure right after the name (and a bracketed note: 管理中心（深圳市治理深圳河办公室）预算…), or
        # anywhere in the paragraph the name heads as a label (四环主路维修专项工程：…安排…21,384.60万元)
        names = "|".join(map(re.escape, must))
        label = rf"(?:{names})[^，。；：:]{{0,8}}[：:].*?(?:{need})"
        need = rf"(?:{names})(?:[（(][^）)]{{0,20}}[）)])?[^。；，,]{{0,12}}?(?:{need})|{label}"
    unit = COUNT_UNIT.search(parse.wording) if parse.intent == Intent.COUNT else None
    if unit:  # 接待了多少人: a sentence counting people (接待人数共13人), before one counting visits (0人次)
        counted = r"(?:人(?!次)|名)" if unit.group(1) in "人名" else re.escape(unit.group(1))
        found = doc.passage(words or parse.keywords, need.replace(NEEDS[Intent.COUNT], rf"\d+\s*{counted}"), must=must)
    if not unit or not found:
        found = doc.passage(words or parse.keywords, need, must=must)
    if not found:
        return Answer("", found=False)
    where, sentence = found
    if len(must) > 1 and parse.intent in (Intent.AMOUNT, Intent.COUNT) and not re.search(label, sentence) and not any(
        re.search(need, part) and all(w in part for w in must) for part in re.split(r"(?<=。)", sentence)
    ):
        return Answer("", found=False)  # 口岸…补贴: the words apart, in two sentences, name nothing together
    return quoted(doc, where, sentence)


def _clip_to_figure(text: str, limit: int) -> str:
    """A long sentence cut to the reply's room — keeping the clause that gives its figure when that stands
    beyond the cut (…收费部门为…，收入预计3,200.00万元)."""
    figure = re.search(MONEY_FIGURE, text)
    if len(text) <= limit or figure is None or figure.end() <= limit:
        return _clip(text, limit)
    start = max(max(text.rfind(mark, 0, figure.start()) for mark in "，、；") + 1, figure.start() - 40)
    clause = text[start:]
    return _clip(text, max(limit - len(clause), 40)) + _clip(clause, limit // 2)


def quoted(doc: DocIndex, where: Source, sentence: str, limit: int = 240) -> Answer:
    """The document's own sentence, with where it stands (…三、政府采购预算情况中写道：“…”), cut to `limit`
    keeping the clause that gives its figure."""
    return Answer(f"{doc.title}{where.place}中写道：“{_clip_to_figure(sentence, limit)}”", [where], quoted=True)


def sentence_holding(doc: DocIndex, keywords: tuple[str, ...]) -> Answer:
    """整合全市政务热线时哪些紧急热线不整合: the one sentence holding most of the question's content words,
    whatever kind of statement it is, when nothing else answers (three words at least, to be sure of it)."""
    found = doc.passage(keywords) if len(keywords) >= 3 else None
    if not found:
        return Answer("", found=False)
    return quoted(doc, *found)

