"""What frames a question: the year, the department(s), a 科目 code, a table number. Each finder records
the span it used in `taken`, so that what is left names the subject."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from .context import Context
from .matcher import Matcher, Mention
from .shortenings import ABBREVIATED_END, body_after, doing_alike, fitting, name_opens, parent_of, typed_ending

YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?:年度|年)?(?!\d)")
RELATIVE_YEAR = {"今年": 0, "本年度": 0, "本年": 0, "当年": 0, "去年": -1, "上年": -1, "上一年": -1,
                 "前年": -2, "明年": 1}
# 比去年 / 较上年 compare with last year; they do not ask about last year
COMPARED = re.compile(r"(?:比|较|与|和|跟|同)(?:去年|上年|上一年|(?:19|20)\d{2}年?)")
# 截至2025年底有多少辆车: the date a count stands at, which the next year's budget states — no year asked
AS_OF = re.compile(r"(?:截至|截止到?|到)\s*(?:19|20)\d{2}\s*年")
TABLE = re.compile(r"表\s*(\d{1,2})(?!\d)")
# 功能科目 201…232 (类), 20103 (款), 2010350 (项); 经济科目 301…, 30101, 501…: 12345 is a hotline
CODE = re.compile(r"(?<!\d)([235]\d{2}|[235]\d{4}|2\d{6})(?![\d个人名辆台次项套件家%万元])")  # not 200个座席
PLACE_PREFIX = re.compile(r"([\u4e00-\u9fff]{2,4}?)[省市区县]$")
# the department the conversation is about, however the visitor names it
OURS = re.compile(r"^(?:你们|贵|本|我们|该|这个|这家)")
# words that lead into a name without being part of it: 那北京市民政局呢, 其中财政票据管理中心
# 上海市水务局下属的上海市海洋监测预报中心: the unit named after its parent is the one asked about
SUBORDINATE = re.compile(r"(?:下属|所属|直属|下面|下辖|管理|主管)的?")
LEAD_IN = re.compile(rf"^(?:那么|那|其中|还有|另外|请问|问一下|我想问|查一下|的|除了|以及|{SUBORDINATE.pattern})+")


@dataclass(frozen=True)
class Departments:
    """The departments a question names: one (with others to compare), several that fit one name,
    or one the knowledge base does not hold."""

    department: str | None = None
    others: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()
    unknown: str | None = None


def mask(text: str, taken: list[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in taken:
        chars[start:end] = "，" * (end - start)
    return "".join(chars)


def free(start: int, end: int, taken: list[tuple[int, int]]) -> bool:
    return all(end <= s or start >= e for s, e in taken)


def find_year(text: str, taken: list[tuple[int, int]], names: list[tuple[int, int]]) -> tuple[int | None, int | None]:
    """The year asked about: 2023年, or 去年 relative to the document — but not the 上年 of a
    comparison (较上年) nor of a name (上年结转)."""
    compared = [m.span() for m in COMPARED.finditer(text)] + [m.span() for m in AS_OF.finditer(text)] + names
    for m in YEAR.finditer(text):
        if not any(s <= m.start() < e for s, e in compared):
            taken.append(m.span())
            return int(m.group(1)), None
    for word, offset in RELATIVE_YEAR.items():
        i = text.find(word)
        if i >= 0 and not any(s <= i < e for s, e in compared) and free(i, i + len(word), taken):
            taken.append((i, i + len(word)))
            return None, offset
    return None, None


def find_code(text: str, taken: list[tuple[int, int]]) -> str | None:
    for m in CODE.finditer(text):
        if free(m.start(), m.end(), taken) and text[m.end() : m.end() + 1] not in ("万", "元", "%", "辆", "人"):
            taken.append(m.span())
            return m.group(1)
    return None


def find_table(text: str, taken: list[tuple[int, int]]) -> int | None:
    table = TABLE.search(text)
    if not table:
        return None
    taken.append(table.span())
    return int(table.group(1))


def find_departments(text: str, taken: list[tuple[int, int]], matcher: Matcher, places: Mapping[str, bool],
                     context: Context, current: str | None) -> Departments:
    """The departments named; `current` is the one the conversation is about (or the default). A name
    the knowledge base lacks, or one fitting several, counts only when no other name in the question
    is known: 上海市政府办公厅文印中心 is the 文印中心, whatever 政府办公厅 alone would fit."""
    named: list[tuple[Mention, str]] = []
    unknown, choices = None, ()
    subjects = [(m.start, m.end) for m in matcher.subjects_in(text)]
    for mention, targets in matcher.departments_in(text):
        if not free(mention.start, mention.end, taken) or any(
                start <= mention.start and mention.end <= end and end - start > mention.end - mention.start
                for start, end in subjects):
            continue  # 其他政府办公厅（室）及相关机构事务支出 is a subject, not 北京市人民政府办公厅
        taken.append((mention.start, mention.end))
        targets, missing = _narrow(text, mention, targets, places, context)
        if missing:
            unknown = unknown or missing
        elif len(targets) > 1:
            choices = choices or tuple(sorted(targets))
        else:
            named.extend((mention, t) for t in targets if t not in (n for _, n in named))
    if named:
        kept, not_held = _units_over_parents(text, named)
        if not_held:
            return Departments(kept[0][1], unknown=not_held)
        unit = _unit_after(text, kept[0][0], matcher)
        if unit:  # 深圳市建筑工务署教育工程管理中心: a unit of it the knowledge base does not hold
            taken.append(unit.span())
            return Departments(kept[0][1], unknown=text[kept[0][0].start : unit.end()])
        names = [name for _, name in kept]
        return Departments(names[0], tuple(names[1:]))
    if choices:
        return Departments(choices=choices)
    if unknown:  # 福州公安局治安支队: 公安局 fits no 福州 department, but the shortening fits one
        return _by_abbreviation(text, taken, matcher, places) or Departments(unknown=unknown)
    loosely, unknown_span = _named_loosely(text, taken, matcher)
    if loosely and not loosely.unknown:
        return loosely
    # 福州公安局治安支队: a shortening after a place, before calling 福州公安局 unknown
    shortened = _by_abbreviation(text, taken, matcher, places)
    if shortened:
        return shortened
    if loosely:  # its words name no subject: 佛山市交通运输局 asks no 交通运输支出
        taken.append(unknown_span)
        # bj医保局: a shortening that fits one department, with a place not read as one
        fits = matcher.department_lookup.in_order(loosely.unknown) if len(loosely.unknown) <= 5 else []
        return Departments(fits[0]) if len(fits) == 1 else loosely
    return _by_place(text, taken, matcher, places, current) or Departments()


ASKING = re.compile(r"哪|什么|谁|几|多少")
PROJECT_AFTER = re.compile(r"(?:新建|改建|扩建|建设|工程|项目|改造|维修|装修)")


def _unit_after(text: str, mention: Mention, matcher: Matcher) -> re.Match[str] | None:
    """The name of a body right after a department's (its unit), when no known department's."""
    lead = UNIT_LEAD.match(text, mention.end)  # 深圳市水务局下属的深圳河湾流域管理中心
    unit = matcher.organisation.match(text, lead.end() if lead else mention.end)
    if unit is None or len(unit.group(0)) < 3 or JOINED.match(unit.group(0)):
        return None  # 深圳市信访局和广州市信访局: another department, not a unit
    if any(True for _ in matcher.departments_in(unit.group(0))):
        return None
    # 人民来访接待中心业务专项: the beginning of a subject's name, not a unit
    if any(m.start == 0 and m.end >= len(unit.group(0)) for m in matcher.subjects_in(text[mention.end :])):
        return None
    if PROJECT_AFTER.match(text, unit.end()):
        return None  # 社区公共服务中心新建工程: a project the department builds, not a unit of it
    if ASKING.search(unit.group(0)):
        return None  # 12345中心归哪个局管: a question about its bureau, not a unit called 归哪个局
    return unit


JOINED = re.compile(r"^(?:[和与及跟同比或、，,]|除)")
UNIT_LEAD = re.compile(r"(?:下属的?|所属的?|下面的?|的)")


def _units_over_parents(text: str, named: list[tuple[Mention, str]]) -> tuple[list[tuple[Mention, str]], str | None]:
    """Of a parent and the unit named right after it (or after 下属的), the unit alone — or, when the unit
    found is another place's, the parent with the unit's name as not held."""
    kept = list(named)
    for (first, parent), (second, unit) in zip(named, named[1:], strict=False):
        between = text[first.end : second.start]
        place = re.match(r".+?[市省区县]", parent)  # 杭州市公安局交通管理支队: 福州's 支队 is no unit of it
        if place and not unit.startswith(place.group()) and re.fullmatch(r"[^和与及跟同比或、，,\W]{0,4}", between):
            return [(first, parent)], text[first.start : second.end]
        if not between or SUBORDINATE.fullmatch(between):
            kept = [(m, n) for m, n in kept if m is not first]
    return kept, None


def _named_loosely(text: str, taken: list[tuple[int, int]],
                   matcher: Matcher) -> tuple[Departments | None, tuple[int, int]]:
    """A body named in a way no alias covers: 长沙市信仿局 (a slip), 职教基地 (an abbreviation) — or
    one the knowledge base does not hold (北京市财政局). Of a parent and the unit under it, the unit."""
    # a subject's name is masked — unless a body's ending follows it: 交通运输局 is no 交通运输(支出)
    subjects = [(m.start, m.end) for m in matcher.subjects_in(text)
                if not matcher.organisation_ending.match(text, m.end)]
    without_subjects = mask(text, taken + subjects)
    orgs = []
    for m in matcher.organisation.finditer(without_subjects):
        lead = LEAD_IN.match(m.group(0))
        start = m.start() + (lead.end() if lead else 0)
        if m.end() - start >= 3:
            orgs.append(((start, m.end()), text[start : m.end()]))
    if not orgs:
        return None, (0, 0)
    if OURS.match(orgs[0][1]):
        return Departments(), (0, 0)  # 你们中心: the department already being asked about
    if len(orgs) > 1 and SUBORDINATE.search(text[orgs[0][0][1] : orgs[1][0][0]]):
        orgs = orgs[1:] + orgs[:1]  # the unit first, then its parent
    for span, name in orgs:
        found = matcher.fuzzy_department(name)
        if found:
            taken.append(span)
            return Departments(found[0]), span
    return Departments(unknown=orgs[0][1]), orgs[0][0]




def _by_abbreviation(text: str, taken: list[tuple[int, int]], matcher: Matcher,
                     places: Mapping[str, bool]) -> Departments | None:
    """北京市教委, 深圳市口岸办, 广州国资委: after a place, the shortening of one of its departments' names
    (the characters in their order), the longest that fits just one."""
    several: list[str] = []
    for place, known in places.items():
        at = text.find(place)
        if not known or at < 0 or not free(at, at + len(place), taken):
            continue
        after = re.match(r"[省市区县]?的?([\u4e00-\u9fff]{2,12})", text[at + len(place) :])
        if not after:
            continue
        there = matcher.department_lookup.containing(place)
        if text[at + len(place) : at + len(place) + 1] == "市":  # 上海市财政局: not a district's 财政局
            there = [d for d in there if not re.search(f"{place}市[^（(]{{1,4}}?[区县]", d)]
        word, begins = after.group(1), at + len(place) + after.start(1)
        subjects = [m for m in matcher.subjects_in(text) if m.start >= begins]
        for end in range(len(word), 1, -1):
            short = typed_ending(word[:end])
            cuts = any(m.start < begins + end < m.end for m in subjects)
            if not ABBREVIATED_END.search(short) or cuts and not name_opens(text[begins + end :], matcher):
                continue  # 卫健委会议费: not 卫健委会, which cuts 会议费 (but 政府办 before 公务接待费)
            own = {d: d[d.find(place) + len(place) :] for d in there}
            fits = fitting(short, own, matcher.lexicon.renamed)
            if not fits and len(short) >= 6:  # 公安局交通警察局 for 公安局交通管理支队: a body's ending said loosely
                fits = fitting(short[:-1], own, matcher.lexicon.renamed)
            if len(fits) > 1:  # 广州科技局: the city's own bureau, not a district's (天河区科学技术局)
                city = [d for d in fits if not re.search(f"{place}市?[^（(]{{1,4}}?[区县]", d)]
                fits = city if len(city) == 1 else fits
            if len(fits) == 1:
                start = begins
                taken.extend([(at, at + len(place)), (start, start + end)])
                if parent_of(short, fits[0][fits[0].find(place) + len(place) :], matcher):
                    return Departments(unknown=text[at : start + end])  # 上海市人民政府办公厅, of 其文印中心
                return Departments(fits[0])
            several = several or fits  # 广州科技局 among several of 广州's bureaus: which one, not none
    return Departments(choices=tuple(sorted(several))) if several else None


def _by_place(text: str, taken: list[tuple[int, int]], matcher: Matcher, places: Mapping[str, bool],
              current: str | None) -> Departments | None:
    """广州三公经费, or 那广州的呢 after 长沙市信访局: that place's department (doing the same work)."""
    for place, known in places.items():
        at = text.find(place)
        if at < 0 or not free(at, at + len(place), taken):
            continue
        taken.append((at, at + len(place)))
        if not known:
            return Departments(unknown=place)
        body = body_after(text, at + len(place), matcher)
        if body:  # 上海市经信委: a body of that place, none of whose departments the shortening fits
            taken.append((at, body))
            return Departments(unknown=text[at:body])
        if current and place in current:
            return Departments(current)  # 上海的, after an answer about 上海市戒毒康复中心: that one
        if place not in (current or ""):
            there = matcher.department_lookup.containing(place)
            same = [d for d in there if matcher.own_part[d] == matcher.own_part.get(current or "")]
            pick = same or doing_alike(there, current, matcher) or there
            if len(pick) == 1:
                return Departments(pick[0])
            return Departments(choices=tuple(sorted(pick)))
    return None


CITY_LEVEL = re.compile(r"([\u4e00-\u9fff]{2,4})市$")  # a city named with 市 right before the department


def _narrow(text: str, mention: Mention, targets: set[str], places: Mapping[str, bool], context: Context):
    """The departments a mention can mean, given the places named before it and the conversation."""
    # 北京市财政局 is not 上海市普陀区财政局: a place named before the department must be in its name
    before = text[: mention.start]
    named_places = [p for p in places if re.search(f"{p}[省市区县]?的?$", before)]  # 那广州的信访局呢
    prefix = PLACE_PREFIX.search(before)
    if prefix:
        named_places.append(prefix.group(1))
    if named_places:
        targets = {t for t in targets if all(p in t for p in named_places)}
        city = CITY_LEVEL.search(before)
        if city:  # 上海市财政局 is the city's own, not 上海市普陀区财政局: no district between
            said = text[mention.start : mention.end]
            district = re.compile(f"{city.group(1)}市[^（(]{{1,4}}?[区县]{re.escape(said)}")
            targets = {t for t in targets if not district.search(t)}
        if not targets:
            return set(), text[text.find(named_places[0]) : mention.end]
    if len(targets) > 1 and context.department in targets:
        targets = {context.department}
    city = re.match(r".+?市", context.department or "")
    same_city = {t for t in targets if city and t.startswith(city.group())}
    if len(targets) > 1 and not named_places and len(same_city) == 1:  # 应急管理局呢, after 广州市气象局: 广州's
        targets = same_city
    if city and not named_places and not same_city and re.match(r"(?:那|那么)?其中", text):
        return set(), text[mention.start : mention.end]  # 其中交通管理支队呢, after 杭州市公安局: a unit of it
    return targets, None
