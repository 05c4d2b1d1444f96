"""What composing a reply draws on besides the parse."""

from __future__ import annotations

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
