"""Whole question sets, scored as the evaluation scores them: the dev sample and independent QA sets.

Each case is a conversation with checks on its last answer (numbers that must appear, wording,
numbers that must not, "no figure", "says it is zero"), written from the documents by people other
than the bot's authors. The sets guard against regressions; the thresholds are the scores reached.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from nlu.context import Context

FIXTURES = Path(__file__).parent / "fixtures"
NUMBER = re.compile(r"\d+(?:\.\d+)?")
ZERO_WORDS = ("无", "没有", "未安排", "不编制", "未编制", "零")


def numbers(text: str) -> list[float]:
    return [float(n) for n in NUMBER.findall(re.sub(r"(?<=\d),(?=\d{3})", "", text))]


def passes(case: dict, answer: str) -> bool:
    found = numbers(answer)
    tol = case.get("tol", 0.006)
    def stated(n) -> bool:  # "a|b": either form, e.g. the same sum in 万元 or in 元
        return any(abs(f - float(alt)) < tol for alt in str(n).split("|") for f in found)

    if not all(stated(n) for n in case.get("nums", [])):
        return False
    if any(any(abs(f - float(n)) < 0.006 for f in found) for n in case.get("none", [])):
        return False
    if any(t not in answer for t in case.get("text_all", [])):
        return False
    if case.get("text_any") and not any(t in answer for t in case["text_any"]):
        return False
    if case.get("zero") and 0.0 not in found and not any(w in answer for w in ZERO_WORDS):
        return False
    return not (case.get("nofig") and re.search(r"\d+\.\d+", answer))


def score(engine, name: str) -> tuple[float, list[str]]:
    cases = [json.loads(line) for line in (FIXTURES / name).read_text(encoding="utf-8").splitlines() if line]
    failed = []
    for case in cases:
        context = Context()
        for turn in case["turns"]:
            reply = engine.answer(turn, context)
            context = reply.context
        if not passes(case, reply.answer):
            failed.append(f"{case['id']} {' / '.join(case['turns'])} -> {reply.answer[:80]}")
    return 100 * (len(cases) - len(failed)) / len(cases), failed


@pytest.mark.parametrize("name, threshold", [
    ("dev_questions.jsonl", 100.0), ("qa_questions.jsonl", 99.0), ("qa2_questions.jsonl", 99.0),
    ("qa3_questions.jsonl", 100.0), ("founding2_questions.jsonl", 95.0), ("bundled2_questions.jsonl", 97.0),
])
def test_question_set_scores(bundled_engine, name, threshold):
    pct, failed = score(bundled_engine, name)
    assert pct >= threshold, "\n".join(failed)


@pytest.mark.parametrize("name, threshold", [("corpus_questions.jsonl", 97.0), ("conversations_questions.jsonl", 97.5)])
def test_corpus_question_set_scores(corpus_engine, name, threshold):
    """Sets written on the 18 corpus documents of tests/fixtures/corpus (and the founding document)."""
    pct, failed = score(corpus_engine, name)
    assert pct >= threshold, "\n".join(failed)
