"""Rich consoles for the commands' output: as wide as the terminal on a terminal; into a pipe or a file
(`budgetbot check > report.txt`, `| grep`), never hard-wrapped and never padded, so that a figure, a
file name or a quote stays on its line and no line ends in spaces."""

from __future__ import annotations

import re
from typing import IO, Any

from rich.console import Console, ConsoleDimensions

from .. import settings

UNWRAPPED = 10_000  # the width of a pipe: no line of ours is longer, a table is as wide as its contents
PADDING = re.compile(r"[ \t]+(?=\n)")


class Output(Console):
    """A rich `Console` (same arguments) that is as wide as the terminal (or COLUMNS, or `width`) on a
    terminal, and unwrapped into a pipe or a file; it never writes spaces at the end of a line."""

    def __init__(self, **options: Any) -> None:
        self._fixed_width = options.get("width") is not None
        super().__init__(**options)

    @property
    def size(self) -> ConsoleDimensions:
        size = super().size
        if self._fixed_width or self.is_terminal or settings.terminal_columns() is not None:
            return size
        return ConsoleDimensions(UNWRAPPED, size.height)

    @size.setter
    def size(self, new_size: tuple[int, int]) -> None:
        Console.size.fset(self, new_size)

    @property
    def file(self) -> IO[str]:
        return _Unpadded(super().file)

    @file.setter
    def file(self, new_file: IO[str]) -> None:
        Console.file.fset(self, new_file)


class _Unpadded:
    """A text stream that drops the spaces rich pads a line with (a table's last column) before each
    newline; everything else goes to the stream it wraps."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(PADDING.sub("", text))
        return len(text)

    def __getattr__(self, name: str) -> Any:  # flush, isatty, encoding, fileno: the stream's own
        return getattr(self._stream, name)
