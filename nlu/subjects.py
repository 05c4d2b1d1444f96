"""What a question asks about: the subjects it names (exactly, or with a slip), the one it names them
within (基本支出里的办公费), and the content words no known name explains (在编人员)."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass

from .framing import free, mask
from .matcher import Matcher, Mention

SURE = 90  # a near miss this close outweighs an exact two-character name
SHORTENED = 70  # a shortening (单价50万元以上设备) this near, and well ahead of any other, is the name
LISTED = re.compile(r"和|与|以及|、|分别|及其")
# 基本支出里的办公费, 三公经费中公务接待费, 基本支出表里列的公务接待费: the second is asked, within the first
WITHIN = re.compile(r"^(?:(?:当年)?(?:财政)?(?:拨款)?(?:表)?(?:里面|里头|里|中|当中|之中|内|下)?[，,]?"
                    r"(?:列的|的|列|有|安排的|拨款的|用于|安排)?|的|[（(][类款][）)])?$")  # 公安（款）行政运行（项）
QUOTES = re.compile(r"[“”\"'‘’「」]")
# 公务接待费在基本支出里: the first is asked, within the second
IN_FRONT = re.compile(r"^(?:在|于)$")
WITHIN_AFTER = re.compile(r"^(?:表)?(?:里面|里|中|当中|之中|内)")
# words that name a total of whatever stands before them: 政府采购预算总额 is not 预算 within 政府采购
GENERIC_NAME = re.compile(r"预算|决算|总额|金额|合计|总计|小计|财政拨款|^(?:支出|收入)$")
GENERIC_WORDS = re.compile(r"(?:预算|决算|支出|收入)?(?:总额|金额|数|总数|合计|总计)?|预算|决算")
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
    without_cues = _without_cues(masked, matcher)
    words = token_spans(without_cues, matcher)
    exact = [m for m in exact if not _inside_a_word(without_cues, m, matcher, words)
             and not (m.end - m.start <= 2 and _before_another_word(without_cues, m, matcher))]
    strong = [m for m in exact if m.end - m.start > 2 and known(m.target) and not _generic(masked, m)]
    if strong:  # 会议费预算, 政府采购预算总额: a budget word beside a longer name is the question's form
        exact = [m for m in exact if m in strong or m.end - m.start > 2 and not _generic(masked, m)
                 or masked[m.start : m.end] in matcher.display and not _generic(masked, m)]
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
    fuzzy = [m for m in fuzzy if not _before_another_word(residual, m, matcher)
             and not (m.target in WHOLE_PARTS and _names_more(residual, m, matcher))]
    if not fuzzy:
        shortened = _clear_shortening(candidates, known)
        if shortened and shortened.target in WHOLE_PARTS and _names_more(residual, shortened, matcher):
            shortened = None  # 警航专项经费: no shortening of 项目支出
        if shortened:  # 单价50万元以上的设备: 单位价值50万元以上设备, well ahead of 单位价值100万元以上设备
            taken.append((shortened.start, shortened.end))
            return Subjects([shortened])
        return Subjects([], near=near)
    best = fuzzy[0]
    rivals = [m for m in fuzzy[1:] if best.score - m.score < 3 and known(m.target) == known(best.target)]
    best, rivals = _widest(best, rivals)
    if rivals and not known(best.target):
        return Subjects([], near=near)  # names only other documents have: none of them is asked here
    # of names about as near (体育采票公益金: 住房公积金 by sound, 体育彩票公益金项目 by its words), the one
    # holding clearly more of the words asked; else equally near ones are offered to choose from
    close = [m for m in fuzzy[1:] if best.score - m.score < CLOSE and known(m.target) == known(best.target)]
    chosen = _holding_most(unexplained, [best, *close], matcher) if close else None
    if chosen is None and rivals:
        return Subjects([], ties=tuple(m.target for m in [best, *rivals]))
    best = chosen or best
    taken.append((best.start, best.end))
    return Subjects([best])


def _widest(best: Mention, rivals: list[Mention]) -> tuple[Mention, list[Mention]]:
    """公物用车费: of names about as near, the one fitting the longer words asked, not one fitting a part
    of them (公物用车)."""
    if not rivals:
        return best, rivals
    widest = max([best, *rivals], key=lambda m: m.end - m.start)
    inside = [m for m in [best, *rivals] if m is not widest and widest.start <= m.start and m.end <= widest.end
              and m.end - m.start < widest.end - widest.start]
    if not inside:
        return best, rivals
    return widest, [m for m in rivals if m is not widest and m not in inside]


CLOSE = 8  # points of score within which the words held decide between two near names


def _holding_most(words: str, tied: list[Mention], matcher: Matcher) -> Mention | None:
    """Of names equally near, the one holding clearly more of the pairs of characters asked (广州港集团的支持
    资金: 广州港集团支持资金, not 市属企业科技创新支持资金), or None."""
    pairs = {words[i : i + 2] for i in range(len(words) - 1)}
    held = sorted(((sum(p in matcher.display.get(m.target, m.target) for p in pairs), i) for i, m in enumerate(tied)),
                  reverse=True)
    if len(held) > 1 and held[0][0] >= held[1][0] + 2:
        return tied[held[0][1]]
    return None


def _generic(text: str, mention: Mention) -> bool:
    """预算, 预算总额, 金额: words that name the total of whatever is asked, not a subject of their own."""
    return bool(GENERIC_WORDS.fullmatch(text[mention.start : mention.end]))


def _clear_shortening(candidates: list[Mention], known: Callable[[str], bool]) -> Mention | None:
    """A near name the words asked shorten (their characters in its order), well ahead of the next."""
    ranked = sorted((m for m in candidates if known(m.target)), key=lambda m: -m.score)
    if not ranked or ranked[0].score < SHORTENED:
        return None
    best = ranked[0]
    if len(re.findall(r"[\u4e00-\u9fff]", best.said)) < 2:
        return None  # 12345 alone shortens every name holding the hotline's number
    ahead = len(ranked) == 1 or best.score - ranked[1].score >= 8
    return best if ahead and best.shortens else None


def _before_another_word(text: str, mention: Mention, matcher: Matcher) -> bool:
    """社区公共服务中心建筑面积 does not ask 一般公共服务支出: near words followed by another word (中心)
    qualify that word; they are no name's head."""
    after = re.match(r"[\u4e00-\u9fff]+", text[mention.end :])
    if not after:
        return False
    following = matcher.tokenizer.words(after.group(0))[0]
    ends = ("预算", "决算", "支出", "经费", "费用", "金额", "总额", "合计", "数", "情况")
    return len(following) >= 2 and following not in matcher.lexicon.fillers and not following.startswith(ends)


WHOLE_PARTS = frozenset({"项目支出", "基本支出", "支出预算", "收入预算"})


def _names_more(text: str, mention: Mention, matcher: Matcher) -> bool:
    """警航专项经费 near 项目支出 (专项经费): words before an everyday word for a whole budget part make
    the name of something in it."""
    said = text[mention.start : mention.end]
    tails = [alias for alias, target in matcher.lexicon.synonyms.items() if target == mention.target]
    if any(said.endswith(tail) and len(said) - len(tail) >= 2 for tail in tails):
        return True
    return _inside_a_word(text, mention, matcher)


def _inside_a_word(text: str, mention: Mention, matcher: Matcher,
                   words: list[tuple[int, int, str]] | None = None) -> bool:
    """人工服务 is not 服务, 口岸单位补贴 not 津贴补贴, 人民调解项目预算 not 收入预算: a two-character name
    right after other words (not fillers such as 单位 or 今年, nor words of the name itself) is the head
    of a longer name, not itself."""
    # 警航专项经费 is not 项目支出: an everyday word for a whole budget part ends a longer name too
    whole_alias = mention.target in WHOLE_PARTS and text[mention.start : mention.end] not in matcher.display
    if _in_compound(mention, matcher, words if words is not None else token_spans(text, matcher)):
        return True  # 水电费 is not 电费
    if mention.end - mention.start > 2 and not whole_alias:
        return False
    start = mention.start
    while start > 0 and "\u4e00" <= text[start - 1] <= "\u9fff" and not JOINER.match(text[start - 1]):
        start -= 1
    before = text[start : mention.start]
    if any(m.end == len(before) and m.end - m.start > 2 for m in matcher.subjects_in(before)):
        return False  # 基本支出电费: a name before it is what it stands within, not a longer word
    fillers, name = matcher.lexicon.fillers, matcher.display.get(mention.target, mention.target)
    if whole_alias and len(before) >= 2 and before not in fillers and not matcher.intents_in(before):
        return True  # 警航 however jieba cuts it
    # 职工医保 is still 职工基本医疗保险缴费: a word the name itself holds does not make another name
    return any(len(w) >= 2 and w not in fillers and w not in name for w in matcher.tokenizer.words(before))


def token_spans(text: str, matcher: Matcher) -> list[tuple[int, int, str]]:
    """The question's words with where each stands: (start, end, word)."""
    spans, start = [], 0
    for word in matcher.tokenizer.words(text):
        start = text.find(word, start)
        spans.append((start, start + len(word), word))
        start += len(word)
    return spans


def _in_compound(mention: Mention, matcher: Matcher, words: list[tuple[int, int, str]]) -> bool:
    """Whether the mention is inside an everyday word that names something else: 电费 in 水电费, or a
    two-character name in any longer word (办公 in 办公楼)."""
    for start, end, word in words:
        if start <= mention.start and mention.end <= end and end - start > mention.end - mention.start:
            return word in matcher.lexicon.compounds or mention.end - mention.start == 2
    return False


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


def scope_of(text: str, mentions: list[Mention], parts: Mapping[str, tuple[str, ...]]) -> tuple[list[Mention],
                                                                                            str | None]:
    """基本支出里的办公费, 监狱行政运行: (the mentions asked, the subject they stand within) — the first of
    two names is the scope when nothing or only 里/中/表里 stands between them, unless it is one of the
    second's `parts` (工程类政府采购: 工程类采购 is asked)."""
    if len(mentions) > 2:  # 一般公共预算基本支出里退休费: the last two, the first qualifying them
        ordered = sorted(mentions, key=lambda m: m.start)
        asked, scope = scope_of(text, ordered[-2:], parts)
        if not scope:
            return mentions, None
        # 机关运行经费是不是等于基本支出里的公用经费: a name set apart from the pair is asked too
        apart = [m for m in ordered[:-2] if text[m.end : ordered[-2].start]]
        return [*apart, *asked], scope
    if len(mentions) == 2 and mentions[0].target != mentions[1].target:
        first, second = sorted(mentions, key=lambda m: m.start)
        if first.end > second.start:
            return mentions, None
        between = QUOTES.sub("", text[first.end : second.start])  # 当年拨款中“罪犯生活及医疗卫生”
        if not between and first.target in parts.get(second.target, ()):
            return [first], second.target
        # side by side, only a longer name is within the first (监狱行政运行), not a word such as 预算
        generic = GENERIC_NAME.search(text[second.start : second.end])
        # 基本支出里的电费 / 基本支出的电费 / 基本支出电费 — but not 政府采购预算 or 三公经费的预算
        if WITHIN.match(between) and (between not in ("", "的") or not generic):
            return [second], first.target
        if IN_FRONT.match(between) and WITHIN_AFTER.match(text[second.end :]):
            return [first], second.target  # 30217公务接待费在基本支出里是多少
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
HELPERS = frozenset("对要会能把被给向从将做搞去来想可让里中请那")
LEADING = re.compile(r"^那么?[去来要]?")  # 绩效目标里空气质量…: 里 is no part of a name


def unexplained(text: str, matcher: Matcher, fillers: Collection[str]) -> tuple[str, ...]:
    """The phrases no cue, filler or known name explains — runs of words, so that 在编人员 stays whole
    where jieba reads 在/编/人员."""
    text = _without_cues(text, matcher)
    phrases, run = [], []
    for word in [*matcher.tokenizer.words(text), "，"]:
        if word in fillers or word in PARTICLE or not re.fullmatch(r"[\u4e00-\u9fff]+", word):
            while run and run[0] in HELPERS:  # 对热点信息, 社情民意要做: a preposition or a verb's helper
                run.pop(0)  # at the edge of a phrase is not part of what it names
            while run and run[-1] in HELPERS:
                run.pop()
            phrase = LEADING.sub("", "".join(run))  # 那去港澳培训: jieba's 那去 leads in
            if len(phrase) >= 2:
                phrases.append(phrase)
            run = []
        else:
            run.append(word)
    return tuple(dict.fromkeys(phrases))


def _overlap(a: Mention, b: Mention) -> bool:
    return a.start < b.end and b.start < a.end
