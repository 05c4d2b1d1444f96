"""Hostile and random input through the whole answering path, in conversations: 0 exceptions expected.

    python benchmarks/fuzz.py [--inputs 100000] [--seed 14] [--db data/budgetbot.db] [--misses]

A seeded generator makes each input from one of: random Unicode (every plane, lone surrogates, control
and format characters, bidi overrides), SQL/HTML/template snippets, huge inputs (up to 200,000
characters), and real questions of the QA sets mutated (characters dropped, doubled, swapped, made
full-width or Traditional, escapes and surrogates put in). Inputs are asked in conversations of 1–6
turns through `Session.ask` (what every front end calls), and each reply is rendered as every front
end renders it (JSON, the terminal's source line, Telegram's HTML, WeChat's 2,048-byte text) and
encoded as UTF-8. Prints the number of exceptions (with the first few inputs that raised), and the
latency of `Session.ask`: median, p99, p99.9 and the slowest, per kind of input.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
import traceback
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.core.engine import Engine  # noqa: E402
from bot.frontends.misses import MissLog  # noqa: E402
from bot.frontends.render import sources_brief, sources_text  # noqa: E402
from bot.frontends.session import MemoryConversation, Session  # noqa: E402
from bot.frontends.telegram_views import reply_html  # noqa: E402
from bot.frontends.wechat_replies import message_text  # noqa: E402
from bot.settings import BUNDLED_DB  # noqa: E402

SNIPPETS = [
    "' OR 1=1 --", "'; DROP TABLE facts; --", '" OR ""="', "1; SELECT * FROM documents", "%' AND 1=0 UNION SELECT",
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "]]><xml>", "<![CDATA[", "&#xD800;", "&amp;",
    "{{7*7}}", "${jndi:ldap://x}", "%s%s%n", "../../../../etc/passwd", "\\x00", "\\ud800", "NaN", "-1e308",
    "9" * 400, "0x7fffffff", "[[[[[[", "/reset", "/start", "@budget_test_bot", "\u202e\u2066", "\x1b]0;title\x07",
    "\x1b[2J\x1b[H", "\r\n\r\n", "\t" * 50, "\ufeff", "\u0000", "😀👨‍👩‍👧", "Z͑ͫ̓ͪ̂ͫ̽͏̴̙̤̞͉͚̯̞̠͍", "ﷺ" * 20,
]
WORDS = ["三公经费", "是多少", "其中", "公务接待费", "呢", "比上年", "为什么", "增加", "占", "百分之几", "哪项最多",
         "2023年", "去年", "信访局", "热线中心", "决算", "预算", "万元", "元", "多少辆", "政府采购", "构成", "？", "，"]
FULL_WIDTH = {chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)}
TRADITIONAL = str.maketrans("经费预算决门资产务车购运行", "經費預算決門資產務車購運行")


def real_questions() -> list[str]:
    questions = []
    for path in sorted((ROOT / "tests" / "fixtures").glob("*_questions.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                questions += json.loads(line)["turns"]
    return questions or ["三公经费是多少"]


def random_unicode(rng: random.Random) -> str:
    def char() -> str:
        roll = rng.random()
        if roll < 0.35:
            return chr(rng.randrange(0x4E00, 0xA000))  # CJK
        if roll < 0.5:
            return chr(rng.randrange(0xD800, 0xE000))  # a lone surrogate
        if roll < 0.65:
            return chr(rng.choice([*range(0x20), *range(0x7F, 0xA0), 0x200B, 0x200E, 0x202E, 0x2066, 0xFEFF]))
        if roll < 0.8:
            return chr(rng.randrange(0x20, 0x3000))
        return chr(rng.randrange(0x10000, 0x110000))  # astral planes, unassigned and private use too

    return "".join(char() for _ in range(rng.randrange(0, 120)))


def snippet(rng: random.Random) -> str:
    parts = [rng.choice(SNIPPETS + WORDS) for _ in range(rng.randrange(1, 8))]
    return rng.choice(["", " ", "\n"]).join(parts)


def huge(rng: random.Random) -> str:
    size = rng.choice([2_000, 20_000, 200_000])
    unit = rng.choice(["三公经费是多少", "a", "\ud800", "？", " ", "<", "信访局2023年"]) if rng.random() < 0.7 else (
        random_unicode(rng) or "x")
    return (unit * (size // len(unit) + 1))[:size]


def mutated(rng: random.Random, questions: list[str]) -> str:
    text = list(rng.choice(questions))
    for _ in range(rng.randrange(0, 4)):
        if not text:
            break
        i = rng.randrange(len(text))
        op = rng.randrange(7)
        if op == 0:
            del text[i]
        elif op == 1:
            text.insert(i, text[i])
        elif op == 2:
            j = rng.randrange(len(text))
            text[i], text[j] = text[j], text[i]
        elif op == 3:
            text.insert(i, rng.choice(SNIPPETS))
        elif op == 4:
            text.insert(i, chr(rng.randrange(0xD800, 0xE000)))
        elif op == 5:
            text[i] = FULL_WIDTH.get(text[i], text[i])
        else:
            text.insert(i, rng.choice(WORDS))
    result = "".join(text)
    return result.translate(TRADITIONAL) if rng.random() < 0.1 else result


def generators(questions: list[str]) -> dict[str, Callable[[random.Random], str]]:
    return {
        "real": lambda rng: rng.choice(questions),
        "mutated": lambda rng: mutated(rng, questions),
        "unicode": random_unicode,
        "snippet": snippet,
        "huge": huge,
    }


WEIGHTS = {"real": 20, "mutated": 35, "unicode": 20, "snippet": 20, "huge": 5}


def render_everywhere(reply) -> None:
    """What each front end does with a reply, ending in UTF-8 bytes."""
    json.dumps(reply.to_dict(), ensure_ascii=False).encode("utf-8")
    reply.answer.encode("utf-8")
    sources_text(reply.sources).encode("utf-8")
    sources_brief(reply.sources).encode("utf-8")
    reply_html(reply).encode("utf-8")
    message_text(reply).encode("utf-8")


def run(session: Session, inputs: int, seed: int) -> tuple[dict[str, list[float]], list[tuple[str, str, str]]]:
    rng = random.Random(seed)
    makers = generators(real_questions())
    kinds, weights = list(WEIGHTS), list(WEIGHTS.values())
    latencies: dict[str, list[float]] = defaultdict(list)
    failures: list[tuple[str, str, str]] = []
    done = 0
    while done < inputs:
        conversation = MemoryConversation()
        for _ in range(min(rng.randrange(1, 7), inputs - done)):
            kind = rng.choices(kinds, weights)[0]
            question = makers[kind](rng)
            done += 1
            started = time.perf_counter()
            try:
                if question == "/reset":
                    session.reset(conversation)
                    continue
                reply = session.ask(conversation, question)
                latencies[kind].append(time.perf_counter() - started)
                render_everywhere(reply)
            except Exception as e:
                failures.append((kind, repr(question[:200]), "".join(traceback.format_exception_only(e)).strip()))
    return latencies, failures


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


def report(latencies: dict[str, list[float]], failures: list, took: float) -> None:
    everything = [v for values in latencies.values() for v in values]
    print(f"{len(everything):,} answers in {took:.1f} s; exceptions: {len(failures)}")
    print(f"{'inputs':10} {'n':>7} {'median ms':>10} {'p99 ms':>8} {'p99.9 ms':>9} {'max ms':>8}")
    for kind, values in [*sorted(latencies.items()), ("all", everything)]:
        ms = [v * 1000 for v in values]
        print(f"{kind:10} {len(ms):>7,} {statistics.median(ms):>10.2f} {percentile(ms, 99):>8.2f} "
              f"{percentile(ms, 99.9):>9.2f} {max(ms):>8.2f}")
    for kind, question, error in failures[:10]:
        print(f"  {kind}: {question} -> {error}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--db", type=Path, default=BUNDLED_DB)
    parser.add_argument("--misses", action="store_true", help="log weak answers to a throw-away misses file too")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        misses = MissLog(Path(tmp) / "misses.sqlite") if args.misses else None
        session = Session(Engine(args.db), misses=misses)
        started = time.perf_counter()
        latencies, failures = run(session, args.inputs, args.seed)
        report(latencies, failures, time.perf_counter() - started)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
