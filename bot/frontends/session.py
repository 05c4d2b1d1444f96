"""What every front end does around `Engine.answer`, in one place: carry each conversation on, start
one anew (`/reset`, 「重新开始」: the same words everywhere), offer help, examples and what the
knowledge base holds, say the fixed texts around the answers (data/lexicon/replies.toml), and log the
questions the bot could not answer well.

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
RESET_INTENT = "reset"  # the intent of the reply to a reset: front-end business, not the engine's


class Conversation(Protocol):
    """Where one conversation's context is kept between questions."""

    def load(self) -> Context: ...

    def save(self, context: Context) -> None: ...


class MemoryConversation:
    """A conversation kept in memory: one terminal chat, one test."""

    def __init__(self, context: Context | None = None) -> None:
        self.context = context or Context()

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
        """The answer, with the conversation carried on (a reset word starts it anew); a weak answer's
        question goes to the misses log."""
        question = clean_text(question)
        if self.is_reset(question):
            return self.reset(conversation)
        reply = self.engine.answer(question, conversation.load())
        conversation.save(reply.context)
        if self.misses is not None and question.strip() and reply.confidence < LOW_CONFIDENCE:
            self.misses.record(question)
        return reply

    def is_reset(self, text: str) -> bool:
        """Whether `text` asks to start the conversation anew: /reset, 重新开始, 新对话… (replies.toml's
        reset_words), with or without a full stop."""
        return text.strip().rstrip("。.!！").strip().lower() in self.engine.phrases.reset_words

    def reset(self, conversation: Conversation) -> Reply:
        """Start the conversation anew: the next question follows on from nothing."""
        conversation.save(Context())
        return Reply(answer=self.says("reset"), intent=RESET_INTENT, confidence=1.0)

    @property
    def examples(self) -> tuple[str, ...]:
        return self.engine.phrases.examples

    def says(self, name: str, /, **values: str) -> str:
        """A fixed text of data/lexicon/replies.toml (sorry, start, welcome, …), filled in."""
        return self.engine.phrases(name, **values)

    def help(self) -> str:
        return self.says("help")

    def about(self) -> str:
        """What the knowledge base holds, as the engine answers 有哪些部门: the first departments with
        their years, and how many there are in all — one short text however large the knowledge base."""
        return self.says("about")
