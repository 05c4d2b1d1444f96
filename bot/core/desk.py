"""What composing a reply draws on besides the parse."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .library import Library
from .lookup import Vocabulary
from .phrases import Phrases


@dataclass(frozen=True)
class Desk:
    """What composing a reply draws on besides the parse: the documents, subject names, fixed wording."""

    library: Library
    vocab: Vocabulary
    phrases: Phrases
    renamed: Mapping[str, str]  # old words in bodies' names -> today's (交警 -> 交通管理): 交警支队 is a 交通管理支队
