"""Finding subjects, departments and intent cues in a normalised question.

Exact mentions are found leftmost-longest with a trie over every known name and alias; what is
left is segmented with jieba and near misses (三工经费, 机关运营经费) are matched with rapidfuzz.
The vocabulary comes from the knowledge base and the lexicon files, so a new document extends
what is understood without a code change.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz, process

from .departments import DepartmentEntry, DepartmentList, DepartmentLookup, OwnParts, in_order
from .intents import Intent
from .lexicon import Lexicon
from .normalize import normalize
from .tokenize import Tokenizer

ORDINAL = re.compile(r"^(?:[一二三四五六七八九十]+、|\d+[、.]|\([一二三四五六七八九十\d]+\)|其中[:：]?)")
ADMIN_PREFIX = re.compile(
    r"^(?:[\u4e00-\u9fff]{2,6}?(?:省|自治区))?(?:[\u4e00-\u9fff]{1,5}?市)?(?:[\u4e00-\u9fff]{1,4}?[区县])?"
)
PRINTED_ORDINAL = re.compile(
    r"^(?:[一二三四五六七八九十]+、|\d+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|其中[:：]?)"
)
DATED = re.compile(r"(?:19|20)\d{2}")  # 2026年预算数 labels a column; a year is never a subject
FUZZY_CUTOFF = 74  # 3 of 4 characters in order: 三公金费 ~ 三公经费
CANDIDATE_CUTOFF = 60  # characters alone; sound (pinyin) may then lift a candidate over FUZZY_CUTOFF
# what a name may end in beyond the words asked and still be the name asked: 交通费 → 交通费用
GENERIC_ENDINGS = ("", "费", "费用", "经费", "支出", "资金", "预算", "预算数", "数")
# Chinese numerals inside names, as a question may type them: 3公经费
NUMERALS = str.maketrans("一二三四五六七八九", "123456789")


@lru_cache(maxsize=1)
def _pinyin_table() -> dict[int, str]:
    from pypinyin.pinyin_dict import pinyin_dict  # 0.3 s: loaded only when a near miss is looked for

    return pinyin_dict


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


@dataclass(frozen=True)
class Mention:
    """A place in the question naming something: a subject key or a department."""

    target: str
    start: int
    end: int
    score: float  # 100 for an exact mention
    shortens: bool = False  # a near miss whose words stand in the name in order: 单价50万元以上 -> 单位价值…
    said: str = ""  # the words of the question it stands for


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
    if city and core.endswith("局") and len(core) >= 3:
        aliases.add(city.group(1) + core[:-1])  # 长沙公安 for 长沙市公安局
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


def _short_forms(keys) -> dict[str, str]:
    """What people leave off: 工资福利 for 工资福利支出, 福利 for 福利费 — where only one name fits."""
    forms: dict[str, set[str]] = {}
    for key in keys:
        for ending, keep in SHORTENED:
            if key.endswith(ending) and len(key) - len(ending) >= keep:
                forms.setdefault(key[: -len(ending)], set()).add(key)
                break
    return {form: next(iter(targets)) for form, targets in forms.items() if len(targets) == 1 and form not in keys}


def _generic_tail(span: str, tail: str) -> bool:
    """Whether what a name adds after the words asked is only a generic ending: 交通费 + 用."""
    return any(
        (span + tail).endswith(ending) and len(ending) >= len(tail) for ending in GENERIC_ENDINGS
    )


class Matcher:
    """Everything the bot knows how to recognise, loaded once."""

    def __init__(
        self,
        *,
        subjects: Iterable[str] | Mapping[str, str],
        departments: Iterable[str] | DepartmentLookup,
        lexicon: Lexicon,
        base_dictionary: Path,
        organisation_suffixes: Iterable[str],
    ) -> None:
        """`organisation_suffixes` end the names of bodies (局, 委员会, 中心…): such a name is a
        department, never a subject, and one in a question the knowledge base lacks is said to be unknown.
        `subjects` are names, or names with their keys (`name_key`) as the knowledge base keeps them;
        `departments` are names, or a lookup into the many a knowledge base holds (`nlu.departments`)."""
        self.lexicon = lexicon
        self.fuzzy_cutoff = FUZZY_CUTOFF
        suffixes = "|".join(sorted(organisation_suffixes, key=len, reverse=True))
        # a row naming a unit (长沙市行政审批服务局, 本级) names a department, never a subject
        organisation_name = re.compile(rf".{{2,30}}(?:{suffixes}|本级)")
        # a body named in a question: 北京市财政局, 苏州审记局
        self.organisation = re.compile(rf"[\u4e00-\u9fff\d]{{2,14}}?(?:{suffixes})")
        cue_words = {cue for cues in lexicon.intents.values() for cue in cues}
        self.display: dict[str, str] = {}  # subject key -> its name as printed
        keyed = subjects if isinstance(subjects, Mapping) else {name: name_key(name) for name in subjects}
        for name, key in keyed.items():
            # a column called 预算 or 合计 names no subject: those words ask for an amount
            if (len(key) >= 2 and not key.isdigit() and key not in cue_words and not DATED.search(key)
                    and not organisation_name.fullmatch(key)):
                self.display.setdefault(key, PRINTED_ORDINAL.sub("", name.replace(" ", "")))
        self.alias_to_subject: dict[str, str] = {key: key for key in self.display}
        self.alias_to_subject.update(_short_forms(self.display))
        for key in self.display:  # 警务辅助人员经费 for 警务辅助人员经费(含市府机关大院30名)
            bare = re.sub(r"\([^()]*\)$", "", key)
            if bare != key and len(bare) >= 3:
                self.alias_to_subject.setdefault(bare, key)
        for alias in list(self.alias_to_subject):  # 3公经费 as some type 三公经费
            self.alias_to_subject.setdefault(alias.translate(NUMERALS), self.alias_to_subject[alias])
        for alias, subject in lexicon.synonyms.items():
            target = name_key(subject)
            if target in self.display:  # the lexicon is explicit: it wins over a name's own key
                self.alias_to_subject[alias] = target
        self.subject_trie = Trie()
        for alias, target in self.alias_to_subject.items():
            self.subject_trie.add(alias, target)
        self.fuzzy_choices = [a for a in self.alias_to_subject if len(a) >= 3]

        if not hasattr(departments, "named"):  # names: held in memory
            departments = DepartmentList(department_entry(d, organisation_suffixes) for d in set(departments))
        self.department_lookup: DepartmentLookup = departments
        self.own_part = OwnParts(departments)

        self.cue_intent: dict[str, Intent] = {}
        self.intent_rank: dict[Intent, int] = {}
        self.cue_trie = Trie()
        for rank, (intent, cues) in enumerate(lexicon.intents.items()):
            self.intent_rank[intent] = rank
            for cue in cues:
                self.cue_intent[cue] = intent
                self.cue_trie.add(cue, intent)
        # department names are not dictionary words: a question's department is masked before it is segmented
        self.tokenizer = Tokenizer(base_dictionary, [*self.alias_to_subject, *self.cue_intent])

    @property
    def departments(self) -> Sequence[str]:
        """Every department, sorted."""
        return self.department_lookup.names()

    def subjects_in(self, text: str) -> list[Mention]:
        """Exact mentions of subjects, leftmost-longest, each with its subject key."""
        mentions = []
        for start, end, targets in self.subject_trie.find(text):
            for target in sorted(targets):
                mentions.append(Mention(target, start, end, 100.0))
        return mentions

    def fuzzy_subjects(self, text: str, *, limit: int = 3) -> list[Mention]:
        """Near misses among the words of `text` (spans of one to four jieba words), best first: those
        scoring `fuzzy_cutoff` or more may be taken for the name, the others only offered."""
        words = self.tokenizer.words(text)
        spans, offset = [], 0
        positions = []
        for word in words:
            start = text.find(word, offset)
            positions.append((start, start + len(word)))
            offset = start + len(word)
        for i in range(len(words)):
            for j in range(i + 1, min(i + 4, len(words)) + 1):
                span = text[positions[i][0] : positions[j - 1][1]]
                if 3 <= len(span) <= 16 and "，" not in span and span not in self.cue_intent:
                    spans.append((span, positions[i][0], positions[j - 1][1]))
        asked_numbers = set(re.findall(r"\d+", text))
        best: dict[str, Mention] = {}

        def consider(alias: str, score: float, start: int, end: int) -> None:
            # a figure in a name must be the one asked: 50万元以上设备 is not 100万元以上设备
            if set(re.findall(r"\d+", alias)) - asked_numbers and asked_numbers:
                score -= 10
            subject = self.alias_to_subject[alias]
            if score >= CANDIDATE_CUTOFF and (subject not in best or score > best[subject].score):
                best[subject] = Mention(subject, start, end, score, in_order(text[start:end], alias),
                                        text[start:end])

        for span, start, end in spans:
            for alias in self.fuzzy_choices:
                if span in alias and len(span) >= 3 and (len(span) >= 4 or 2 * len(span) >= len(alias)):
                    # a span inside a longer name is a strong hint of it when it holds the name's head
                    # (交通费 in 其他交通费用); without it, only a hint (工作人员 is not 工作人员满意度)
                    head = _generic_tail(span, alias[alias.index(span) + len(span):])
                    # the longer the words found whole in the name, the surer (服务外包采购项目)
                    score = 92.0 + min(len(span) - 4, 4) - 0.1 * (len(alias) - len(span)) if head else 70.0
                    consider(alias, score, start, end)
            for alias, score, _ in process.extract(
                span, self.fuzzy_choices, scorer=fuzz.ratio, score_cutoff=CANDIDATE_CUTOFF, limit=limit
            ):
                # typing by sound is the usual slip: 三工经费 sounds exactly like 三公经费
                score = max(score, fuzz.ratio(pinyin(span), pinyin(alias)) - 1)
                if abs(len(alias) - len(span)) > max(1, len(alias) // 4):
                    score = min(score, FUZZY_CUTOFF - 1)  # a slip keeps a name's length: else only a hint
                consider(alias, score, start, end)
        return sorted(best.values(), key=lambda m: -m.score)

    def departments_in(self, text: str) -> list[tuple[Mention, set[str]]]:
        """Department mentions, leftmost-longest; one mention may fit several departments (信访局)."""
        lookup = self.department_lookup
        longest = lookup.longest_alias
        aliases = lookup.aliases(
            {text[i:j] for i in range(len(text)) for j in range(i + 3, min(len(text), i + longest) + 1)}
        )
        found, i = [], 0
        while i < len(text):
            end = next((j for j in range(min(len(text), i + longest), i + 2, -1) if text[i:j] in aliases), None)
            if end is None:
                i += 1
                continue
            found.append((Mention(text[i:end], i, end, 100.0), set(lookup.named(text[i:end]))))
            i = end
        return found

    def fuzzy_department(self, text: str) -> tuple[str, float] | None:
        """A department named loosely: 职教基地 (an abbreviation, its characters in order in one
        department's name) or with a slip in its own part (长沙市信仿局) — never one that only shares
        the city (上海市普陀区教育局 is not 上海市普陀区司法局)."""
        lookup = self.department_lookup
        abbreviated = lookup.in_order(text) if len(text) >= 4 else []
        if len(abbreviated) == 1:
            return abbreviated[0], 90.0
        own = ADMIN_PREFIX.sub("", name_key(text)) or text
        places = lookup.places([own[:i] for i in range(1, len(own) - 1)])
        if places:  # 苏州审记局: 苏州 is a place
            own = own[len(max(places, key=len)) :]
        # departments of one own part score alike: each own part is scored once
        scores = {o: max(fuzz.ratio(own, o), fuzz.ratio(pinyin(own), pinyin(o)) - 1) for o in lookup.own_parts()}
        best = max(scores.values(), default=0)
        near = lookup.with_own_parts([o for o, v in scores.items() if v >= best - 3])
        place = name_key(text)[: len(name_key(text)) - len(own)].rstrip("省市区县")
        if place:  # 长沙市信仿局: of the 信访局s the one in 长沙; 北京市财政局: none
            near = [d for d in near if place in d]
        if best < 80 or len(near) != 1:
            return None
        return near[0], best

    def intents_in(self, text: str) -> list[tuple[Intent, str, int, int]]:
        """(intent, cue, start, end) for each cue in the text, best intent first; of two cues that
        overlap, the longer: 什么类型 (breakdown) over 是什么 (definition) in 是什么类型."""
        found = [
            (intent, text[start:end], start, end)
            for start, end, intents in self.cue_trie.find_all(text)
            for intent in intents
        ]
        found = [f for f in found if not any(o[2] < f[3] and f[2] < o[3] and o[3] - o[2] > f[3] - f[2]
                                             for o in found)]
        return sorted(found, key=lambda f: self.intent_rank[f[0]])
