"""The terminal front end: one question (`ask`) or a conversation (`chat`), text or JSON lines."""

from __future__ import annotations

import json
import sys
import unicodedata

from rich.console import Console
from rich.markup import escape

from ..core.reply import Reply
from .consoles import Output
from .render import sources_text
from .session import MemoryConversation, Session


def print_reply(reply: Reply, *, as_json: bool, console: Console | None = None, suggest: bool = True) -> None:
    """The answer, its sources dimmed and, in a conversation, what to ask next."""
    if as_json:
        sys.stdout.write(json.dumps(reply.to_dict(), ensure_ascii=False) + "\n")
        sys.stdout.flush()
        return
    console = console or Console(highlight=False, soft_wrap=True)  # the terminal wraps; pipes stay whole
    console.print(reply.answer, markup=False)
    sources = sources_text(reply.sources)
    if sources:
        console.print(f"[dim]{escape(sources)}[/dim]")
    if suggest and reply.suggestions:
        console.print("[cyan]可以接着问：[/cyan]" + escape(" | ".join(reply.suggestions)))


def run_chat(session: Session, *, as_json: bool) -> None:
    """Read questions line by line; every line gets exactly one reply."""
    conversation = MemoryConversation()
    console = Console(highlight=False, soft_wrap=True)
    interactive = sys.stdin.isatty() and not as_json
    if interactive:
        console.print("budgetbot — 输入问题，/reset 开始新的对话，Ctrl-D 退出。", markup=False)
    while True:
        if interactive:
            console.print("> ", end="", markup=False)
        raw = sys.stdin.buffer.readline()
        if not raw:
            break
        # whole: a line over settings.MAX_QUESTION_CHARS is answered with that limit and its own length
        line = raw.decode("utf-8", errors="replace").strip()
        reply = session.ask(conversation, line)  # /reset or 重新开始 starts the conversation anew
        print_reply(reply, as_json=as_json, console=console)


def print_misses(rows: list[tuple[str, int, str]]) -> None:
    console = Output(highlight=False)
    if not rows:
        console.print("No missed questions logged yet.")
        return
    for question, times, last in rows:
        console.print(f"{times:>4}  {last}  {visible(question)}", markup=False)


def visible(text: str) -> str:
    """Text safe for an operator's terminal: control and format characters (escape sequences, bidi
    overrides, a bell) written as \\x1b, \\u202e, so a visitor's question can never drive the terminal."""
    return "".join(_escape(ch) if unicodedata.category(ch) in UNSEEN else ch for ch in text)


UNSEEN = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def _escape(ch: str) -> str:
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
