"""The places a question names (北京, 烟台, 长沙县), and whether the knowledge base holds a department there."""

from __future__ import annotations

import re
from collections.abc import Iterable

from .departments import DepartmentLookup
from .names import Trie, loose_sound
from .normalize import normalize
from .shortenings import ENDINGS

# a body's ending in the question (not 会: 会议费 is asked too often to load the sound table for it)
BODY_ENDING = re.compile(f"[{ENDINGS.replace('会', '')}]")


# words whose second character begins a place's name: 加上海事 is 加上 + 海事
OVERLAPS = frozenset({"加上", "马上", "以上", "之上", "向上", "晚上", "早上", "再上"})


class Places:
    """Leftmost-longest search over the lexicon's places: 长沙县 is not 长沙."""

    def __init__(self, names: Iterable[str], departments: DepartmentLookup) -> None:
        self._names = list(names)
        self._trie = Trie()
        for name in self._names:
            self._trie.add(name, name)
        self._departments = departments
        self._known: dict[str, bool] = {}  # place -> whether some department is there, as asked
        self._by_sound: dict[str, str] | None = None  # pinyin -> the one place with departments sounding so

    def named_in(self, question: str) -> dict[str, bool]:
        """The places the question names, in their order, each with whether some known department is there."""
        places = {}
        text = normalize(question)
        for start, _, (place,) in self._trie.find(text):
            if text[max(start - 1, 0) : start + 1] in OVERLAPS:
                continue  # 加上海事部门的: 加上 and 海事, no 上海
            if place not in self._known:
                self._known[place] = bool(self._departments.containing(place))
            places[place] = self._known[place]
        return places

    def corrected(self, question: str) -> str:
        """广洲国资委 → 广州国资委: a question naming no place, with a place of the knowledge base typed by
        its sound (the one place that sounds so) put as it is written."""
        if not BODY_ENDING.search(question) or self.named_in(question):
            return question  # a place is typed with a body's name (广洲国资委); no pinyin loaded for 三公经费多少
        by_sound = self._sounds()
        for size in (3, 2):
            for at in range(len(question) - size + 1):
                window = question[at : at + size]
                place = by_sound.get(loose_sound(window)) if window.isalpha() else None
                if place and place != window:
                    return question[:at] + place + question[at + size :]
        return question

    def _sounds(self) -> dict[str, str]:
        if self._by_sound is None:
            held = self._departments.places(self._names)
            sounds: dict[str, set[str]] = {}
            for place in held:
                if 2 <= len(place) <= 3:
                    sounds.setdefault(loose_sound(place), set()).add(place)
            self._by_sound = {sound: places.pop() for sound, places in sounds.items() if len(places) == 1}
        return self._by_sound
