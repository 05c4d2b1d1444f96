"""Template profiles: what a city's disclosures do differently, as data (data/profiles/*.toml).

`national.toml` is the structure every disclosure shares — the 财政部 set of tables, known by the
words of their titles. A city profile names its template, says how to recognise it (patterns on the
cover text, spaces and line breaks taken out) and overrides what differs: the unit of tables that
print none, whether the tables are published in the same file, title words of its own tables.
A new template is a new profile file and a fixture, not new branches in the reader.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from .domain import TableKind

PROFILES_DIR = Path(__file__).resolve().parent.parent / "data" / "profiles"
KINDS = frozenset(kind.value for kind in TableKind)
TableRule = tuple[TableKind, tuple[str, ...], tuple[str, ...]]


class ProfileError(ValueError):
    """A profile file is malformed."""


@dataclass(frozen=True)
class Profile:
    name: str
    description: str = ""
    match: tuple[re.Pattern[str], ...] = ()
    table_kinds: tuple[TableRule, ...] = ()  # tried in order; the national rules come after a city's own
    default_unit: str = "万元"  # the unit of a table that prints no 单位 line
    expect_tables: bool = True  # False where the 报表 are published as a separate file
    source: str = field(default="", compare=False)

    def classify(self, title: str) -> TableKind:
        """The table kind a title names: basic_spending, three_public, … or other."""
        for kind, needs, avoids in self.table_kinds:
            if all(word in title for word in needs) and not any(word in title for word in avoids):
                return kind
        return TableKind.OTHER


def _load(path: Path, base: Profile | None) -> Profile:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise ProfileError(f"{path.name}: {e}") from None
    unknown = set(data) - {"name", "description", "match", "table_kinds", "default_unit", "expect_tables"}
    if unknown or "name" not in data:
        raise ProfileError(f"{path.name}: needs a name; unknown keys {sorted(unknown)}")
    rules = []
    for rule in data.get("table_kinds", []):
        if len(rule) != 3 or not isinstance(rule[0], str) or rule[0] not in KINDS:
            raise ProfileError(f"{path.name}: a table kind is [kind, [words], [words not]] with a kind of "
                               f"knowledge.domain.TableKind, not {rule!r}")
        rules.append((TableKind(rule[0]), tuple(rule[1]), tuple(rule[2])))
    unit = data.get("default_unit", base.default_unit if base else "万元")
    if unit not in ("元", "万元", "亿元"):
        raise ProfileError(f"{path.name}: default_unit must be 元, 万元 or 亿元")
    return Profile(
        name=data["name"],
        description=data.get("description", "").strip(),
        match=tuple(re.compile(p) for p in data.get("match", [])),
        table_kinds=tuple(rules) + (base.table_kinds if base else ()),
        default_unit=unit,
        expect_tables=data.get("expect_tables", True),
        source=path.name,
    )


@cache
def profiles(directory: Path = PROFILES_DIR) -> tuple[Profile, ...]:
    """The national profile first, then the city profiles in file-name order."""
    national = _load(directory / "national.toml", None)
    cities = [_load(path, national) for path in sorted(directory.glob("*.toml")) if path.name != "national.toml"]
    return (national, *cities)


def national() -> Profile:
    return profiles()[0]


def profile_for(cover: str) -> Profile:
    """The city profile whose pattern the cover matches, else the national one."""
    flat = re.sub(r"\s+", "", cover or "")
    everything = profiles()
    return next((p for p in everything[1:] if any(m.search(flat) for m in p.match)), everything[0])
