"""The terminal front end: one question (`ask`) or a conversation (`chat`), text or JSON lines."""

from __future__ import annotations

import json
import sys

from rich.console import Console

from nlu.context import Context

from .engine import Engine
from .reply import Reply

RESET = "/reset"
MAX_LINE_BYTES = 100_000  # a longer line is cut: the matcher reads only its beginning anyway


def print_reply(reply: Reply, *, as_json: bool, console: Console | None = None) -> None:
    if as_json:
        sys.stdout.write(json.dumps(reply.to_dict(), ensure_ascii=False) + "\n")
        sys.stdout.flush()
        return
    console = console or Console(highlight=False, soft_wrap=True)  # the terminal wraps; pipes stay whole
    answer, _, sources = reply.answer.partition("\n来源：")
    console.print(answer, markup=False)
    if sources:
        console.print(f"[dim]来源：{_escape(sources)}[/dim]")
    if reply.suggestions:
        console.print("[cyan]可以接着问：[/cyan]" + _escape(" | ".join(reply.suggestions)))


def run_chat(engine: Engine, *, as_json: bool) -> None:
    """Read questions line by line; every line gets exactly one reply."""
    context = Context()
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
        line = raw[:MAX_LINE_BYTES].decode("utf-8", errors="replace").strip()
        if line == RESET:
            context = Context()
            reply = Reply(answer="好的，已开始新的对话。", intent="reset", confidence=1.0, context=context)
        else:
            reply = engine.answer(line, context)
            context = reply.context
        print_reply(reply, as_json=as_json, console=console)


def print_misses(rows: list[tuple[str, int, str]]) -> None:
    console = Console(highlight=False)
    if not rows:
        console.print("No missed questions logged yet.")
        return
    for question, times, last in rows:
        console.print(f"{times:>4}  {last}  {question}", markup=False)


def _escape(text: str) -> str:
    return text.replace("[", "\\\\[")
