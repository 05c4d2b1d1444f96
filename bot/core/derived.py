"""Figures the documents do not state but that follow from the ones they do: shares and ratios, sums
and differences, one subject across departments, last year's figure, and whether one is more than
another. Each says how it was derived.
"""

from __future__ import annotations

import re
from collections import Counter

from knowledge.domain import Measure, TableKind, is_total
from nlu.intents import Intent
from nlu.names import name_key
from nlu.understand import COLUMNS, Parse

from .figures import amount, heading, subject_name, whole_of
from .lookup import DocIndex, Figure, Vocabulary, group_by_value
from .reply import Answer, Source
from .roles import NARRATIVE
from .wording import change_text, figure_text, label_with_kind, money, printed

SUM_WORDS = ("一共", "合计", "总共", "加起来", "共计", "加上", "相加", "之和", "总和", "合起来", "加在一起")
TIMES = re.compile(r"几倍|多少倍|倍数")
MORE = re.compile(r"多|高|大|超过|超出")
LESS = re.compile(r"少|低|小|不到|不足")
SAME = re.compile(r"一样|相等|相同|一致|持平|等于")
DEFAULT_WHOLE = "支出预算"


def figure_of(parse: Parse, doc: DocIndex, vocab: Vocabulary, key: str) -> tuple[str, Figure | None]:
    """A subject's name and main figure, as an amount question would give it (公务用车 as money is
    公务用车购置及运行费)."""
    answer = amount(parse, doc, vocab, key)
    chosen = answer.subject or key
    figures = doc.amounts(chosen, within=parse.scope) if answer.found else []
    return subject_name(chosen, doc, vocab), figures[0] if figures else None


def share(parse: Parse, doc: DocIndex, vocab: Vocabulary, key: str, whole: str | None = None) -> Answer:
    """人员经费占基本支出多少 — the stated share, else the one computed; 项目支出是基本支出的几倍."""
    name = subject_name(key, doc, vocab)
    # the share the document states — of the whole asked about, when one is (占本年支出预算73.15% is the
    # share of 支出预算, however its figure for 支出预算 reads elsewhere)
    stated = [f for f in doc.stated(key, Measure.SHARE)
              if whole is None or subject_name(whole, doc, vocab) in (f.text or "") or whole in (f.text or "")]
    if stated and not TIMES.search(parse.wording):
        fact = stated[0]
        figures = doc.amounts(key)
        amount_text = f"{figure_text(figures[0])}，" if figures else ""
        of = (fact.text or "").strip("，,：: ").removeprefix("占").removesuffix("的")  # 占本年支出预算
        text = f"{heading(doc)}{name}{amount_text}占{of + '的' if of else ''}{printed(fact.value, fact.quote)}%。"
        return Answer(text, [doc.fact_source(fact)], subject=key)
    whole = whole or whole_of(key, vocab) or DEFAULT_WHOLE
    _, part = figure_of(parse, doc, vocab, key)
    whole_name, total = figure_of(parse, doc, vocab, whole)
    if part is None or total is None or part.wan is None or not total.wan:
        return _counted_share(doc, vocab, key, whole) or Answer("", found=False, subject=key)
    total = _table_total(doc, part, whole) or total
    if TIMES.search(parse.wording):
        text = (f"{heading(doc)}{name}{figure_text(part)}，是{whole_name}{figure_text(total)}的"
                f"{part.wan / total.wan:.2f}倍（由两数相除得出：{part.wan:.2f} ÷ {total.wan:.2f}）。")
    else:
        text = (f"{heading(doc)}{name}{figure_text(part)}，占{whole_name}{figure_text(total)}的"
                f"{part.wan / total.wan * 100:.2f}%（由两数相除得出：{part.wan:.2f} ÷ {total.wan:.2f}）。")
    return Answer(text, [part.source, total.source], subject=key)


def _counted_share(doc: DocIndex, vocab: Vocabulary, key: str, whole: str) -> Answer | None:
    """执法执勤用车占比多少, of 公务用车: a count's share of the count it is part of."""
    part, total = doc.stated(key, Measure.COUNT)[:1], doc.stated(whole, Measure.COUNT)[:1]
    if not part or not total or not total[0].value:
        return None
    (p,), (t,) = part, total
    name, whole_name = subject_name(key, doc, vocab), subject_name(whole, doc, vocab)
    text = (f"{heading(doc)}{name}{money(p.value, p.unit)}，占{whole_name}{money(t.value, t.unit)}的"
            f"{p.value / t.value * 100:.2f}%（由两数相除得出：{p.value:g} ÷ {t.value:g}）。")
    return Answer(text, [doc.fact_source(p), doc.fact_source(t)], subject=key)


TABLE_WHOLES = {TableKind.BASIC_SPENDING: "基本支出", TableKind.PROJECT_SPENDING: "项目支出"}


def _table_total(doc: DocIndex, part: Figure, whole: str) -> Figure | None:
    """一般公共预算基本支出中，工资福利支出占比: the whole as the part's own table totals it, in its column."""
    table = doc.tables.get(part.source.table) if part.source.table else None
    row = (part.source.row or "").split(" ")[-1]
    if table is None or TABLE_WHOLES.get(TableKind(table.kind)) != whole or is_total(row):
        return None  # 人员经费 read off the total row is a column of the whole, not a row within it
    totals = [r for r in doc.data.rows if r.table_number == table.number and is_total(r.name)]
    figure = doc.row_figure(totals[0], name_key(part.source.column or "")) if totals else None
    return figure if figure and figure.wan else None


def listing(parse: Parse, doc: DocIndex, vocab: Vocabulary, keys: tuple[str, ...]) -> Answer:
    """公务接待费和会议费分别多少 / 加起来多少 / 差多少: each figure, with their sum or difference."""
    items = _alike([figure_of(parse, doc, vocab, key) for key in keys], doc, keys)
    text, sources = listed_figures(items, parse)
    return Answer(f"{heading(doc)}{doc.info.kind}：{text}", sources, found=bool(sources), subject=keys[-1])


def _alike(items: list[tuple[str, Figure | None]], doc: DocIndex, keys: tuple[str, ...]) -> list:
    """Items listed together from one table: 委托业务费、其他交通费用和公务用车运行维护费 are 表6's rows, so the
    third is 表6's 0.24 too, not the 2.03 of the “三公” statement."""
    tables = Counter(f.source.table for _, f in items if f is not None and f.source.table)
    if not tables or len(items) < 3:
        return items
    table, count = tables.most_common(1)[0]
    if count < 2:
        return items
    alike = []
    for (name, figure), key in zip(items, keys, strict=True):
        there = [f for f in doc.amounts(doc.resolve(key)) if f.source.table == table]
        moved = figure is not None and figure.source.table != table and there
        alike.append((there[0].label, there[0]) if moved else (name, figure))
    return alike


def comparison(parse: Parse, doc: DocIndex, vocab: Vocabulary, keys: tuple[str, ...]) -> Answer:
    """培训费是不是比会议费多: yes or no, with both figures and the difference."""
    (name, first), (other, second) = (figure_of(parse, doc, vocab, key) for key in keys[:2])
    if first is None or second is None or first.wan is None or second.wan is None:
        return Answer("", found=False, subject=keys[0])
    gap = abs(first.wan - second.wan)
    equal = gap < 0.006
    if SAME.search(parse.wording):  # 收入预算和支出预算是不是一样多
        holds = equal
    else:
        asks_more = not LESS.search(parse.wording.split("比", 1)[-1]) or bool(MORE.search(parse.wording))
        holds = first.wan > second.wan if asks_more else first.wan < second.wan
    more = "多" if first.wan > second.wan else "少"
    relation = "两者相等" if equal else f"{name}{more}{gap:.2f}万元（由两数相减得出）"
    text = (f"{'是的' if holds else '不是'}。{heading(doc)}{name}{figure_text(first)}，{other}{figure_text(second)}，"
            f"{relation}。")
    return Answer(text, [first.source, second.source], subject=keys[0])


def two_views(parse: Parse, doc: DocIndex, vocab: Vocabulary, key: str) -> Answer | None:
    """三公表里的公务接待费和基本支出表里的差多少: one subject printed with two figures, and their difference."""
    groups = group_by_value(doc.amounts(key))
    if len(groups) < 2 or groups[0][0].wan is None or groups[1][0].wan is None:
        return None
    (first, *_), (second, *_) = groups[:2]
    views = "；".join(f"文字说明中{figure_text(f)}" if f.role == NARRATIVE else
                     f"{f.source.place}中{figure_text(f)}（{f.role}）" for f in (first, second))
    text = (f"{heading(doc)}{subject_name(key, doc, vocab)}：{views}。两处相差{abs(first.wan - second.wan):.2f}万元"
            f"（由两数相减得出）。")
    return Answer(text, [first.source, second.source], subject=key)




def within_each(parse: Parse, doc: DocIndex, vocab: Vocabulary, keys: tuple[str, ...]) -> Answer | None:
    """公务接待费在基本支出和项目支出里各是多少: the row's figure in each column the question names."""
    subject = [k for k in keys if k not in COLUMNS]
    scopes = [k for k in keys if k in COLUMNS]
    if len(subject) != 1 or len(scopes) < 2:
        return None
    found = [next((f for f in doc.amounts(subject[0], within=s) if doc.stands_within(f, s)), None) for s in scopes]
    if not all(found):
        return None
    name = subject_name(subject[0], doc, vocab)
    text = "；".join(f"{s}中{figure_text(f)}" for s, f in zip(scopes, found, strict=True))
    return Answer(f"{heading(doc)}{name}：{text}。", [f.source for f in found], subject=subject[0])


def across_departments(parse: Parse, docs: list[DocIndex], vocab: Vocabulary, key: str) -> Answer:
    """One subject in several departments: each one's figure, and the difference of two."""
    counted = _counts_across(parse, docs, vocab, key) if parse.intent == Intent.COUNT else None
    if counted:
        return counted
    items = []
    for doc in docs:
        figures = doc.amounts(doc.resolve(key))
        items.append((f"{doc.info.department}{doc.info.year}年{doc.info.kind}", figures[0] if figures else None))
    text, sources = listed_figures(items, parse)
    return Answer(f"{subject_name(key, docs[0], vocab)}：{text}", sources, found=bool(sources), subject=key)


def _counts_across(parse: Parse, docs: list[DocIndex], vocab: Vocabulary, key: str) -> Answer | None:
    """公务用车 of two departments counted: each one's count, with their difference, or their sum (两家加起来)."""
    found = []
    for doc in docs:
        own = doc.resolve(key)
        held = doc.stated(own, Measure.COUNT) or doc.stated(doc.counted_stem(own) or own, Measure.COUNT)
        if held:
            found.append((doc, held[0]))
    if len(found) < 2:
        return None
    text = "；".join(f"{doc.info.department}{money(fact.value, fact.unit)}" for doc, fact in found)
    unit = found[0][1].unit
    if any(word in parse.question for word in SUM_WORDS):
        text += f"。合计{money(sum(fact.value for _, fact in found), unit)}（由各项相加得出）"
    elif len(found) == 2:
        (more, larger), (less, smaller) = sorted(found, key=lambda item: -item[1].value)
        gap = larger.value - smaller.value
        text += "。两者相等" if gap == 0 else \
            f"。{more.info.department}比{less.info.department}多{money(gap, unit)}（由两数相减得出）"
    sources = [doc.fact_source(fact) for doc, fact in found]
    return Answer(f"{subject_name(key, docs[0], vocab)}：{text}。", sources, subject=key)


YEAR_AND_KIND = re.compile(r"\d{4}年(?:预算|决算)?$")


def listed_figures(items: list[tuple[str, Figure | None]], parse: Parse) -> tuple[str, list[Source]]:
    """'A 1.00万元；B 2.00万元。' with their difference, or their sum when the question asks 一共."""
    text = "；".join(f"{label}{figure_text(f)}" if f else f"{label}：文件中没有这一项的数字" for label, f in items)
    found = [(label, f) for label, f in items if f is not None and f.wan is not None]
    # 人员经费和公用经费合计多少: 合计 asks the sum even where a table names a row 公用经费合计
    if len(found) >= 2 and any(word in parse.question for word in SUM_WORDS):
        text += f"。合计{sum(f.wan for _, f in found):.2f}万元（由各项相加得出）"
    elif len(found) == 2:  # which is more, and by how much (哪个三公经费多)
        (more, larger), (less, smaller) = sorted(found, key=lambda item: -item[1].wan)
        gap = larger.wan - smaller.wan
        alike = YEAR_AND_KIND.search(more)  # 2026年预算 said once is enough: 深圳市信访局比广州市信访局多
        if alike and less.endswith(alike.group()):
            more, less = more[: alike.start()], less[: len(less) - len(alike.group())]
        text += "。两者相等" if round(gap, 2) == 0 else f"。{more}比{less}多{gap:.2f}万元（由两数相减得出）"
    return f"{text}。", [f.source for _, f in items if f is not None]


def derived_year(parse: Parse, doc: DocIndex, vocab: Vocabulary, key: str, year: int) -> Answer | None:
    """Last year's figure from this year's and the stated change, marked as derived."""
    changes = doc.stated(key, Measure.CHANGE)
    figures = [f for f in doc.amounts(key) if f.role == NARRATIVE] or doc.amounts(key)
    if not changes or not figures:
        return None
    fact = changes[0]
    compared = fact.text or "上年"
    if "预算" in compared and not re.match(r"\d{4}|上|去", compared):
        return None  # 比预算数增加: a change on this year's budget, not on last year
    if compared[:4].isdigit() and int(compared[:4]) != year or not compared[:4].isdigit() and year != doc.info.year - 1:
        return None
    now = figures[0]
    if now.wan is None or fact.value_wan is None:
        return None
    before = now.wan - fact.value_wan
    name = subject_name(key, doc, vocab)
    text = (
        f"{doc.info.department}{year}年{label_with_kind(name, doc.info.kind)}约为{before:.2f}万元"
        f"（推算：{doc.info.year}年{figure_text(now)}，“{change_text(fact.value, fact.unit, compared, None)}”，"
        f"{now.wan:.2f} {'-' if fact.value_wan >= 0 else '+'} {abs(fact.value_wan):.2f} = {before:.2f}；"
        f"知识库未收录{year}年的公开文件）。"
    )
    return Answer(text, [doc.fact_source(fact), now.source], subject=key)
