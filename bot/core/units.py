"""A unit of a department (工程设计管理中心, 无锡市投资促进中心) asked about as if it were a department:
what its department's document says of it."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from nlu.context import Context
from nlu.departments import in_order
from nlu.intents import Intent
from nlu.names import name_key
from nlu.rereading import BOTH_SIDES
from nlu.shortenings import in_todays_words
from nlu.understand import WHOLE, Parse

from . import words
from .derived import listed_figures
from .desk import Desk
from .lookup import DocIndex, Figure, Vocabulary
from .reasons import BUDGET_TOTALS
from .reply import Answer, Reply
from .roles import BUDGET_BY_UNIT
from .turns import QUOTED_CONFIDENCE, finish
from .wording import figure_text


def several_units(parse: Parse, doc: DocIndex, vocab: Vocabulary) -> Answer | None:
    """执法队和公路与运输管理中心的三公经费加起来 / 地震局和地震监测中心预算: two or more units its budget lists
    by unit, each with its figure (the subject's column in a table by unit, else its budget), and their sum."""
    spans = {}  # each unit's longest name in the question, where it stands
    for unit in doc.units - {name_key(doc.info.department)}:
        said = next((t for t in _unit_tails(unit) if t in parse.question), None)
        if said:
            spans[unit] = (parse.question.find(said), parse.question.find(said) + len(said))
    # 管理中心 of 港航管理中心 inside 公路与运输管理中心 names no unit of its own; 流域管理中心 fits several: none
    shared = Counter(spans.values())
    named = sorted((u for u, (a, b) in spans.items() if shared[(a, b)] == 1 and not any(
        (a, b) != (c, d) and c <= a and b <= d for c, d in spans.values())), key=spans.get)
    if len(named) < 2:
        return None
    # what is asked of them: a name not read off the units' own names (交通运输 of 交通运输行政执法队, 地震监测)
    asked = [k for k in parse.subjects if k not in UNIT_TOTALS and k not in named
             and not any(vocab.display.get(k, k).removesuffix("支出") in u for u in named)]
    return _side_by_side(parse, doc, vocab, named, asked[-1] if asked else None)


def units_so_far(parse: Parse, doc: DocIndex, vocab: Vocabulary, context: Context) -> Answer | None:
    """西郊监狱的三公经费 / 南郊监狱呢 / 两家差多少: the two units of the last two answers, side by side."""
    if len(context.units) < 2 or not set(context.units) <= doc.units or not BOTH_SIDES.search(parse.question):
        return None
    subject = context.subject if context.subject not in UNIT_TOTALS else None
    return _side_by_side(parse, doc, vocab, list(context.units), subject)


def _side_by_side(parse: Parse, doc: DocIndex, vocab: Vocabulary, named: list[str], subject: str | None
                  ) -> Answer | None:
    """Units each with its figure (the subject's column in a table by unit, else its budget), their sum when
    asked, else the difference of two — as figures of several departments are listed."""
    found = [(u, (_unit_figures(doc, u, subject) or [None])[0]) for u in named]
    if not all(f and f.wan is not None for _, f in found):
        return None
    what = f"{vocab.display.get(subject, subject)}{doc.info.kind}" if subject else doc.info.kind
    text, sources = listed_figures([(f.label, f) for _, f in found], parse)
    return Answer(f"{doc.info.department}{doc.info.year}年{what}：{text}", sources, subject=subject)


def _unit_tails(unit: str) -> list[str]:
    """How a question may name a unit of its own department: 湖州市交通运输行政执法队 as 交通运输行政执法队
    or 行政执法队, 广州市地震局 as 地震局 (its own part whole, or four characters of its end at least)."""
    own = re.sub(r"^.+?[市省]", "", unit)
    return [own] + [own[i:] for i in range(1, len(own) - 3)]


def unit_within(parse: Parse, context: Context, desk: Desk) -> Reply | None:
    """工程设计管理中心预算多少 after 深圳市建筑工务署: a unit the knowledge base does not hold as a
    department, but the department's own document speaks of — its sentence about the unit."""
    parent = parse.department or context.department  # named with it, or the conversation's
    if not parse.subjects and context.subject and parent == context.department:  # 其中X中心呢: the subject so far
        parse = replace(parse, subjects=(context.subject,))
    doc = desk.library.document(parent, None) if parent else None
    several = several_units(parse, doc, desk.vocab) if doc else None
    if several:  # 广州应急管理局下属的地震局和地震监测中心预算加起来多少
        return finish(several, replace(parse, intent=Intent.AMOUNT, unknown=None, department=parent), context, doc,
                      None)
    listed = _listed_unit(parse, context, desk, parent) if parse.unknown else None
    if listed:
        return listed
    if doc is None or not parse.unknown:
        return None
    asked = replace(parse, intent=parse.asked or Intent.AMOUNT, department=parent)
    # the unit as the document writes it: 深圳市建筑工务署工程设计管理中心 is 市建筑工务署工程设计管理中心 there
    prose = "".join(sentence for _, sentences in doc.texts for sentence in sentences)
    tails = (parse.unknown[cut:] for cut in range(len(parse.unknown) - 3))
    # …but not the department's own name (北京市信访局 is no unit of 长沙市信访局 for holding 市信访局)
    unit = next((tail for tail in tails if tail in prose and tail not in parent), None)
    if unit is None:
        return None
    quoted = words.passage(asked, doc, (unit, *parse.keywords), must=(unit,))
    if not quoted.found:
        return None
    return finish(quoted, replace(asked, confidence=QUOTED_CONFIDENCE), context, doc, None)


UNIT_TOTALS = frozenset({*BUDGET_TOTALS, "收入总计", "支出总计"})  # what a unit's row in those tables gives


def _listed_unit(parse: Parse, context: Context, desk: Desk, parent: str | None) -> Reply | None:
    """无锡市投资促进中心预算多少: a unit listed by name in one department's tables (the parent's, when
    one is named or being talked about) — its row there."""
    unknown = parse.unknown or ""
    asked = [k for k in parse.subjects if k not in UNIT_TOTALS]
    if len(asked) > 1:
        return None
    city = re.match(r".+?市", parent or "")
    tails = [unknown[cut:] for cut in range(len(unknown) - 3)]  # 无锡商务局下属无锡市投资促进中心: its own name
    # 其中财政票据管理中心, after 湖州市财政局: listed as 湖州市财政票据管理中心
    for unit in tails + ([city.group() + tail for tail in tails if not tail.startswith(city.group())] if city else []):
        departments = desk.library.listing(unit)
        if parent in departments:
            departments = [parent]
        if len(departments) == 1:
            doc = desk.library.document(departments[0], None)
            found = _unit_figures(doc, name_key(unit), asked[0] if asked else None) if doc else []
            if found:
                what = f"{desk.vocab.display.get(asked[0], asked[0])}{doc.info.kind}" if asked else doc.info.kind
                text = (f"知识库未单独收录{unit}的预算公开；它列在{departments[0]}的部门{doc.info.kind}中："
                        f"{doc.info.year}年{unit}{what}{figure_text(found[0])}。")
                # the subject asked stays the conversation's (南郊监狱呢 asks its 三公经费 too)
                answer = Answer(text, [found[0].source], subject=asked[0] if asked else WHOLE, borrowed=True,
                                unit=name_key(unit))
                reread = replace(parse, intent=Intent.AMOUNT, department=departments[0], unknown=None)
                return finish(answer, reread, context, doc, None)
    return _shortened_unit(parse, context, desk, parent, asked[0] if asked else None)


def _shortened_unit(parse: Parse, context: Context, desk: Desk, parent: str | None,
                    subject: str | None) -> Reply | None:
    """其中交警支队呢, after 杭州市公安局: a unit its document lists, named by a shortening (in today's words)."""
    doc = desk.library.document(parent, None) if parent else None
    if doc is None:
        return None
    said = re.split(r"(?:下属|所属|直属|下面)的?", parse.unknown or "")[-1]  # …局下属的综合行政执法监督局
    before = parse.question.split(said)[0] if said and said in parse.question else ""
    before = re.sub(r"^(?:那么|那|其中|还有)+", "", before)
    if before and len(before) <= 4:  # 交通 of 其中交通管理支队呢 was read as a subject's: part of the name
        said, subject = before + said, context.subject
    unit = next((u for v in (said, *in_todays_words(said, desk.renamed)) if (u := unit_shortened(doc, v))), None)
    found = _unit_figures(doc, unit, subject) if unit else []
    if not found:
        return None
    what = f"{desk.vocab.display.get(subject, subject)}{doc.info.kind}" if subject else doc.info.kind
    listed = f"（列在{doc.info.department}的部门{doc.info.kind}中）"
    text = f"{found[0].label}{doc.info.year}年{what}{figure_text(found[0])}{listed}。"
    reread = replace(parse, intent=Intent.AMOUNT, department=doc.info.department, unknown=None)
    return finish(Answer(text, [found[0].source], subject=subject or WHOLE, unit=unit), reread, context, doc,
                  None)


UNIT_END = re.compile(r"(?:局|中心|所|监狱|院|站|队|馆|学校|办公室|委员会|办事处)$")


def unit_named(parse: Parse, desk: Desk) -> tuple[str, str] | None:
    """杭州市西郊监狱的三公经费 / 杭州北郊监狱狱政设施建设项目: the longest words of the question that one
    department's tables list as a unit of it (with its city's 市 where the question leaves it out): (the unit
    as listed, that department)."""
    text = parse.question
    spans = sorted({text[i:j] for i in range(len(text)) for j in range(i + 5, min(len(text), i + 24) + 1)
                    if UNIT_END.search(text[i:j])}, key=lambda span: (-len(span), text.find(span)))
    for span in spans:
        for name in (span, f"{span[:2]}市{span[2:]}") if span[2] != "市" else (span,):
            listing = desk.library.listing(name)
            doc = desk.library.document(listing[0], None) if len(listing) == 1 else None
            # a unit of it — not its supervisor (长沙市教育局), nor the department itself
            if doc and name_key(name) in doc.units and name_key(name) != name_key(listing[0]):
                return name, listing[0]
    return None


def unit_figure(parse: Parse, context: Context, desk: Desk, unit: str) -> Reply | None:
    """The unit's budget, or the subject asked of it in a table by unit (its 三公经费)."""
    return _listed_unit(replace(parse, unknown=unit, intent=parse.asked or Intent.AMOUNT), context, desk, None)


def _unit_figures(doc: DocIndex, unit: str, subject: str | None) -> list[Figure]:
    """A unit's row: in a table of the budget by unit (收入总表, 支出总表) for its budget — not a 三公 or
    procurement table's; for a subject, the column of it in a table listing units (三公经费 by unit)."""
    if subject is None:
        return [f for f in doc.amounts(unit)
                if f.source.table in doc.tables and doc.tables[f.source.table].kind in BUDGET_BY_UNIT]
    listing = Counter(r.table_number for r in doc.data.rows if r.unit_name and r.unit_name == r.name)
    # a table listing several units — not one naming the department's supervisor as its 单位名称 (长沙市教育局)
    columns = [(row, c) for row in doc.rows.get(unit, []) if listing[row.table_number] >= 2
               for c in row.values if name_key(c).startswith(subject)]
    return [doc.row_figure(row, name_key(column)) for row, column in columns[:1]]


def unit_shortened(doc: DocIndex, phrase: str) -> str | None:
    """军休所 for 湖州市军队离休退休干部休养所: the one unit whose name holds the characters in order and ends alike."""
    fits = [u for u in doc.units if len(phrase) >= 3 and u.endswith(phrase[-1]) and in_order(phrase, u)]
    return fits[0] if len(fits) == 1 else None


def unit_budget(doc: DocIndex, unit: str, subject: str | None = None, vocab: Vocabulary | None = None
                ) -> Answer | None:
    """广州市气象台的收入预算, within 广州市气象局's document: its row in the tables of the budget by unit —
    or, a subject asked (南郊监狱呢, after 三公经费), its column in a table listing units."""
    found = _unit_figures(doc, unit, subject)
    if not found:
        return None
    what = f"{vocab.display.get(subject, subject)}" if subject and vocab else ""
    text = f"{doc.info.department}{doc.info.year}年{found[0].label}{what}{doc.info.kind}{figure_text(found[0])}。"
    return Answer(text, [found[0].source], subject=subject or WHOLE, unit=unit)
