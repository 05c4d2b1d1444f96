"""What a question asks about: the subjects it names (exactly, or with a slip), the one it names them
within (基本支出里的办公费), and the content words no known name explains (在编人员)."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass

from .framing import free, mask
from .matcher import Matcher, Mention

SURE = 90  # a near miss this close outweighs an exact two-character name
LISTED = re.compile(r"和|与|以及|、|分别|及其")
# 基本支出里的办公费, 三公经费中公务接待费, 基本支出表里列的公务接待费: the second is asked, within the first
WITHIN = re.compile(r"^(?:表)?(?:里面|里|中|当中|之中|内|下)(?:列的|的|列|有)?$")
# a character that joins or frames words, never part of a name
JOINER = re.compile(r"[的和与及、里中是有在为对从跟同把被呢吗啊吧了过，,]")


@dataclass(frozen=True)
class Subjects:
    mentions: list[Mention]
    ties: tuple[str, ...] = ()  # subjects equally near the words asked: which one is meant?
    near: tuple[str, ...] = ()  # known names near the words asked, too far to take for them


def find_subjects(text: str, taken: list[tuple[int, int]], matcher: Matcher, known: Callable[[str], bool]) -> Subjects:
    """Exact mentions; failing those, the best near miss — or, when two subjects come equally
    near, no mention and the subjects to choose between. Names the department's document states
    come first: an exact name only another document has gives way to a near one this one has."""
    masked = mask(text, taken)
    cues = [(start, end) for _, _, start, end in matcher.intents_in(masked)]
    exact = [
        m for m in matcher.subjects_in(masked)
        if free(m.start, m.end, taken)
        # 预算 inside the cue 完成预算 or 预算数 is part of the question's form, not its subject
        and not any(s <= m.start and m.end <= e and e - s > m.end - m.start for s, e in cues)
    ]
    exact = [m for m in exact if not _inside_a_word(masked, m, matcher)]
    strong = [m for m in exact if m.end - m.start > 2 and known(m.target)]
    if strong:  # 会议费预算: a short colloquial 预算 beside a longer name is the question's form
        exact = [m for m in exact if m.end - m.start > 2 or masked[m.start : m.end] in matcher.display]
    residual = mask(text, taken + [(m.start, m.end) for m in strong])
    for _, _cue, start, end in matcher.intents_in(residual):
        residual = residual[:start] + "，" * (end - start) + residual[end:]
    unexplained = re.sub(r"[^\u4e00-\u9fff]|的|是|了|吗|呢|请问|麻烦|一下|问下", "", residual)
    candidates = matcher.fuzzy_subjects(residual) if len(unexplained) >= 2 or not strong else []
    fuzzy = sorted((m for m in candidates if m.score >= matcher.fuzzy_cutoff),
                   key=lambda m: (not known(m.target), -m.score))
    near = tuple(m.target for m in candidates if m.score < matcher.fuzzy_cutoff and known(m.target))[:3]
    sure = [m for m in fuzzy[:1] if m.score >= SURE and m.end - m.start > 2 and known(m.target)]
    if exact and (any(known(m.target) for m in exact) or sure or not any(known(f.target) for f in fuzzy)):
        # exact names, and a close longer one beside them: 政府菜购预算总额, 住房公基金 (not 基金)
        kept = [m for m in exact if m in strong or not any(_overlap(m, f) for f in sure)]
        found = sorted(kept + [f for f in sure if all(not _overlap(f, m) for m in kept)], key=lambda m: m.start)
        taken.extend((m.start, m.end) for m in found)
        return Subjects(found)
    if not fuzzy:
        return Subjects([], near=near)
    best = fuzzy[0]
    rivals = [m for m in fuzzy[1:] if best.score - m.score < 3 and known(m.target) == known(best.target)]
    if rivals:
        return Subjects([], ties=tuple(m.target for m in [best, *rivals]))
    taken.append((best.start, best.end))
    return Subjects([best])


def _inside_a_word(text: str, mention: Mention, matcher: Matcher) -> bool:
    """人工服务 is not 服务: a short printed name with two more characters of an unknown word before it
    is part of that word, not the name."""
    if mention.end - mention.start > 2 or text[mention.start : mention.end] not in matcher.display:
        return False
    before = text[max(0, mention.start - 2) : mention.start]
    return len(before) == 2 and all("\u4e00" <= ch <= "\u9fff" and not JOINER.match(ch) for ch in before)


def named_first(text: str, mentions: list[Mention], matcher: Matcher, *, has_code: bool) -> list[Mention]:
    """A colloquial alias (花多少钱, 预算) gives way to a name the documents print (会议费, 科目2010350)
    unless the question lists several things."""
    def printed(m: Mention) -> bool:
        return text[m.start : m.end] in matcher.display

    if has_code:
        return [m for m in mentions if printed(m)]
    if len(mentions) > 1 and not LISTED.search(text):
        return sorted(mentions, key=lambda m: not printed(m))
    return mentions


def scope_of(text: str, mentions: list[Mention]) -> tuple[list[Mention], str | None]:
    """基本支出里的办公费: (the mentions asked, the subject they stand within) — the first of two
    names is the scope when only 里/中/表里 stand between them."""
    if len(mentions) == 2 and mentions[0].target != mentions[1].target:
        first, second = mentions
        if WITHIN.match(text[first.end : second.start]):
            return [second], first.target
    return mentions, None


def _without_cues(text: str, matcher: Matcher) -> str:
    for _, _cue, start, end in matcher.intents_in(text):
        text = text[:start] + "，" * (end - start) + text[end:]
    return text


def content_words(text: str, matcher: Matcher, fillers: Collection[str]) -> tuple[str, ...]:
    """Words of two characters or more that are neither cue words nor fillers (请问, 一下, 多少)."""
    text = _without_cues(text, matcher)
    words = [w for w in matcher.tokenizer.words(text) if len(w) >= 2 and re.fullmatch(r"[\u4e00-\u9fff\w]+", w)
             and not re.search(r"\d", w)]
    return tuple(dict.fromkeys(w for w in words if w not in fillers and w not in matcher.cue_intent))


PARTICLE = frozenset("的了吗呢啊吧是和与及或，,")


def unexplained(text: str, matcher: Matcher, fillers: Collection[str]) -> tuple[str, ...]:
    """The phrases no cue, filler or known name explains — runs of words, so that 在编人员 stays whole
    where jieba reads 在/编/人员."""
    text = _without_cues(text, matcher)
    phrases, run = [], ""
    for word in [*matcher.tokenizer.words(text), "，"]:
        if word in fillers or word in PARTICLE or not re.fullmatch(r"[\u4e00-\u9fff]+", word):
            if len(run) >= 2:
                phrases.append(run)
            run = ""
        else:
            run += word
    return tuple(dict.fromkeys(phrases))


def _overlap(a: Mention, b: Mention) -> bool:
    return a.start < b.end and b.start < a.end
