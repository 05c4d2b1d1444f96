"""The one call every front end makes: `Engine.answer(question, context) -> Reply`."""

from __future__ import annotations

import re
import tomllib
from collections import OrderedDict
from dataclasses import replace
from pathlib import Path

from knowledge import query
from nlu.context import Context
from nlu.lexicon import load_lexicon
from nlu.matcher import Matcher, name_key
from nlu.normalize import normalize
from nlu.understand import Parse, understand

from . import settings
from .answer import compose
from .compose import Vocabulary
from .lookup import DocIndex
from .misses import MissLog
from .reply import Reply

CACHED_DOCUMENTS = 4096
# a clause like these makes a many-part question a single one, answered whole
NOT_A_PART = ("empty", "out_of_scope", "unknown_department", "choose_department", "choose_subject", "greeting",
              "thanks", "help", "about")
LOW_CONFIDENCE = 0.5


class Engine:
    """The knowledge base and the matcher, loaded once and shared by every conversation."""

    def __init__(
        self,
        db_path: str | Path,
        *,
        lexicon_dir: Path = settings.DATA_DIR / "lexicon",
        default_department: str | None = settings.DEFAULT_DEPARTMENT,
        misses: MissLog | None = None,
    ) -> None:
        self.db = query.open_readonly(db_path)
        self.documents = query.documents(self.db)
        lexicon = load_lexicon(lexicon_dir)
        compositions = lexicon.compositions
        names = [n for n in query.vocabulary(self.db) if n not in lexicon.layout_words]
        self.matcher = Matcher(
            subjects=[*names, *compositions, *(p for parts in compositions.values() for p in parts)],
            departments=[d.department for d in self.documents],
            lexicon=lexicon,
            base_dictionary=lexicon_dir / "jieba_base.txt",
        )
        self.vocabulary = Vocabulary(
            display=self.matcher.display,
            compositions={name_key(k): tuple(name_key(p) for p in v) for k, v in compositions.items()},
        )
        self.equivalents = {name_key(k): tuple(name_key(v) for v in vs) for k, vs in lexicon.equivalents.items()}
        self.templates = tomllib.loads((lexicon_dir / "replies.toml").read_text(encoding="utf-8"))
        departments = {d.department for d in self.documents}
        self.places = {p: any(p in d for d in departments) for p in lexicon.places}
        self.default_department = default_department if default_department in departments else (
            self.documents[0].department if self.documents else None
        )
        self.misses = misses
        self._cache: OrderedDict[int, DocIndex] = OrderedDict()

    def answer(self, question: str, context: Context | None = None) -> Reply:
        context = context or Context()
        reply = self._answer_parts(question, context)
        if reply is None:
            parse = self.parse(question, context)
            reply = compose(parse, context, self)
        if self.misses is not None and reply.intent != "empty" and reply.confidence < LOW_CONFIDENCE:
            self.misses.record(question)
        return reply

    def _answer_parts(self, question: str, context: Context) -> Reply | None:
        """两问合一: 「买几辆公务用车，购置费多少」 — clauses that each ask something different are
        answered in turn, each with the conversation so far, and the replies joined."""
        clauses = [c for c in re.split(r"[，,？?；;！!]", question[:200]) if c.strip()]
        if len(clauses) < 2:
            return None
        asked = [self.matcher.intents_in(normalize(c)) for c in clauses]
        if not all(asked) or len({cues[0][0] for cues in asked}) < len(clauses):
            return None
        replies, current = [], context
        for clause in clauses:
            parse = self.parse(clause, current)
            if parse.intent in NOT_A_PART:
                return None
            replies.append(compose(parse, current, self))
            current = replies[-1].context
        return replace(
            replies[-1],
            answer="\n".join(dict.fromkeys(r.answer for r in replies)),
            intent=replies[0].intent,
            confidence=min(r.confidence for r in replies),
            sources=tuple(s for r in replies for s in r.sources),
            chart=next((r.chart for r in replies if r.chart), None),
        )

    def document(self, department: str, year: int | None, *, kind: str | None = None) -> DocIndex | None:
        """The department's document of that year (the latest when no year is given)."""
        candidates = [d for d in self.documents if d.department == department]
        if year is not None:
            candidates = [d for d in candidates if d.year == year]
        if kind:
            candidates = sorted(candidates, key=lambda d: d.kind != kind)
        if not candidates:
            return None
        chosen = max(candidates, key=lambda d: (d.year, d.kind == (kind or "预算")))
        return self.index(chosen.id)

    def index(self, document_id: int) -> DocIndex:
        cached = self._cache.get(document_id)
        if cached is None:
            cached = DocIndex(query.load_document(self.db, document_id), self._canonical, self.equivalents)
            self._cache[document_id] = cached
            if len(self._cache) > CACHED_DOCUMENTS:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(document_id)
        return cached

    def _canonical(self, key: str) -> str:
        return self.matcher.alias_to_subject.get(key, key)

    def years_of(self, department: str) -> list[int]:
        return sorted({d.year for d in self.documents if d.department == department})

    def catalogue(self) -> str:
        """长沙市信访局（2026预算）、…"""
        by_department: dict[str, list[str]] = {}
        for d in self.documents:
            by_department.setdefault(d.department, []).append(f"{d.year}{d.kind}")
        return "、".join(f"{dep}（{'、'.join(v)}）" for dep, v in by_department.items())

    def examples(self) -> list[str]:
        """Example questions to offer a newcomer."""
        return ["三公经费是多少", "基本支出预算数", "项目支出主要用于什么", "什么是机关运行经费"]

    def template(self, template: str, **values: str) -> str:
        values.setdefault("examples", "、".join(f"“{e}”" for e in self.examples()))
        values.setdefault("departments", self.catalogue())
        values.setdefault("default", self.default_department or "")
        return self.templates[template].format(**values)

    def parse(self, question: str, context: Context | None = None) -> Parse:
        """The parse alone, for explaining what the bot understood."""
        return understand(
            question, context or Context(), self.matcher, default_department=self.default_department,
            places=self.places, knows=self._knows,
        )

    def _knows(self, department: str | None, key: str) -> bool:
        doc = self.document(department, None) if department else None
        return doc is None or doc.knows(doc.resolve(key))
