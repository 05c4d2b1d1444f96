"""The intent registry: one row per kind of question, naming what answers it.

Cue words stay in data/lexicon/intents.toml. To teach the bot a new kind of question: add its
`Intent` (nlu/intents.py), its cues, a composer (figures, derived, lists, words, reasons or targets)
and a row here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from nlu.intents import Intent
from nlu.understand import Parse

from . import counts, derived, figures, funding, lists, reasons, targets, words
from .lookup import DocIndex, Vocabulary
from .reply import Answer

SubjectComposer = Callable[[Parse, DocIndex, Vocabulary, str], Answer]
DocumentComposer = Callable[[Parse, DocIndex], Answer]


@dataclass(frozen=True)
class Kind:
    """How one kind of question is answered."""

    intent: Intent
    subject: SubjectComposer | None = None  # answers about one named subject
    document: DocumentComposer | None = None  # answers when no subject is named (or none is needed)
    template: str | None = None  # a fixed reply (data/lexicon/replies.toml), for questions no document answers
    follows: bool = False  # asked without a subject (比上年呢, 为什么), it is about the conversation's subject
    missing: str = "数字"  # what the document did not state, in a reply that says so


KINDS = (
    Kind(Intent.EMPTY, template="empty"),
    Kind(Intent.GREETING, template="greeting"),
    Kind(Intent.THANKS, template="thanks"),
    Kind(Intent.HELP, template="help"),
    Kind(Intent.ABOUT, template="about"),
    Kind(Intent.OUT_OF_SCOPE, template="out_of_scope"),
    Kind(Intent.UNKNOWN_DEPARTMENT, template="unknown_department"),
    Kind(Intent.CHOOSE_DEPARTMENT, template="choose_department"),
    Kind(Intent.CHOOSE_SUBJECT, template="choose_subject"),
    Kind(Intent.AMOUNT, figures.amount),
    Kind(Intent.COMPARE, figures.amount, follows=True),
    Kind(Intent.SUM, figures.amount, follows=True),
    Kind(Intent.CHANGE, figures.change, follows=True, missing="变化"),
    Kind(Intent.COMPLETION, figures.completion, follows=True, missing="预算完成情况"),
    Kind(Intent.SHARE, derived.share, follows=True, missing="占比"),
    Kind(Intent.COUNT, counts.count, follows=True, missing="数量"),
    Kind(Intent.YESNO, figures.yesno, follows=True),
    Kind(Intent.FUNDING, funding.funding, follows=True, missing="资金来源"),
    Kind(Intent.BREAKDOWN, lists.breakdown, follows=True, missing="明细"),
    Kind(Intent.RANKING, lists.ranking, lists.ranking_table, follows=True),
    Kind(Intent.REASON, reasons.reason, follows=True, missing="原因"),
    Kind(Intent.USE, words.use, follows=True, missing="用途"),
    Kind(Intent.DEFINITION, words.definition, words.glossary, follows=True, missing="解释"),
    Kind(Intent.TARGET, targets.target, targets.targets, follows=True, missing="绩效目标"),
    Kind(Intent.TABLE, document=words.table),
    Kind(Intent.PARENT, document=words.parent),
    Kind(Intent.FUNCTIONS, document=words.functions),
    Kind(Intent.ORGANISATION, document=words.organisation),
)
REGISTRY: dict[Intent, Kind] = {kind.intent: kind for kind in KINDS}
FOLLOWING = frozenset(kind.intent for kind in KINDS if kind.follows)
# what to try, in order, when the intent's own composer finds nothing for the subject
FALLBACKS = (Intent.AMOUNT, Intent.COUNT, Intent.TARGET, Intent.DEFINITION, Intent.USE)

assert set(REGISTRY) == set(Intent), "every Intent needs a row"
