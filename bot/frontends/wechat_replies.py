"""What the 公众号 says: the welcome, a Reply as one plain-text message of at most 2,048 bytes, the menu
keys. Fixed texts are in data/lexicon/replies.toml (`Session.says`)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from .. import settings
from ..core.reply import Reply
from ..settings import SettingError
from .render import sources_brief
from .session import Session

MAX_BYTES = 2048  # WeChat's limit for the Content of a passive text reply, in UTF-8 bytes
MAX_KEY_BYTES = 128  # a menu button's key
MAX_QUESTION = settings.MAX_QUESTION_CHARS  # as every front end: the matcher reads no further

CUT_NOTE = "……（回答较长，只显示了前一部分。可以问得更具体些，例如只问其中一项。）"


def welcome(session: Session) -> str:
    """The reply to 关注: what the account answers, the department meant when none is named, and three
    questions to try."""
    default = session.engine.default_department
    numbered = "\n".join(f"{i}. {question}" for i, question in enumerate(session.examples[:3], 1))
    return session.says("welcome", default_note=session.says("welcome_default") if default else "", numbered=numbered)


def message_text(reply: Reply, *, limit: int = MAX_BYTES) -> str:
    """The answer, a short source line and the next questions to ask, as one plain-text message of at
    most `limit` UTF-8 bytes: suggestions go first, then the answer is cut at a sentence, with a note."""
    answer = plain(reply.answer.strip())
    source = sources_brief(reply.sources)
    tail = f"\n{source}" if source else ""
    suggestions = "\n可以接着问：" + "".join(f"「{s}」" for s in reply.suggestions[:3]) if reply.suggestions else ""
    text = answer + tail + suggestions
    if _size(text) <= limit:
        return text
    if _size(answer + tail) <= limit:
        return answer + tail
    return cut_at_sentence(answer, limit - _size(CUT_NOTE + tail)) + CUT_NOTE + tail


def cut_at_sentence(text: str, limit: int) -> str:
    """The longest beginning of `text` within `limit` UTF-8 bytes that ends a sentence (or a line, or at
    least a clause)."""
    if _size(text) <= limit:
        return text
    head = text.encode()[:max(limit, 0)].decode(errors="ignore")
    for ends in ("。！？!?\n", "；;", "，,、"):
        cut = max(head.rfind(mark) for mark in ends)
        if cut >= len(head) // 3:
            return head[: cut + 1].rstrip("\n")
    return head


def plain(text: str) -> str:
    """Plain text for WeChat: it would render <a href=…> and other tags in a text reply."""
    return re.sub(r"<(?=[A-Za-z/!?])", "＜", text)


def load_menu(path: Path) -> dict[str, str]:
    """Menu CLICK keys → questions, from a TOML file of `KEY = "问题"` lines; a missing file is no menu."""
    if not path.exists():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise SettingError(f"{path}: not a readable TOML menu file ({e})") from None
    for key, question in data.items():
        if not isinstance(question, str) or not question.strip():
            raise SettingError(f'{path}: {key} must be a question in quotes, e.g. {key} = "三公经费是多少"')
        if len(key.encode()) > MAX_KEY_BYTES:
            raise SettingError(f"{path}: the key {key[:20]}… is longer than a menu key may be (128 bytes)")
    return {key: question.strip() for key, question in data.items()}


def _size(text: str) -> int:
    return len(text.encode())
