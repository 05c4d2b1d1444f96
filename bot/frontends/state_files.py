"""State files hold visitors' questions and conversations: only their owner may read them (0600, in a
folder made 0700), and so may only the owner read the -wal and -shm files SQLite makes beside them
(SQLite gives those the main file's mode)."""

from __future__ import annotations

import os
import pickle
import stat
from pathlib import Path

from .. import settings

PRIVATE = 0o600
SIDE_FILES = ("-wal", "-shm", "-journal")


def private_sqlite(path: str | Path) -> Path:
    """Create the SQLite file `path` 0600 if it is not there yet, or take group and others' access from
    it (and its side files) if it is; returns the path."""
    path = Path(path)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE))  # an empty file is an empty database
    except FileExistsError:
        tighten(path)
    for suffix in SIDE_FILES:
        tighten(Path(f"{path}{suffix}"))
    return path


def tighten(path: Path) -> None:
    """Make an existing regular file of ours 0600; anything else (missing, a device, not ours) is left be."""
    try:
        st = path.lstat()
        if stat.S_ISREG(st.st_mode) and st.st_uid == os.getuid() and st.st_mode & 0o077:
            path.chmod(PRIVATE)
    except OSError:
        pass


def readable_pickle(state_path: Path) -> None:
    """A chats' state file that cannot be read (cut short by a full disk, another program's) is said at
    start, as the file's fault — not blamed on the Bot API when the bot would load it."""
    if not state_path.exists() or state_path.stat().st_size == 0:
        return
    try:
        with state_path.open("rb") as f:
            pickle.load(f)  # the bot's own file, 0600 in its own 0700 folder: what PicklePersistence loads
    except Exception as e:  # noqa: BLE001 — whatever a damaged pickle raises, the file is unreadable
        raise settings.SettingError(f"{state_path}: the Telegram state file cannot be read ({type(e).__name__}); "
                                    "move it away to start without the remembered conversations") from None
