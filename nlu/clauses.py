"""两问合一: the clauses of a question that each ask something of their own."""

from __future__ import annotations

import re

from .matcher import Matcher
from .normalize import MAX_CHARS, normalize

CLAUSE_BREAK = re.compile(r"[，,？?；;！!]")


def asking_clauses(question: str, matcher: Matcher) -> list[str] | None:
    """「买几辆公务用车，购置费多少」 → its two clauses; None when fewer than two clauses ask something,
    or more than one clause only frames the question (请问，…)."""
    clauses = [c for c in CLAUSE_BREAK.split(question[:MAX_CHARS]) if c.strip()]
    parts = [c for c in clauses if asks(normalize(c), matcher)]
    if len(parts) < 2 or len(parts) < len(clauses) - 1:
        return None
    return parts


def asks(clause: str, matcher: Matcher) -> bool:
    """Whether a clause asks something of its own: a cue (多少, 为什么), or a name or a year with 呢 or 吗
    (机关运行经费呢, 去年呢, 今年还买车吗)."""
    return bool(matcher.intents_in(clause)) or (
        clause.endswith(("呢", "吗")) and (bool(matcher.subjects_in(clause)) or bool(YEAR.search(clause))))


YEAR = re.compile(r"(?:\d{4}|[前去今明上本])年")
