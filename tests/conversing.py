"""Helpers of the answering tests: a conversation of several turns, and the figures of a reply."""

from __future__ import annotations

import re

from nlu.context import Context


def converse(engine, *turns: str):
    """The reply to the last of `turns`, each asked with the conversation so far."""
    context = Context()
    for turn in turns:
        reply = engine.answer(turn, context)
        context = reply.context
    return reply


def figures(text: str) -> list[str]:
    """The figures with decimals a reply gives (3.93, 2850.48)."""
    return re.findall(r"\d+\.\d+", text)
