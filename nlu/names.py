"""How names are written, keyed and shortened: the key names are compared in, pinyin for slips of
sound, the ways people name a department, and a trie to find many names at once."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from .departments import DepartmentEntry
from .normalize import normalize

ORDINAL = re.compile(r"^(?:[一二三四五六七八九十]+、|\d+[、.]|\([一二三四五六七八九十\d]+\)|其中[:：]?)")
ADMIN_PREFIX = re.compile(
    r"^(?:[\u4e00-\u9fff]{2,6}?(?:省|自治区))?(?:[\u4e00-\u9fff]{1,5}?市)?(?:[\u4e00-\u9fff]{1,4}?[区县])?"
)
PRINTED_ORDINAL = re.compile(
    r"^(?:[一二三四五六七八九十]+、|\d+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|其中[:：]?)"
)
# what a name may end in beyond the words asked and still be the name asked: 交通费 → 交通费用
GENERIC_ENDINGS = ("", "费", "费用", "经费", "支出", "资金", "预算", "预算数", "数")
# Chinese numerals inside names, as a question may type them: 3公经费
NUMERALS = str.maketrans("一二三四五六七八九", "123456789")


@lru_cache(maxsize=1)
def _pinyin_table() -> dict[int, str]:
    from pypinyin.pinyin_dict import pinyin_dict  # 0.3 s: loaded only when a near miss is looked for

    return pinyin_dict


@lru_cache(maxsize=4096)
def loose_sound(text: str) -> str:
    """Pinyin as many southern speakers say it, where a typing slip comes from: zh/ch/sh as z/c/s and
    -ng as -n (深证 for 深圳: shen zheng ~ shen zhen)."""
    return " ".join(re.sub(r"ng$", "n", re.sub(r"^([zcs])h", r"\1", syllable))
                    for syllable in pinyin(text).split(" "))


def sounds_alike(typed: str, name: str) -> bool:
    """三工经费 for 三公经费: as long as the name (give or take a glued word), and each character that
    differs sounds like the name's (水电费 is no slip for 邮电费)."""
    if len(typed) == len(name) + 1:  # 住房工积金交多少: a word glued on either end
        return sounds_alike(typed[:-1], name) or sounds_alike(typed[1:], name)
    return len(typed) == len(name) and loose_sound(typed) == loose_sound(name)


@lru_cache(maxsize=65536)
def pinyin(text: str) -> str:
    """Toneless pinyin, first reading of each character: 三工经费 -> 'san gong jing fei'."""
    table = _pinyin_table()
    syllables = []
    for ch in text:
        reading = table.get(ord(ch))
        if reading:
            plain = unicodedata.normalize("NFD", reading.split(",")[0])
            syllables.append("".join(c for c in plain if not unicodedata.combining(c)))
        else:
            syllables.append(ch)
    return " ".join(syllables)


def name_key(name: str) -> str:
    """The form in which names are compared: normalised, without ordinals (一、 1、 其中：)."""
    key = normalize(name)
    for _ in range(2):
        key = ORDINAL.sub("", key)
    return key


class Trie:
    """Leftmost-longest search for many names at once."""

    def __init__(self) -> None:
        self.root: dict = {}

    def add(self, word: str, value: str) -> None:
        node = self.root
        for ch in word:
            node = node.setdefault(ch, {})
        node.setdefault("", set()).add(value)

    def find_all(self, text: str) -> list[tuple[int, int, set[str]]]:
        """Every occurrence, overlapping ones too: 有多少辆 holds both 有多少 and 多少辆."""
        found = []
        for i in range(len(text)):
            node = self.root
            for j in range(i, len(text)):
                node = node.get(text[j])
                if node is None:
                    break
                if "" in node:
                    found.append((i, j + 1, node[""]))
        return found

    def find(self, text: str, *, min_length: int = 1) -> list[tuple[int, int, set[str]]]:
        found, i = [], 0
        while i < len(text):
            node, best = self.root, None
            for j in range(i, len(text)):
                node = node.get(text[j])
                if node is None:
                    break
                if "" in node and j + 1 - i >= min_length:
                    best = (i, j + 1, node[""])
            if best:
                found.append(best)
                i = best[1]
            else:
                i += 1
        return found


def department_aliases(name: str, generic: frozenset[str] = frozenset()) -> set[str]:
    """Ways people name a department: 长沙市12345政务热线中心 -> 12345政务热线中心, 热线中心, …"""
    full = name_key(name)
    plain = re.sub(r"\(.*?\)", "", full)
    aliases = {full, plain}
    core = ADMIN_PREFIX.sub("", plain) or plain
    aliases.add(core)
    aliases.add(plain.replace("市", "", 1))
    district = re.match(r"^(?:[\u4e00-\u9fff]{1,5}?市)([\u4e00-\u9fff]{1,4}?[区县])(.+)$", plain)
    if district:  # 上海市普陀区司法局 -> 普陀区司法局, 普陀司法局
        area, rest = district.groups()
        aliases.update({area + rest, area[:-1] + rest})
    city = re.match(r"^([\u4e00-\u9fff]{2,4}?)市", plain)
    if city and core.endswith("局") and len(core) >= 3 and plain == city.group(0) + core:
        aliases.add(city.group(1) + core[:-1])  # 长沙公安 for 长沙市公安局 (not 上海财政 for a district's)
    for inner in re.findall(r"\(([^()]{4,})\)", full):  # 上海市财政科学研究所, the name in brackets
        if any(inner.endswith(suffix) for suffix in generic):
            aliases.update({inner, inner.replace("市", "", 1)})
    for inner in re.finditer(r"基地|中心|学院|医院", plain[:-2]):
        if inner.end() >= 4:
            aliases.add(plain[: inner.end()])  # 长沙职业教育基地 for 长沙职业教育基地综合协调办公室
    digitless = re.sub(r"\d+", "", core)
    if len(digitless) >= 4:
        aliases.add(digitless)
    number = re.search(r"\d{3,}", core)
    if number:  # 12345热线, 12345政务热线 for 长沙市12345政务热线中心
        own = re.sub(f"(?:{'|'.join(generic) or '$^'})$", "", digitless) if generic else digitless
        for i in range(0, len(own) - 1, 2):
            aliases.update({number.group(0) + own[i:], number.group(0) + own[i : i + 2]})
        aliases.add(number.group(0) + digitless[len(own):])  # 12345中心
    # the last words of the name: 政务热线中心 -> 热线中心
    for size in (4, 5, 6):
        if len(digitless) > size:
            aliases.add(digitless[-size:])
    return {a for a in aliases if len(a) >= 3 and a not in generic}


def department_entry(name: str, organisation_suffixes: Iterable[str]) -> DepartmentEntry:
    """What questions may call a department, its own part and the places before that: what a
    knowledge base keeps of each department at ingest (see `nlu.departments`)."""
    key = name_key(name)
    own = ADMIN_PREFIX.sub("", re.sub(r"\(.*?\)", "", key)) or name
    prefix = key[: len(key) - len(own)]  # the places before the departments' own parts: 上海市普陀区 and 上海市普陀
    aliases = department_aliases(name, frozenset({*organisation_suffixes, "本级"}))
    return DepartmentEntry(name, frozenset(aliases), own, frozenset(p for p in (prefix, prefix.rstrip("市区县")) if p))


SHORTENED = (("支出", 3), ("费用", 2), ("费", 2))  # ending dropped, characters that must remain


def short_forms(keys) -> dict[str, str]:
    """What people leave off: 工资福利 for 工资福利支出, 福利 for 福利费 — where only one name fits."""
    forms: dict[str, set[str]] = {}
    for key in keys:
        for ending, keep in SHORTENED:
            if key.endswith(ending) and len(key) - len(ending) >= keep:
                forms.setdefault(key[: -len(ending)], set()).add(key)
                break
    return {form: next(iter(targets)) for form, targets in forms.items() if len(targets) == 1 and form not in keys}


def generic_tail(span: str, tail: str) -> bool:
    """Whether what a name adds after the words asked is only a generic ending: 交通费 + 用."""
    return any(
        (span + tail).endswith(ending) and len(ending) >= len(tail) for ending in GENERIC_ENDINGS
    )
