"""Replies with figures: amounts, changes, completions, shares, comparisons, counts, yes/no
(rankings and breakdowns are in `lists`, replies in words in `words`).

Each function takes the parse, the document's index and the subject names and returns an
`Answer` (text, sources, suggestions, chart); `answer` adds the conversation state.
"""

from __future__ import annotations

import re

from knowledge.domain import MONEY_UNITS, Measure, TableKind, is_total
from nlu.intents import Intent
from nlu.names import name_key
from nlu.understand import COLUMNS, Parse

from .claims import CLAIM, verdict
from .lookup import COST_TARGET, DocIndex, Figure, Vocabulary, group_by_value
from .reply import Answer, Source
from .roles import NARRATIVE
from .wording import change_text, figure_text, label_with_kind, money, printed


def subject_name(key: str, doc: DocIndex, vocab: Vocabulary) -> str:
    for fact in doc.facts.get(key, []):
        return fact.subject
    # a column printed with its year (2026年政府采购项目中预留给中小企业的…): the reply says the year once
    return re.sub(r"^(?:19|20)\d{2}年(?=[\u4e00-\u9fff])", "", vocab.display.get(key, key))


def heading(doc: DocIndex) -> str:
    return f"{doc.info.department}{doc.info.year}年"


def amount(parse: Parse, doc: DocIndex, vocab: Vocabulary, key: str) -> Answer:
    derived = _per_or_funded(parse, doc, vocab, key)
    if derived:
        return derived
    figures = doc.amounts(key, within=parse.scope)
    other = None if figures and not doc.stated(key, Measure.COUNT, Measure.NEW_COUNT) else _named_otherwise(
        key, doc, vocab, bool(figures))
    if other:
        return amount(parse, doc, vocab, other)
    if not figures:
        if doc.stated(key, Measure.NONE):
            return yesno(parse, doc, vocab, key)
        return _blank_row(doc, vocab, key) or Answer("", found=False, subject=key)
    name = subject_name(key, doc, vocab)
    main = (groups := group_by_value(figures))[0]
    if parse.scope in COLUMNS and (main[0].source.column or "").startswith(parse.scope):
        name = f"{parse.scope}中的{name}"  # 劳务费合计多少，其中项目支出多少: 项目支出中的劳务费
    text = f"{heading(doc)}{label_with_kind(name, doc.info.kind)}{figure_text(main[0])}" + (
        f"（{COST_TARGET}）" if main[0].role == COST_TARGET else "")  # 水费120万元, a project's cost indicator
    # 基本支出里的培训费, and no such row there (a funding source is no table: 一般公共预算安排的委托业务费)
    if parse.scope and parse.scope not in FUNDING_SCOPES and not doc.stands_within(main[0], parse.scope):
        where = "文字说明" if main[0].role == NARRATIVE else main[0].source.place
        text = (f"{doc.title}的{subject_name(parse.scope, doc, vocab)}中没有单列“{name}”；"
                f"{where}中{label_with_kind(name, doc.info.kind)}{figure_text(main[0])}")
    parts = parts_of(key, doc, vocab)
    # every part the lexicon names is stated, and they make up the whole (the 收入 kinds do not: 事业收入…)
    complete = len(parts) == len(vocab.compositions.get(key, ())) and key not in OPEN_WHOLES
    parts = _fitting_parts(parts, main[0], complete)
    if parts:
        text += "：" + "，".join(f"{subject_name(k, doc, vocab)}{figure_text(f)}" for k, f in parts)
    # 基本支出里的委托业务费: that table's row alone — the text's change and other tables' figures are of the whole
    scoped = parse.scope is not None and main[0].role != NARRATIVE and doc.stands_within(main[0], parse.scope)
    change = None if scoped else _change_clause(key, doc)
    if change:
        text += f"；{change}"
    stated_in = main[0].source.place if main[0].role == NARRATIVE else None
    uses = [f for f in doc.stated(key, Measure.USE) if stated_in and f.section and stated_in.startswith(f.section)]
    if uses and not parts:
        text += f"，{uses[0].text}"  # 委托业务费104.82万元，主要用于…
    stem = doc.counted_stem(key) if "购置" in key else None
    bought = doc.stated(stem, Measure.NEW_COUNT) if stem else []
    if bought and bought[0].value:  # 今年还买车吗: a 购置费 of 0.00 may go with vehicles to buy, paid from elsewhere
        text += f"；拟新增{subject_name(stem, doc, vocab)}{money(bought[0].value, bought[0].unit)}"
    sources = [f.source for f in main] + [f.source for _, f in parts]
    # a table that shows the subject with another figure says something else: say both, and what each is
    others = [] if scoped else groups[1:]
    for group in others:
        other = group[0]
        if other.role == NARRATIVE and main[0].role != NARRATIVE:
            continue
        role = "" if other.role == NARRATIVE else f"（{other.role}）"  # 人员支出 stated twice: by use, and of 基本支出
        text += f"。另，{other.source.place}中“{other.label}”为{figure_text(other)}{role}"
        sources.extend(f.source for f in group)
    if any(group[0].role != NARRATIVE for group in others):
        text += f"，与{main[0].role if main[0].role != NARRATIVE else '文字说明'}口径不同"
    return Answer(f"{text}。", sources, _next_questions(key, doc, vocab), subject=key)


def _per_or_funded(parse: Parse, doc: DocIndex, vocab: Vocabulary, key: str) -> Answer | None:
    """培训费人均多少: money over people; 项目支出 / 其中一般公共预算安排的呢: its table's total in that column."""
    each = per_person(parse, doc, vocab, key)
    if each:
        return each
    funded = _funded_within(doc, parse.scope, key) if parse.scope and key in FUNDING_SCOPES else None
    if funded:
        scope = subject_name(parse.scope, doc, vocab)
        return Answer(f"{heading(doc)}{scope}中{subject_name(key, doc, vocab)}安排{figure_text(funded)}。",
                      [funded.source], subject=parse.scope)
    return None


def _named_otherwise(key: str, doc: DocIndex, vocab: Vocabulary, has_figures: bool) -> str | None:
    """The key the document gives the figure under: 项目支出预算 (a glossary term) is 项目支出's,
    行政经费(机关运行经费) is 机关运行经费's; 公务用车 asked as money, 公务用车购置及运行费."""
    if not has_figures:
        inner = re.search(r"\(([^()]+)\)$", key)
        for other in (re.sub(r"(?:预算|决算)数?$", "", key), inner.group(1) if inner else key):
            if other != key and doc.amounts(other):
                return other
    return _money_sense(key, doc, vocab)


PER_PERSON = re.compile(r"人均|每人|每个人|平均下来|平均每")
FUNDED_TABLES = {"项目支出": (TableKind.PROJECT_SPENDING,), "基本支出": (TableKind.BASIC_SPENDING,)}


def per_person(parse: Parse, doc: DocIndex, vocab: Vocabulary, key: str) -> Answer | None:
    """培训费人均多少 / 每人平均下来多少钱: the money over the people it is for; None when not asked or not stated."""
    people, spent = doc.stated(key, Measure.PEOPLE), doc.amounts(key)
    if not PER_PERSON.search(parse.wording) or not people or not spent:
        return None
    people, spent = people[0], spent[0]
    if not people.value or spent.wan is None:
        return Answer("", found=False, subject=key)
    each = spent.wan * 10_000 / people.value
    name = subject_name(key, doc, vocab)
    text = (f"{heading(doc)}{label_with_kind(name, doc.info.kind)}{figure_text(spent)}，涉及约"
            f"{money(people.value, people.unit)}，人均约{each:,.2f}元（由两数相除得出：{spent.wan * 10_000:,.2f}元 ÷ "
            f"{people.value:g}）。")
    return Answer(text, [spent.source, doc.fact_source(people)], subject=key)


def _funded_within(doc: DocIndex, scope: str, source: str) -> Figure | None:
    """The part of a spending kind paid from one source of funds: its own table's total row, in the
    column of that source (表10 项目支出预算表 合计 × 一般公共预算)."""
    columns = FUNDING_COLUMNS.get(source, (source,))
    for kind in FUNDED_TABLES.get(scope, ()):
        for row in doc.table_of_kind(kind):
            for column in columns if is_total(row.name) else ():
                if any(name_key(c).startswith(column) for c in row.values):
                    return doc.row_figure(row, column)
    return None


# the columns a source of funds stands in: 财政拨款 as 财政拨款(小计) or, alone, 一般公共预算
FUNDING_COLUMNS = {"一般公共预算拨款": ("一般公共预算", "财政拨款"), "财政拨款": ("财政拨款", "一般公共预算"),
                   "财政拨款收入": ("财政拨款", "一般公共预算"), "一般公共预算": ("一般公共预算", "财政拨款")}
FUNDING_SCOPES = tuple(FUNDING_COLUMNS)  # sources of funds: a scope naming one is no table of its own


def _money_sense(key: str, doc: DocIndex, vocab: Vocabulary) -> str | None:
    """公务用车 asked as money means 公务用车购置及运行费: a longer subject with a figure, the one
    made of parts (a whole) first, else the shortest."""
    longer = [k for k in set(doc.facts) | set(doc.rows) if k.startswith(key) and k != key and doc.amounts(k)]
    longer.sort(key=lambda k: (k not in vocab.compositions, len(k)))
    return longer[0] if longer else None


def parts_of(key: str, doc: DocIndex, vocab: Vocabulary) -> list[tuple[str, Figure]]:
    parts = []
    for part in vocab.compositions.get(key, ()):
        figures = doc.amounts(part)
        if figures:
            parts.append((part, figures[0]))
    return parts


OPEN_WHOLES = ("收入预算", "收入决算", "公务用车")  # wholes of more kinds than the lexicon lists


def _fitting_parts(parts: list[tuple[str, Figure]], whole: Figure, complete: bool) -> list[tuple[str, Figure]]:
    """The parts worth listing with a whole: none when they add up to more than it, or — all of a whole
    they make up (`complete`: 人员经费 and 公用经费 of 基本支出) — to other than it (read from another
    scope: 本级's, a 科目's), or when all are zero (国有资本经营预算0.00万元 alone says nothing of it)."""
    amounts = [f.wan for _, f in parts]
    if any(a is None for a in amounts) or whole.wan is None:
        return parts
    slack = 0.01 * len(amounts) + 0.001 * whole.wan  # rounding of each part, of figures printed in 元
    if sum(amounts) > whole.wan + slack or complete and abs(sum(amounts) - whole.wan) > slack or not any(amounts):
        return []
    return parts


def _change_clause(key: str, doc: DocIndex) -> str | None:
    changes = doc.stated(key, Measure.CHANGE)
    if not changes:
        return None
    change = changes[0]
    pct = next((f for f in doc.stated(key, Measure.CHANGE_PCT) if f.section == change.section), None)
    return change_text(change.value, change.unit, change.text, pct.value if pct else None, pct.quote if pct else None)


def _next_questions(key: str, doc: DocIndex, vocab: Vocabulary) -> list[str]:
    suggestions = []
    if doc.stated(key, Measure.CHANGE) and doc.stated(key, Measure.REASON):
        suggestions.append("为什么变化")  # the change itself the amount's answer already says
    for part in vocab.compositions.get(key, ())[:2]:
        if doc.amounts(part):
            suggestions.append(f"其中{subject_name(part, doc, vocab)}呢")
    if key in doc.terms:
        suggestions.append(f"什么是{subject_name(key, doc, vocab)}")
    return suggestions[:4]


def change(parse: Parse, doc: DocIndex, vocab: Vocabulary, key: str) -> Answer:
    # the budget as a whole may be stated under another of its names (收、支预算总计各增加242.3万元)
    key = next((k for k in (key, *doc.equivalents.get(key, ())) if doc.stated(k, Measure.CHANGE)), key)
    name = subject_name(key, doc, vocab)
    clause = _change_clause(key, doc)
    if not clause:
        return Answer(f"{doc.title}没有说明{name}与上年相比的变化。", [doc.whole_source()], found=False, subject=key)
    figures = doc.amounts(key)
    now = f"{label_with_kind(name, doc.info.kind)}{figure_text(figures[0])}，" if figures else f"{name}"
    fact = doc.stated(key, Measure.CHANGE)[0]
    text = f"{heading(doc)}{now}{clause}"
    reasons = doc.stated(key, Measure.REASON)
    if reasons:
        text += f"。{reasons[0].text}"
    suggestions = ["占总支出多少"] if reasons else ["为什么变化", "占总支出多少"]
    return Answer(f"{text}。", [doc.fact_source(fact)], suggestions, subject=key)


def completion(parse: Parse, doc: DocIndex, vocab: Vocabulary, key: str) -> Answer:
    """决算: 年初预算, 决算数 and 完成年初预算的 %, with the stated reason."""
    # the department as a whole is stated as 收入, 支出 or 一般公共预算财政拨款 (年初预算 vs 决算)
    for candidate in (key, *doc.equivalents.get(key, ()), "一般公共预算拨款", "支出决算", "支出预算", "收入决算"):
        if doc.stated(candidate, Measure.COMPLETION_PCT) or doc.stated(candidate, Measure.BUDGET):
            key = candidate
            break
    name = subject_name(key, doc, vocab)
    budget, final = doc.stated(key, Measure.BUDGET), doc.stated(key, Measure.FINAL, Measure.AMOUNT)
    done = doc.stated(key, Measure.COMPLETION_PCT)
    if not (done or budget and final):
        return Answer("", found=False, subject=key)
    pieces = []
    if budget:
        pieces.append(f"年初预算{money(budget[0].value, budget[0].unit)}")
    if final:
        pieces.append(f"决算{money(final[0].value, final[0].unit)}")
    if done:
        pieces.append(f"完成年初预算的{printed(done[0].value, done[0].quote)}%")
    elif budget and final and budget[0].value_wan:
        pct = final[0].value_wan / budget[0].value_wan * 100
        pieces.append(f"完成年初预算的{pct:.2f}%（由两数相除得出）")
    text = f"{heading(doc)}{name.removesuffix('决算').removesuffix('预算')}" + "，".join(pieces)
    reasons = [f for f in doc.stated(key, Measure.REASON) if f.section == (done or budget or final)[0].section]
    if reasons:
        text += f"。{reasons[0].text}"
    first = (done or budget or final)[0]
    return Answer(f"{text}。", [doc.fact_source(first)], subject=key)


def whole_of(key: str, vocab: Vocabulary) -> str | None:
    return next((whole for whole, parts in vocab.compositions.items() if key in parts), None)


def _blank_row(doc: DocIndex, vocab: Vocabulary, key: str, lead: str = "") -> Answer | None:
    """事业收入 of a table that prints the row with no figure: none was planned."""
    blank = [r for r in doc.rows.get(key, []) if not r.values]
    if not blank:
        return None
    row = blank[0]
    text = (f"{lead}{doc.title}的表{row.table_number}“{row.table_title}”中，“{subject_name(key, doc, vocab)}”"
            f"一栏没有数字（空白），即未安排这项{doc.info.kind}。")
    return Answer(text, [doc.row_source(row, None)], subject=key)


def yesno(parse: Parse, doc: DocIndex, vocab: Vocabulary, key: str) -> Answer:
    name = subject_name(key, doc, vocab)
    none = doc.stated(key, Measure.NONE)
    if none:
        fact = none[0]
        said = fact.quote if len(fact.quote) <= 60 else fact.text  # the clause, not a long sentence
        # 为什么变化 of what the department has none of: the statement alone, not a 没有 answering nothing asked
        lead = "" if parse.intent in (Intent.REASON, Intent.CHANGE) else "没有。"
        return Answer(f"{lead}{doc.title}：“{said}”", [doc.fact_source(fact)], subject=key)
    empty_tables = [t for t in doc.tables.values() if t.empty and name_key(t.title).find(key) >= 0]
    if empty_tables:
        t = empty_tables[0]
        return Answer(f"没有。{doc.title}的表{t.number}“{t.title}”为空表，即无此项收支。",
                      [Source(doc.title, f"表{t.number} {t.title}")], subject=key)
    figures = doc.amounts(key, within=parse.scope) or [
        Figure(name, f.value, f.unit, None, doc.fact_source(f), NARRATIVE) for f in doc.stated(key, Measure.COUNT)
    ]
    if not figures:
        return _blank_row(doc, vocab, key, lead="没有。") or Answer("", found=False, subject=key)
    first = figures[0]
    claimed = CLAIM.search(parse.wording)
    if claimed and first.wan is not None:  # 三公经费是不是100万: say whether the claim is right
        said = verdict(claimed, parse.wording, first.wan)
        return Answer(f"{said}。{heading(doc)}{label_with_kind(name, doc.info.kind)}{figure_text(first)}。",
                      [first.source], subject=key)
    if first.value == 0:
        return Answer(f"没有。{heading(doc)}{name}为{figure_text(first)}。", [first.source], subject=key)
    label = label_with_kind(name, doc.info.kind) if first.unit in MONEY_UNITS else name
    return Answer(f"有。{heading(doc)}{label}{figure_text(first)}。", [first.source], subject=key)
