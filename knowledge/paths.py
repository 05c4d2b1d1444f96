"""File names as a person reads them."""

from __future__ import annotations

import os


def readable_path(path: str) -> str:
    """A file name in the bytes of another encoding (GBK names from a ZIP archive: 无锡.pdf as
    b'\\xce\\xde\\xce\\xfd.pdf') put as text, by GB18030 where UTF-8 cannot read it."""
    raw = os.fsencode(path)
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", "replace")
