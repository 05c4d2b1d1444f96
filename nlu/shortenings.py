"""Departments named by a shortening after a place: 北京市教委, 深圳科创委 (renamed), 卫建委 (typed by
sound), 上海市经信委 (a body of the place that none of its departments is), 那广州的呢 (the one doing
alike work)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

from rapidfuzz import fuzz

from .departments import in_order
from .matcher import Matcher
from .names import pinyin

ENDINGS = "局委办队心院所站馆厅会处室"  # the last character of a body's shortened name (教委, 口岸办, 交警支队)
ABBREVIATED_END = re.compile(f"[{ENDINGS}]$")


def name_opens(text: str, matcher: Matcher) -> bool:
    """Whether a subject's name begins the text."""
    return any(m.start == 0 for m in matcher.subjects_in(text))


def fitting(short: str, own_names: Mapping[str, str], renamed: Mapping[str, str]) -> list[str]:
    """The departments whose own name (department -> its name without the place) a shortening fits: as
    typed; else with today's words for a renamed body (环保局 → 生态环境局) or its 委/局 ending swapped
    (深圳科创委, now 科技创新局); else by sound (卫建委 for 卫健委)."""
    variants = [short, *in_todays_words(short, renamed)]
    if short[-1] in SWAPPED_ENDING:
        variants.append(short[:-1] + SWAPPED_ENDING[short[-1]])
    for fits_name in (in_order, sounds_in_order):
        for variant in variants:
            fits = [d for d, own in own_names.items() if fits_name(variant, own)]
            if fits:
                return fits
    return []


SWAPPED_ENDING = {"委": "局", "局": "委"}


def in_todays_words(short: str, renamed: Mapping[str, str]) -> list[str]:
    """The shortening with an old or everyday word (环保, 交警 — or one typed by its sound: 交井) put
    as today's names say it."""
    variants = []
    sounds = pinyin(short).split(" ")
    for old, new in renamed.items():
        if old in short:
            variants.append(short.replace(old, new))
            continue
        old_sounds = pinyin(old).split(" ")
        for at in range(len(short) - len(old) + 1):
            if sounds[at : at + len(old)] == old_sounds:
                variants.append(short[:at] + new + short[at + len(old) :])
                break
    return variants


def sounds_in_order(short: str, long: str) -> bool:
    """Whether the characters of `short` stand in `long` in order, each as written or by its sound."""
    rest = iter(zip(long, pinyin(long).split(" "), strict=False))
    return all(any(ch == c or pinyin(ch) == sound for c, sound in rest) for ch in short)


def parent_of(short: str, name: str, matcher: Matcher) -> bool:
    """Whether `short` is a whole body's name (人民政府办公厅, not 交通委 of 交通委员会) that begins `name`,
    and what follows it is a unit's name of its own (文印中心): the question names the parent, not held."""
    name = name.lstrip("市")
    rest = name[len(short) :]
    return (name.startswith(short) and bool(matcher.organisation_end.search(short)) and len(rest) >= 2
            and bool(UNIT_ENDING.search(rest)))


UNIT_ENDING = re.compile(r"(?:中心|局|委员会|办公室|所|院|站|馆|队|处|室|会)$")

# 住建句 for 住建局: the ending typed as a character that sounds the same
@lru_cache(maxsize=1)
def _ending_sounds() -> dict[str, str]:
    """The sound of each body's ending (pinyin is loaded only when a shortening is read)."""
    return {pinyin(ch): ch for ch in ENDINGS}


def typed_ending(short: str) -> str:
    """A shortening with its last character read by its sound when that is the sound of a body's ending."""
    if ABBREVIATED_END.search(short):
        return short
    return short[:-1] + _ending_sounds().get(pinyin(short[-1]), short[-1])


def body_after(text: str, start: int, matcher: Matcher) -> int | None:
    """Where the shortened name of a body right after a place ends (经信委, 发改委, 12345办), or None:
    a subject's name there (会议费, 办公费, 委托业务费) is not a body's."""
    body = SHORT_BODY.match(text, start)
    if body is None:
        return None
    if any(body.start(1) <= m.start < body.end() for m in matcher.subjects_in(text)):
        return None
    return body.end()


SHORT_BODY = re.compile(r"[省市区县]?的?([\u4e00-\u9fff\d]{1,5}?(?:委(?!托)|办(?!公)|院|所|站|队|处|联|协|中心))")
def doing_alike(there: list[str], current: str | None, matcher: Matcher) -> list[str]:
    """Of a place's departments, the one whose name (without the place) is nearly the current one's:
    广州市住房和城乡建设局 for 深圳市住房和建设局（本级）."""
    own = re.sub(r"[（(][^）)]*[）)]$", "", matcher.own_part.get(current or "") or "")
    if not own:
        return []
    scored = sorted(((fuzz.ratio(own, re.sub(r"[（(][^）)]*[）)]$", "", matcher.own_part[d])), d) for d in there),
                    reverse=True)
    if scored and scored[0][0] >= 60 and (len(scored) == 1 or scored[1][0] < scored[0][0] - 15):
        return [scored[0][1]]
    return []
