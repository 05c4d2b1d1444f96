"""Golden conversations: what a person asks, and what the answer must say (read from the documents)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conversing import converse

GOLDEN = Path(__file__).parent / "golden"


def cases(name: str) -> list[dict]:
    lines = (GOLDEN / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def check(reply, case: dict) -> None:
    for fragment in case.get("has", []):
        assert fragment in reply.answer, f"{case['turns']}: {fragment!r} missing from {reply.answer!r}"
    for fragment in case.get("lacks", []):
        assert fragment not in reply.answer, f"{case['turns']}: {fragment!r} in {reply.answer!r}"
    if "intent" in case:
        assert reply.intent == case["intent"], reply.answer
    if case.get("nofig"):
        assert not re.search(r"\d+\.\d+", reply.answer), reply.answer


@pytest.mark.parametrize("case", cases("founding.jsonl"), ids=lambda c: " / ".join(c["turns"]) or "(empty)")
def test_founding_document(founding_engine, case):
    check(converse(founding_engine, *case["turns"]), case)


def test_every_figure_answer_cites_its_source(founding_engine):
    reply = founding_engine.answer("三公经费是多少")
    assert reply.sources and reply.sources[0].document == "长沙市12345政务热线中心2024年部门预算公开"
    assert reply.sources[0].place.startswith("六（二）")
    assert reply.to_dict()["sources"][0]["place"].startswith("六（二）")


def test_a_near_tie_asks_which_subject(founding_engine):
    reply = founding_engine.answer("公务费多少")
    assert reply.intent == "choose_subject"
    assert "公务接待费" in reply.answer and "公务用车购置及运行费" in reply.answer
    assert set(reply.suggestions) == {"公务接待费是多少", "公务用车购置及运行费是多少"}
    assert "1.90万元" in founding_engine.answer(reply.suggestions[0]).answer


@pytest.mark.parametrize("case", cases("documents.jsonl"), ids=lambda c: " / ".join(c["turns"]))
def test_published_documents(bundled_engine, case):
    check(converse(bundled_engine, *case["turns"]), case)
