"""jieba segmentation with its own `jieba.Tokenizer` and a small dictionary.

jieba's default dictionary (350 000 words) takes over a second to load; budgetbot's tokenizer
starts from the 20 000 most frequent of them (data/lexicon/jieba_base.txt, made by
`python -m nlu.tokenize`) and adds the domain words — subjects, departments, cue words — with a
high frequency so that they are never split. Loading it takes a few tens of milliseconds.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterable
from pathlib import Path


def _import_jieba():
    """Import jieba without pkg_resources, which its _compat module imports (90 ms) only to find
    its own files, falling back to plain paths when the import fails."""
    blocked = "pkg_resources" not in sys.modules
    if blocked:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]
    try:
        import jieba
    finally:
        if blocked:
            del sys.modules["pkg_resources"]
    return jieba


jieba = _import_jieba()

BASE_SIZE = 20_000


class Tokenizer:
    """A jieba tokenizer of its own (never the global one) that knows the domain words."""

    def __init__(self, base_dictionary: Path, domain_words: Iterable[str]) -> None:
        jieba.setLogLevel(logging.WARNING)
        self._jieba = jieba.Tokenizer(str(base_dictionary))
        self._jieba.initialize()
        for word in domain_words:
            if len(word) > 1:
                self._jieba.add_word(word, freq=100_000)

    def words(self, text: str) -> list[str]:
        return [w for w in self._jieba.lcut(text, HMM=True) if w.strip()]


def write_base_dictionary(path: Path, size: int = BASE_SIZE) -> None:
    """Write the `size` most frequent words of jieba's own dictionary to `path`."""
    source = Path(os.path.dirname(jieba.__file__)) / "dict.txt"
    entries = [line.split() for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
    entries.sort(key=lambda entry: -int(entry[1]))
    path.write_text("".join(" ".join(entry) + "\n" for entry in entries[:size]), encoding="utf-8")


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("data/lexicon/jieba_base.txt")
    write_base_dictionary(target)
    print(f"wrote {target}")
