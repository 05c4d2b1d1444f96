"""What a conversation has established so far, carried from one question to the next."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields


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
    turns: int = 0

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict | None) -> Context:
        if not data:
            return cls()
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})
