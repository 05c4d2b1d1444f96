"""The departments a question can name, as the matcher asks about them.

A knowledge base of a province holds thousands of departments. The matcher does not build them in
memory: it asks a `DepartmentLookup` a few narrow questions (which of these words name departments,
which departments have this short name, which lie in this place) and the knowledge base answers
from the index it keeps (written at ingest with `DepartmentEntry`s made by `nlu.names.department_entry`).
`DepartmentList` answers the same questions from a list in memory, for a knowledge base without that index.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class DepartmentEntry:
    """How questions may name one department: 长沙市信访局 -> 信访局, 长沙信访局, …; its own part
    (信访局) and the place prefixes before it (长沙市, 长沙)."""

    name: str
    aliases: frozenset[str]
    own_part: str
    places: frozenset[str]


class DepartmentLookup(Protocol):
    """The departments of a knowledge base, asked about one question at a time."""

    @property
    def longest_alias(self) -> int:
        """The length of the longest alias: no longer part of a question need be looked up."""
        ...

    def aliases(self, words: Collection[str]) -> set[str]:
        """Of `words`, those that name departments (长沙市信访局, 信访局, 长沙信访局…)."""
        ...

    def named(self, alias: str) -> frozenset[str]:
        """The departments an alias names: one, or several (信访局)."""
        ...

    def names(self) -> Sequence[str]:
        """Every department, sorted."""
        ...

    def containing(self, part: str) -> list[str]:
        """The departments whose name contains `part` (a place: 广州), sorted."""
        ...

    def in_order(self, text: str) -> list[str]:
        """The departments whose name holds the characters of `text` in order (职教基地), sorted."""
        ...

    def own_part(self, department: str) -> str | None:
        """The department's name without its place: 信访局 for 长沙市信访局."""
        ...

    def own_parts(self) -> Collection[str]:
        """Every distinct own part."""
        ...

    def with_own_parts(self, own_parts: Collection[str]) -> list[str]:
        """The departments whose own part is one of `own_parts`, sorted."""
        ...

    def places(self, prefixes: Collection[str]) -> set[str]:
        """Of `prefixes`, those that are the place before some department's own part (长沙市, 长沙)."""
        ...


class DepartmentList:
    """A `DepartmentLookup` over entries held in memory."""

    def __init__(self, entries: Iterable[DepartmentEntry]) -> None:
        self.entries = {e.name: e for e in sorted(entries, key=lambda e: e.name)}
        self._aliases: dict[str, set[str]] = {}
        self._own: dict[str, list[str]] = {}
        self._places: set[str] = set()
        for entry in self.entries.values():
            for alias in entry.aliases:
                self._aliases.setdefault(alias, set()).add(entry.name)
            self._own.setdefault(entry.own_part, []).append(entry.name)
            self._places |= entry.places
        self.longest_alias = max(map(len, self._aliases), default=0)

    def aliases(self, words: Collection[str]) -> set[str]:
        return {w for w in words if w in self._aliases}

    def named(self, alias: str) -> frozenset[str]:
        return frozenset(self._aliases.get(alias, ()))

    def names(self) -> Sequence[str]:
        return list(self.entries)

    def containing(self, part: str) -> list[str]:
        return [d for d in self.entries if part in d]

    def in_order(self, text: str) -> list[str]:
        return [d for d in self.entries if in_order(text, d)]

    def own_part(self, department: str) -> str | None:
        entry = self.entries.get(department)
        return entry.own_part if entry else None

    def own_parts(self) -> Collection[str]:
        return self._own.keys()

    def with_own_parts(self, own_parts: Collection[str]) -> list[str]:
        return sorted(d for own in own_parts for d in self._own.get(own, ()))

    def places(self, prefixes: Collection[str]) -> set[str]:
        return {p for p in prefixes if p in self._places}


class OwnParts(Mapping[str, str]):
    """department -> its own part (信访局 for 长沙市信访局), looked up as asked."""

    def __init__(self, lookup: DepartmentLookup) -> None:
        self.lookup = lookup

    def __getitem__(self, department: str) -> str:
        own = self.lookup.own_part(department)
        if own is None:
            raise KeyError(department)
        return own

    def __iter__(self) -> Iterator[str]:
        return iter(self.lookup.names())

    def __len__(self) -> int:
        return len(self.lookup.names())


def in_order(short: str, long: str) -> bool:
    """Whether the characters of `short` stand in `long` in the same order (职教基地 in 职业教育基地)."""
    rest = iter(long)
    return all(ch in rest for ch in short)
