"""What a conversation has established so far, carried from one question to the next."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields

from .intents import Intent


@dataclass(frozen=True)
class Context:
    """The department, year, subject and intent of the last answered question.

    Front ends keep one per conversation (per chat, per web session) and pass it back with the
    next question; `to_dict`/`from_dict` make it storable as JSON.
    """

    department: str | None = None
    unknown: str | None = None  # a department named that the knowledge base does not hold
    year: int | None = None
    kind: str | None = None
    subject: str | None = None
    earlier: str | None = None  # the subject asked about before `subject`: 办公费多少 / 印刷费呢 / 两个加起来呢
    intent: str | None = None
    other: str | None = None  # the department answered the turn before, when this one switched: 两家差多少
    units: tuple[str, ...] = ()  # the units of the department the last answers were about (西郊监狱, 南郊监狱)
    choices: tuple[str, ...] = ()  # the departments just offered to choose between (请问您指的是哪一个)
    asked: Intent | None = None  # what the question waiting for that choice asks
    turns: int = 0

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict | None) -> Context:
        if not data:
            return cls()
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        values["choices"] = tuple(values.get("choices") or ())  # a list in JSON
        values["units"] = tuple(values.get("units") or ())
        values["asked"] = Intent(values["asked"]) if values.get("asked") else None
        return cls(**values)
