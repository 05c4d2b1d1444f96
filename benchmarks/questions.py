"""Score question sets and check what confidence means: how often a confident reply is right.

    python benchmarks/questions.py tests/fixtures/*_questions.jsonl            # the bundled knowledge base
    python benchmarks/questions.py --db corpus.db --show 10 tests/fixtures/corpus_questions.jsonl

Prints, per set: the score (judged as ../shared/eval/check.py judges), and the replies at confidence
0.8 or more — how many, and how many of those are right — beside those below it. A reply at ≥ 0.8
should be right; a wrong one there is a confident figure for the wrong thing.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.core.engine import Engine  # noqa: E402
from bot.settings import BUNDLED_DB  # noqa: E402
from nlu.context import Context  # noqa: E402
from tests.test_question_sets import passes  # noqa: E402

SURE = 0.8


def run(engine: Engine, path: Path, show: int) -> tuple[int, int]:
    cases = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    right = sure = sure_right = 0
    wrong_but_sure = []
    for case in cases:
        context = Context()
        for turn in case["turns"]:
            reply = engine.answer(turn, context)
            context = reply.context
        ok = passes(case, reply.answer)
        right += ok
        if reply.confidence >= SURE:
            sure += 1
            sure_right += ok
            if not ok:
                wrong_but_sure.append(f"  {case['id']} {' / '.join(case['turns'])}\n    -> {reply.answer[:160]}")
    unsure = len(cases) - sure
    print(f"{path.name}: {right}/{len(cases)} = {100 * right / len(cases):.1f}%;"
          f" confident (≥{SURE}) {sure}, of them right {sure_right} = {100 * sure_right / max(sure, 1):.1f}%;"
          f" less confident {unsure}, right {right - sure_right}")
    for line in wrong_but_sure[:show]:
        print(line)
    return right, len(cases)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sets", nargs="+", type=Path)
    parser.add_argument("--db", type=Path, default=BUNDLED_DB)
    parser.add_argument("--show", type=int, default=0, help="list this many confident wrong replies per set")
    args = parser.parse_args()
    engine = Engine(args.db)
    totals = [run(engine, path, args.show) for path in args.sets]
    right, count = map(sum, zip(*totals, strict=True))
    print(f"all: {right}/{count} = {100 * right / count:.1f}%")


if __name__ == "__main__":
    main()
