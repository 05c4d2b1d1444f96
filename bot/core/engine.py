"""The one call every front end makes: `Engine.answer(question, context) -> Reply`."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from functools import partial
from pathlib import Path

from knowledge import query
from knowledge.domain import ORG_SUFFIXES
from knowledge.model import DocumentInfo
from nlu.clauses import asking_clauses
from nlu.context import Context
from nlu.intents import SOCIAL, Intent
from nlu.lexicon import load_lexicon
from nlu.matcher import Matcher
from nlu.names import name_key
from nlu.normalize import MAX_CHARS, clean_text
from nlu.places import Places
from nlu.understand import Parse, understand

from . import DATA_DIR, DEFAULT_DEPARTMENT, naming
from .answer import compose
from .desk import Desk
from .library import Library
from .lookup import Vocabulary
from .phrases import Phrases
from .registry import FOLLOWING
from .reply import Reply

# a clause like these makes a many-part question a single one, answered whole
NOT_A_PART = frozenset({Intent.EMPTY, Intent.OUT_OF_SCOPE, Intent.UNKNOWN_DEPARTMENT, Intent.CHOOSE_DEPARTMENT,
                        Intent.CHOOSE_SUBJECT, *SOCIAL})
TOO_LONG = "too_long"  # the intent of the reply to a question over MAX_READ characters
MAX_READ = MAX_CHARS  # the one limit on a question's length: a longer one is refused in words (too_long)


class Engine:
    """The knowledge base and the matcher, loaded once and shared by every conversation.

    What grows with the number of documents is not loaded at start: the departments are looked up in
    the knowledge base's index as questions name them, a department's documents when a question is
    about it (`naming`, `Library`). `close()` closes the knowledge base once the questions being
    answered are answered (a server's reloader retires the engine it replaced)."""

    def __init__(
        self,
        db_path: str | Path,
        *,
        lexicon_dir: Path = DATA_DIR / "lexicon",
        default_department: str | None = DEFAULT_DEPARTMENT,
    ) -> None:
        lexicon = load_lexicon(lexicon_dir)
        db = query.open_readonly(db_path)
        self._db = db
        self._lock = threading.Lock()
        self._busy = 0  # questions being answered
        self._closing = False
        self.matcher = Matcher(
            subjects=_subject_names(db, lexicon.layout_words, lexicon.compositions),
            departments=naming.department_lookup(db),
            lexicon=lexicon,
            base_dictionary=lexicon_dir / "jieba_base.txt",
            organisation_suffixes=ORG_SUFFIXES,
        )
        self.library = Library(
            db,
            canonical=partial(_canonical, self.matcher.alias_to_subject),  # no reference back to the engine
            equivalents={name_key(k): tuple(name_key(v) for v in vs) for k, vs in lexicon.equivalents.items()},
            default_department=default_department,
        )
        vocab = Vocabulary(
            display=self.matcher.display,
            compositions={name_key(k): tuple(name_key(p) for p in v) for k, v in lexicon.compositions.items()},
        )
        phrases = Phrases(lexicon_dir / "replies.toml", catalogue=self.library.catalogue,
                          default_department=self.library.default_department)
        self.desk = Desk(self.library, vocab, phrases, lexicon.renamed)
        self._places = Places(lexicon.places, self.matcher.department_lookup)

    @property
    def documents(self) -> list[DocumentInfo]:
        with self._in_use():
            return self.library.documents

    def document_count(self) -> int:
        """How many documents the knowledge base holds, without loading their list (/healthz)."""
        with self._in_use():
            return self.library.document_count()

    def close(self) -> None:
        """Close the knowledge base: now if no question is being answered, else when the last one is."""
        with self._lock:
            self._closing = True
            idle = self._busy == 0
        if idle:
            self._db.close()

    @contextmanager
    def _in_use(self) -> Iterator[None]:
        with self._lock:
            self._busy += 1
        try:
            yield
        finally:
            with self._lock:
                self._busy -= 1
                last = self._closing and self._busy == 0
            if last:
                self._db.close()

    @property
    def default_department(self) -> str | None:
        return self.library.default_department

    @property
    def phrases(self) -> Phrases:
        return self.desk.phrases

    def answer(self, question: str, context: Context | None = None) -> Reply:
        question = clean_text(question)  # a lone surrogate would break every encoder after this
        context = context or Context()
        if len(question.strip()) > MAX_READ:  # said, never cut silently: the rest may change the question
            return self._too_long(len(question.strip()), context)
        with self._in_use():
            return self._answer_parts(question, context) or compose(self.parse(question, context), context, self.desk)

    def _too_long(self, length: int, context: Context) -> Reply:
        text = self.phrases("too_long", length=str(length), limit=str(MAX_READ))
        return Reply(answer=text, intent=TOO_LONG, confidence=1.0, context=context,
                     suggestions=self.phrases.examples[:3])

    def _answer_parts(self, question: str, context: Context) -> Reply | None:
        """两问合一: 「买几辆公务用车，购置费多少」「政府采购预算多少，其中服务类采购多少」 — clauses that
        each ask something are answered in turn, each with the conversation so far, and the replies
        joined (a reply that only repeats what was said is left out)."""
        parts = asking_clauses(question, self.matcher)
        if parts is None:
            return None
        replies, current = [], context
        for clause in parts:
            parse = self.parse(clause, current, continues=bool(replies))
            if parse.intent in NOT_A_PART:
                return None
            reply = compose(parse, current, self.desk)
            current = reply.context
            said = "\n".join(r.answer for r in replies)
            if replies and _says_nothing_new(reply.answer, said):
                continue
            # 培训费预算多少？培训多少人: a reply that repeats the one before and adds to it stands for both
            replies = [r for r in replies if r.answer.rstrip("。") not in reply.answer] + [reply]
        return replace(
            replies[-1],
            answer="\n".join(dict.fromkeys(r.answer for r in replies)),
            intent=replies[0].intent,
            confidence=min(r.confidence for r in replies),
            sources=tuple(dict.fromkeys(s for r in replies for s in r.sources)),
            suggestions=tuple(dict.fromkeys(s for r in replies for s in r.suggestions)),
            chart=next((r.chart for r in replies if r.chart), None),
        )

    def parse(self, question: str, context: Context | None = None, *, continues: bool = False) -> Parse:
        """The parse alone, for explaining what the bot understood; `continues`: a clause going on from
        the one before in the same question."""
        question = self._places.corrected(question)  # 广洲 typed for 广州
        with self._in_use():
            return understand(
                question, context or Context(), self.matcher, default_department=self.library.default_department,
                places=self.places(question), knows=self._knows, following=FOLLOWING, continues=continues,
            )

    def places(self, question: str) -> dict[str, bool]:
        """The places (北京, 长沙…) the question names, each with whether some known department is there."""
        return self._places.named_in(question)

    def _knows(self, department: str | None, key: str) -> bool:
        doc = self.library.document(department, None) if department else None
        return doc is None or doc.knows(doc.resolve(key))


def _canonical(aliases: Mapping[str, str], key: str) -> str:
    """The subject a key stands for (人员类 -> 人员经费), or the key itself."""
    return aliases.get(key, key)


FIGURE = re.compile(r"\d[\d,]*(?:\.\d+)?(?:万元|元|%|辆|台|人|个)")
NAMED_FIGURE = re.compile(r"[\u4e00-\u9fff]+(?=\d)")  # the name a figure is given for (农村基础设施建设支出25.22)


def _says_nothing_new(answer: str, said: str) -> bool:
    """Whether a reply only repeats what the replies before it said: it ends as one of them does
    (增加了多少？什么原因), or each of its clauses was said, or gives only figures that were given
    (政府采购多少，其中服务类采购多少) — a reason or a new figure is news."""
    clauses = [c for c in re.split(r"[，。；]", answer) if c.strip()]
    if clauses and clauses[-1] in said:
        return True
    return all(c in said or FIGURE.search(c) and all(f in said for f in FIGURE.findall(c))
               and all(name[-4:] in said for name in NAMED_FIGURE.findall(c)) for c in clauses)


def _subject_names(db, layout_words: frozenset[str], compositions: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Every name a question may use, with its key: what the knowledge base states, and the wholes and
    parts the lexicon composes (less the table labels that name no subject)."""
    names = {n: key for n, key in naming.subject_keys(db).items() if n not in layout_words}
    for name in [*compositions, *(p for parts in compositions.values() for p in parts)]:
        names.setdefault(name, name_key(name))
    return names
