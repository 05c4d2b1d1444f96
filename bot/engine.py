"""The one call every front end makes: `Engine.answer(question, context) -> Reply`."""

from __future__ import annotations

from pathlib import Path

from knowledge import query
from knowledge.store import open_db
from nlu.context import Context

from .reply import Reply


class Engine:
    """The knowledge base and the matcher, loaded once and shared by every conversation."""

    def __init__(self, db_path: str | Path) -> None:
        self.db = open_db(db_path, readonly=True)
        self.documents = query.documents(self.db)

    def answer(self, question: str, context: Context | None = None) -> Reply:
        context = context or Context()
        # placeholder until the matcher lands (issue 4)
        return Reply(answer="（建设中）", intent="unknown", confidence=0.0, context=context)

    def examples(self) -> list[str]:
        """Example questions to offer a newcomer."""
        return ["三公经费是多少", "基本支出预算数", "项目支出主要用于什么", "什么是机关运行经费"]
