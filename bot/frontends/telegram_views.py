"""How the Telegram bot says it: the command menu, answers as HTML in pieces Telegram takes, inline
keyboards, and which group messages are for it. Fixed texts are in data/lexicon/replies.toml
(`Session.says`)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, MutableMapping
from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, MessageEntity

from ..core.reply import Reply
from .render import sources_html

MAX_TEXT = 4096  # Telegram's limit for one message
MAX_CAPTION = 1024
MAX_BUTTONS = 6
MAX_ASKS = 100  # button ids remembered per chat
ASK_PREFIX = "ask:"

COMMANDS = (
    ("start", "开始：看看可以问什么"),
    ("help", "怎么提问"),
    ("about", "我知道哪些部门和年份"),
    ("reset", "重新开始对话"),
)


def reply_html(reply: Reply) -> str:
    """The answer as Telegram HTML, with where its figures stand below it."""
    sources = sources_html(reply.sources)
    return f"{escape(reply.answer, quote=False)}\n\n{sources}" if sources else escape(reply.answer, quote=False)


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Pieces of at most `limit` characters, cut at line ends where possible."""
    pieces = []
    while len(text) > limit:
        cut = text.rfind("\n", 0, limit)
        cut = cut if cut > 0 else limit
        pieces.append(text[:cut])
        text = text[cut:].lstrip("\n")
    return [*pieces, text]


def ask_id(question: str) -> str:
    """A short, stable id for a question: callback data may hold only 64 bytes."""
    return hashlib.sha1(question.encode()).hexdigest()[:12]


def question_keyboard(questions: Iterable[str], asks: MutableMapping[str, str]) -> InlineKeyboardMarkup | None:
    """One button per question; `asks` (kept per chat) maps the buttons' ids back to the questions."""
    rows = []
    for question in list(questions)[:MAX_BUTTONS]:
        key = ask_id(question)
        asks.pop(key, None)
        asks[key] = question
        rows.append([InlineKeyboardButton(question, callback_data=ASK_PREFIX + key)])
    while len(asks) > MAX_ASKS:
        del asks[next(iter(asks))]
    return InlineKeyboardMarkup(rows) if rows else None


def addressed_question(message: Message, *, bot_id: int, bot_username: str) -> str | None:
    """The question in a message, or None for a group message not addressed to the bot.

    In a group the bot answers only when mentioned or replied to (commands have their own handlers).
    """
    text = (message.text or "").strip()
    if message.chat.type == "private":
        return text or None
    replied = message.reply_to_message
    if replied and replied.from_user and replied.from_user.id == bot_id:
        return text or None
    mention = "@" + bot_username.lower()
    mentions = message.parse_entities([MessageEntity.MENTION]).values()
    if any(value.lower() == mention for value in mentions):
        # entity offsets count UTF-16 code units, so cut by the mention's text instead
        raw = message.text or ""
        start = raw.lower().find(mention)
        question = (raw[:start] + raw[start + len(mention):]).strip(" ，,：:")
        return question or None
    return None
