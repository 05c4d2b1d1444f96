"""The places a question names (北京, 烟台, 长沙县), and whether the knowledge base holds a department there."""

from __future__ import annotations

from collections.abc import Iterable

from .departments import DepartmentLookup
from .names import Trie
from .normalize import normalize


class Places:
    """Leftmost-longest search over the lexicon's places: 长沙县 is not 长沙."""

    def __init__(self, names: Iterable[str], departments: DepartmentLookup) -> None:
        self._trie = Trie()
        for name in names:
            self._trie.add(name, name)
        self._departments = departments
        self._known: dict[str, bool] = {}  # place -> whether some department is there, as asked

    def named_in(self, question: str) -> dict[str, bool]:
        """The places the question names, in their order, each with whether some known department is there."""
        places = {}
        for _, _, (place,) in self._trie.find(normalize(question)):
            if place not in self._known:
                self._known[place] = bool(self._departments.containing(place))
            places[place] = self._known[place]
        return places
