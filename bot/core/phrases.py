"""The fixed wording of replies (data/lexicon/replies.toml), with what the knowledge base holds filled in."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path


class PhrasesError(Exception):
    """The replies file cannot be read or lacks a reply."""


class Phrases:
    """`phrases("no_year", department=…, year=…)`: a reply's wording. {examples}, {departments} and
    {default} are filled in from the knowledge base; `catalogue` gives {departments} the first time a
    reply needs it."""

    def __init__(self, path: Path, *, catalogue: str | Callable[[], str], default_department: str | None) -> None:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as e:
            raise PhrasesError(f"{path}: {e}") from None
        self.examples: tuple[str, ...] = tuple(data.pop("examples", ()))
        # what a person types to start a conversation anew, compared in lower case
        self.reset_words: frozenset[str] = frozenset(w.lower() for w in data.pop("reset_words", ()))
        self.templates: dict[str, str] = data
        self.filled = {
            "examples": "、".join(f"“{e}”" for e in self.examples),
            "default": default_department or "",
        }
        self.filled["default_note"] = (
            self.templates["default_note"].format(default=default_department) if default_department
            else self.templates["no_default_note"]
        )
        self._catalogue = catalogue

    def __call__(self, template_name: str, /, **values: str) -> str:
        try:
            template = self.templates[template_name]
        except KeyError:
            raise PhrasesError(f"no reply called {template_name!r} in replies.toml") from None
        if "departments" not in self.filled and "{departments}" in template:
            self.filled["departments"] = self._catalogue() if callable(self._catalogue) else self._catalogue
        return template.format(**{**self.filled, **values})
