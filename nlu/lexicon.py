"""The lexicon files under data/lexicon: intent cue words and colloquial synonyms, validated."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from .normalize import normalize


class LexiconError(Exception):
    """A lexicon file contradicts itself or cannot be read."""


@dataclass(frozen=True)
class Lexicon:
    intents: dict[str, tuple[str, ...]]  # intent -> cue words, in priority order of the file
    synonyms: dict[str, str]  # normalised alias -> subject as the knowledge base names it


def load_lexicon(directory: Path) -> Lexicon:
    return Lexicon(intents=_intents(directory / "intents.toml"), synonyms=_synonyms(directory / "synonyms.tsv"))


def _intents(path: Path) -> dict[str, tuple[str, ...]]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise LexiconError(f"{path}: {e}") from None
    owner: dict[str, str] = {}
    intents: dict[str, tuple[str, ...]] = {}
    for intent, table in data.items():
        cues = tuple(normalize(cue) for cue in table.get("cues", []))
        for cue in cues:
            if cue in owner and owner[cue] != intent:
                raise LexiconError(f"{path}: cue {cue!r} belongs to both {owner[cue]} and {intent}")
            owner[cue] = intent
        intents[intent] = cues
    return intents


def _synonyms(path: Path) -> dict[str, str]:
    synonyms: dict[str, str] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as e:
        raise LexiconError(f"{path}: {e}") from None
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 2 or not all(p.strip() for p in parts):
            raise LexiconError(f"{path}:{number}: expected 'alias<TAB>subject', got {line!r}")
        alias, subject = normalize(parts[0]), parts[1].strip()
        if synonyms.get(alias, subject) != subject:
            raise LexiconError(f"{path}:{number}: alias {parts[0]!r} points to both {synonyms[alias]} and {subject}")
        synonyms[alias] = subject
    return synonyms
