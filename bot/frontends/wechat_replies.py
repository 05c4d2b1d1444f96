"""What the 公众号 says: fixed texts, a Reply as one plain-text message of at most 2,048 bytes, the menu keys."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from pathlib import Path

from .. import settings
from ..core.reply import Reply
from ..settings import MissingSetting
from .render import sources_brief

MAX_BYTES = 2048  # WeChat's limit for the Content of a passive text reply, in UTF-8 bytes
MAX_KEY_BYTES = 128  # a menu button's key
MAX_QUESTION = settings.MAX_QUESTION_CHARS  # as every front end: the matcher reads no further
RESET_WORDS = frozenset({"/reset", "重新开始", "重置", "重置对话", "新对话"})

CUT_NOTE = "……（回答较长，只显示了前一部分。可以问得更具体些，例如只问其中一项。）"
VOICE_UNREADABLE = "抱歉，暂时听不懂语音。请用文字发送您的问题，例如「三公经费是多少」。"
OTHER_KIND = "这里回答部门预算、决算公开中的问题，请用文字提问，例如「三公经费是多少」。"
SORRY = "抱歉，处理这条消息时出了问题，请稍后再试。"


def welcome(examples: Iterable[str], default_department: str | None) -> str:
    """The reply to 关注: what the account answers and three questions to try."""
    lines = ["您好，欢迎关注！我是预算公开问答助手，回答政府部门预算、决算公开中的数字和说明，每个数字都注明出处。"]
    if default_department:
        lines.append(f"不说部门时，回答的是{default_department}的问题。")
    lines.append("直接发文字提问，例如：")
    lines += [f"{i}. {question}" for i, question in enumerate(list(examples)[:3], 1)]
    lines.append("可以接着追问，如「其中公务接待费呢」「比上年呢」；发「重新开始」开始新的对话。")
    return "\n".join(lines)


def too_long(length: int) -> str:
    return f"问题太长了（{length}字），请在{MAX_QUESTION}字以内，一次问一件事。"


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
        raise MissingSetting(f"{path}: not a readable TOML menu file ({e})") from None
    for key, question in data.items():
        if not isinstance(question, str) or not question.strip():
            raise MissingSetting(f'{path}: {key} must be a question in quotes, e.g. {key} = "三公经费是多少"')
        if len(key.encode()) > MAX_KEY_BYTES:
            raise MissingSetting(f"{path}: the key {key[:20]}… is longer than a menu key may be (128 bytes)")
    return {key: question.strip() for key, question in data.items()}


def _size(text: str) -> int:
    return len(text.encode())
