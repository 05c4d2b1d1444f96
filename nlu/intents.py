"""The kinds of question the bot tells apart.

Most are asked with cue words (data/lexicon/intents.toml names them, one table per intent); the
rest are what understanding concludes when no figure is asked for (an empty line, a department
the knowledge base does not hold, a name that fits several departments).
"""

from __future__ import annotations

from enum import StrEnum


class Intent(StrEnum):
    # asked with cue words
    GREETING = "greeting"
    THANKS = "thanks"
    HELP = "help"
    ABOUT = "about"
    REASON = "reason"
    FUNDING = "funding"
    COMPLETION = "completion"
    PARENT = "parent"
    FUNCTIONS = "functions"
    ORGANISATION = "organisation"
    TARGET = "target"
    DEFINITION = "definition"
    RANKING = "ranking"
    BREAKDOWN = "breakdown"
    SHARE = "share"
    CHANGE = "change"
    COMPARE = "compare"
    SUM = "sum"
    COUNT = "count"
    YESNO = "yesno"
    USE = "use"
    AMOUNT = "amount"
    # concluded by understanding
    EMPTY = "empty"
    TABLE = "table"
    OUT_OF_SCOPE = "out_of_scope"
    UNKNOWN_DEPARTMENT = "unknown_department"
    CHOOSE_DEPARTMENT = "choose_department"
    CHOOSE_SUBJECT = "choose_subject"


# a conversation's social turns: no subject, nothing to carry on from
SOCIAL = frozenset({Intent.GREETING, Intent.THANKS, Intent.HELP, Intent.ABOUT})
