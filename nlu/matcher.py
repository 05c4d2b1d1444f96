"""Finding subjects, departments and intent cues in a normalised question.

Exact mentions are found leftmost-longest with a trie over every known name and alias; what is
left is segmented with jieba and near misses (三工经费, 机关运营经费) are matched with rapidfuzz.
The vocabulary comes from the knowledge base and the lexicon files, so a new document extends
what is understood without a code change.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

from .departments import DepartmentList, DepartmentLookup, OwnParts, in_order
from .intents import Intent
from .lexicon import Lexicon
from .names import (
    ADMIN_PREFIX,
    NUMERALS,
    PRINTED_ORDINAL,
    Trie,
    department_entry,
    generic_tail,
    loose_sound,
    name_key,
    pinyin,
    short_forms,
    sounds_alike,
)
from .tokenize import Tokenizer

DATED = re.compile(r"(?:19|20)\d{2}")  # 2026年预算数 labels a column; a year is never a subject
SPAN_WORDS = 5  # the most jieba words a near miss is looked for in: 100/万/以上/的/设备
FUZZY_CUTOFF = 74  # 3 of 4 characters in order: 三公金费 ~ 三公经费
# a name may be asked without its opening words (运行费 for 公务用车运行费), but not right after other words,
# which name something else (信息化运行维护 is no 公务用车运行维护费); these leave the way open
LEAD_CHARS = "那其还再的里中是和与及在为对从跟呢吗，"
CANDIDATE_CUTOFF = 60  # characters alone; sound (pinyin) may then lift a candidate over FUZZY_CUTOFF


@dataclass(frozen=True)
class Mention:
    """A place in the question naming something: a subject key or a department."""

    target: str
    start: int
    end: int
    score: float  # 100 for an exact mention
    shortens: bool = False  # a near miss whose words stand in the name in order: 单价50万元以上 -> 单位价值…
    said: str = ""  # the words of the question it stands for


def _aliases(display: Mapping[str, str], synonyms: Mapping[str, str]) -> dict[str, str]:
    """Every way a question may name a subject, with the subject's key: its key, a short form (福利 for
    福利费), the name without its bracketed note, 3 for 三, and the lexicon's synonyms."""
    aliases: dict[str, str] = {key: key for key in display}
    aliases.update(short_forms(display))
    for key in display:  # 警务辅助人员经费 for 警务辅助人员经费(含市府机关大院30名)
        bare = re.sub(r"\([^()]*\)$", "", key)
        if bare != key and len(bare) >= 3:
            aliases.setdefault(bare, key)
    for alias in list(aliases):  # 3公经费 as some type 三公经费
        aliases.setdefault(alias.translate(NUMERALS), aliases[alias])
    for alias, subject in synonyms.items():
        target = name_key(subject)
        if target in display:  # the lexicon is explicit: it wins over a name's own key
            aliases[alias] = target
    return aliases


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
        # what a subject is made of, by key: 政府采购 -> 货物类采购, 工程类采购, 服务类采购
        self.parts = {name_key(whole): tuple(map(name_key, parts)) for whole, parts in lexicon.compositions.items()}
        suffixes = "|".join(sorted(organisation_suffixes, key=len, reverse=True))
        # a row naming a unit (长沙市行政审批服务局, 本级) names a department, never a subject
        organisation_name = re.compile(rf".{{2,30}}(?:{suffixes}|本级)")
        # a body named in a question: 北京市财政局, 苏州审记局
        self.organisation = re.compile(rf"[\u4e00-\u9fff\d]{{2,14}}?(?:{suffixes})")
        self.organisation_ending = re.compile(rf"(?:{suffixes})")  # what follows a name inside a body's name
        self.organisation_end = re.compile(rf"(?:{suffixes})$")  # a whole body's name ends so
        cue_words = {cue for cues in lexicon.intents.values() for cue in cues}
        self.display: dict[str, str] = {}  # subject key -> its name as printed
        keyed = subjects if isinstance(subjects, Mapping) else {name: name_key(name) for name in subjects}
        for name, key in keyed.items():
            # a column called 预算 or 合计 names no subject: those words ask for an amount
            if (len(key) >= 2 and not key.isdigit() and key not in cue_words and not DATED.search(key)
                    and not organisation_name.fullmatch(key)):
                self.display.setdefault(key, PRINTED_ORDINAL.sub("", name.replace(" ", "")))
        self.alias_to_subject = _aliases(self.display, lexicon.synonyms)
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
        words = [w for w in lexicon.compounds | lexicon.budget_words if w not in self.alias_to_subject]
        self.tokenizer = Tokenizer(base_dictionary, [*self.alias_to_subject, *self.cue_intent, *words])

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
            for j in range(i + 1, min(i + SPAN_WORDS, len(words)) + 1):
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
                # 100万以上的设备 shortens 单位价值100万元以上设备: a 的 between words is no part of a name
                shortens = in_order(text[start:end].replace("的", ""), alias)
                best[subject] = Mention(subject, start, end, score, shortens, text[start:end])

        for span, start, end in spans:
            for alias in self.fuzzy_choices:
                if span in alias and len(span) >= 3 and (len(span) >= 4 or 2 * len(span) >= len(alias)):
                    # a span inside a longer name is a strong hint of it when it holds the name's head
                    # (交通费 in 其他交通费用); without it, only a hint (工作人员 is not 工作人员满意度), and so
                    # is one missing the name's own opening words (运行维护 is no 公务用车运行维护费)
                    at = alias.index(span)
                    before = text[start - 1 : start] if start else ""
                    named_other = bool(re.match(r"[\u4e00-\u9fff]", before)) and before not in LEAD_CHARS
                    head = generic_tail(span, alias[at + len(span):]) and not (at and named_other)
                    # the longer the words found whole in the name, the surer (服务外包采购项目)
                    score = 92.0 + min(len(span) - 4, 4) - 0.1 * (len(alias) - len(span)) if head else 70.0
                    consider(alias, score, start, end)
            for alias, score, _ in process.extract(
                span, self.fuzzy_choices, scorer=fuzz.ratio, score_cutoff=CANDIDATE_CUTOFF, limit=limit
            ):
                # typing by sound is the usual slip: 三工经费 sounds exactly like 三公经费
                if sounds_alike(span, alias):
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
        # …or its shortening typed by sound: 热县中心 for (12345政务)热线中心
        typed = name_key(text)  # whole: 县 of 热县中心 is no county
        sound = loose_sound(typed) if len(typed) >= 4 else None
        scores = {o: max(fuzz.ratio(own, o), _sounds_near(own, o),
                         95 if sound and len(o) > len(typed) and loose_sound(o[-len(typed):]) == sound else 0)
                  for o in lookup.own_parts()}
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


def _sounds_near(typed: str, own: str) -> float:
    """A typed own part that sounds as a department's does (信仿局 for 信访局) — not one whose pinyin merely
    overlaps (地震局 is no 民政局, 审批局 no 审计局)."""
    return 99.0 if len(typed) == len(own) and loose_sound(typed) == loose_sound(own) else 0.0
