"""两问合一: the clauses of a question that each ask something of their own."""

from __future__ import annotations

import re

from .matcher import FUZZY_CUTOFF, Matcher
from .normalize import MAX_CHARS, normalize

CLAUSE_BREAK = re.compile(r"[，,？?；;！!]")
WITHIN_END = re.compile(r"(?:中|里|里面|当中|之中)\s*$")  # a clause naming the whole the next one's share is of
SHARE_ASKED = re.compile(r"占|比例|比重")
GOES_ON = re.compile(r"\s*(?:跟|和|与|同|而)")  # a clause comparing with the one before it


def asking_clauses(question: str, matcher: Matcher) -> list[str] | None:
    """「买几辆公务用车，购置费多少」 → its two clauses; None when fewer than two clauses ask something,
    or more than one clause only frames the question (请问，…)."""
    clauses: list[str] = []
    for clause in (c for c in CLAUSE_BREAK.split(question[:MAX_CHARS]) if c.strip()):
        # …只有0.9万，跟三公经费里说的1.9万不一样: one comparison; 基本支出中，工资福利支出占比多少: one scope
        if clauses and (GOES_ON.match(clause) or WITHIN_END.search(clauses[-1]) and SHARE_ASKED.search(clause)):
            clauses[-1] += "，" + clause
        else:
            clauses.append(clause)
    if len(clauses) < 2:
        return None  # one clause: no fuzzy look for what it asks here, the parse does that
    parts, framing = [], ""
    for clause in clauses:
        if asks(normalize(clause), matcher):  # a framing clause goes with the next that asks (上海市…中心，收入多少)
            parts.append(f"{framing}，{clause}" if framing else clause)
            framing = ""
        else:
            framing = clause
    if len(parts) < 2 or len(parts) < len(clauses) - 1:
        return None
    return parts


def asks(clause: str, matcher: Matcher) -> bool:
    """Whether a clause asks something of its own: a cue (多少, 为什么), or a name or a year with 呢 or 吗
    (机关运行经费呢, 去年呢, 今年还买车吗)."""
    return bool(matcher.intents_in(clause)) or (clause.endswith(("呢", "吗")) and (
        bool(matcher.subjects_in(clause)) or bool(YEAR.search(clause))
        or any(m.score >= FUZZY_CUTOFF for m in matcher.fuzzy_subjects(clause))))  # 钱全是财政拨的吗


YEAR = re.compile(r"(?:\d{4}|[前去今明上本])年")
