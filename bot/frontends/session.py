"""What every front end does around `Engine.answer`, in one place: carry each conversation on, start
one anew, offer help and examples, and log the questions the bot could not answer well.

A front end keeps its conversations where it likes — in memory for a terminal chat, in the shared
state store for web and WeChat workers, in a Telegram chat's data — behind the small `Conversation`
interface, and hands one to `Session.ask` with each question.
"""

from __future__ import annotations

from typing import Protocol

from nlu.context import Context
from nlu.normalize import clean_text

from ..core.engine import Engine
from ..core.reply import Reply
from .misses import MissLog

LOW_CONFIDENCE = 0.5  # a reply less sure than this is logged as a miss
RESET_INTENT = "reset"


class Conversation(Protocol):
    """Where one conversation's context is kept between questions."""

    def load(self) -> Context: ...

    def save(self, context: Context) -> None: ...


class MemoryConversation:
    """A conversation kept in memory: one terminal chat, one test."""

    def __init__(self) -> None:
        self.context = Context()

    def load(self) -> Context:
        return self.context

    def save(self, context: Context) -> None:
        self.context = context


class Session:
    """The engine as a front end uses it."""

    def __init__(self, engine: Engine, *, misses: MissLog | None = None) -> None:
        self.engine = engine
        self.misses = misses

    def ask(self, conversation: Conversation, question: str) -> Reply:
        """The answer, with the conversation carried on; a weak answer's question goes to the misses log."""
        question = clean_text(question)
        reply = self.engine.answer(question, conversation.load())
        conversation.save(reply.context)
        if self.misses is not None and question.strip() and reply.confidence < LOW_CONFIDENCE:
            self.misses.record(question)
        return reply

    def reset(self, conversation: Conversation) -> Reply:
        """Start the conversation anew: the next question follows on from nothing."""
        conversation.save(Context())
        return Reply(answer=self.engine.phrases("reset"), intent=RESET_INTENT, confidence=1.0)

    @property
    def examples(self) -> tuple[str, ...]:
        return self.engine.phrases.examples

    def help(self) -> str:
        return self.engine.phrases("help")

    def about(self) -> str:
        """The departments and years the knowledge base holds, one department a line."""
        known: dict[str, list[str]] = {}
        for doc in sorted(self.engine.documents, key=lambda d: (d.department, d.year, d.kind)):
            known.setdefault(doc.department, []).append(f"{doc.year}年{doc.kind}")
        if not known:
            return "知识库还是空的，暂时回答不了问题。"
        lines = ["我知道这些部门公开的预算、决算："]
        lines += [f"• {department}：{'、'.join(years)}" for department, years in known.items()]
        if self.engine.default_department in known:
            lines.append(f"\n问题里不说部门时，指的是{self.engine.default_department}。")
        return "\n".join(lines)
