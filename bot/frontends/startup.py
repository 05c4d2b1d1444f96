"""What every server command checks before it starts, so that a failure is one line (`StartupError`,
shown by the CLI as `Error: …`) rather than a traceback from a worker process."""

from __future__ import annotations

import socket
import sqlite3
from pathlib import Path

from knowledge.query import open_readonly

from .state_files import private_sqlite


class StartupError(Exception):
    """A server cannot start: a bad setting, a port in use, no readable knowledge base or state file."""


def check_knowledge_base(db_path: str | Path) -> Path:
    """The knowledge base's absolute path, once it opens read-only and has documents and facts tables."""
    path = Path(db_path).resolve()
    if not path.exists():
        raise StartupError(f"{path}: no knowledge base there; run `budgetbot ingest` first")
    if not path.is_file():
        raise StartupError(f"{path}: not a knowledge base file")
    try:
        conn = open_readonly(path)
        try:
            tables = {name for (name,) in conn.execute("select name from sqlite_master where type = 'table'")}
        finally:
            conn.close()
    except sqlite3.Error as e:
        raise StartupError(f"{path}: the knowledge base cannot be read ({e})") from None
    if not {"documents", "facts"} <= tables:
        raise StartupError(f"{path}: not a budgetbot knowledge base (no documents); build one with `budgetbot ingest`")
    return path


def check_state_file(path: Path, what: str) -> None:
    """The SQLite state file can be made (0600) and written."""
    try:
        private_sqlite(path)
        conn = sqlite3.connect(path, timeout=10)
        try:
            conn.execute("create table if not exists startup_check (x)")
            conn.execute("drop table startup_check")
        finally:
            conn.close()
    except (OSError, sqlite3.Error) as e:
        raise StartupError(f"{path}: the {what} file cannot be written ({_reason(e)})") from None


def check_state_store(url: str, what: str) -> str:
    """`url` once its state store answers: a SQLite file that can be made (0600) and written, or a
    Redis server that takes the URL's password (its password never in the message)."""
    from .state import StateUnavailable, open_state, scheme, sqlite_path

    try:
        if scheme(url) == "sqlite":
            check_state_file(sqlite_path(url), what)
        else:
            open_state(url).close()
    except StateUnavailable as e:
        raise StartupError(str(e)) from None
    return url


def check_port(host: str, port: int) -> None:
    """Something can listen on host:port (nothing else is, the address is this machine's)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as e:
        raise StartupError(f"cannot listen on {host}:{port}: {e.strerror or e}") from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
        try:
            s.bind(address)
        except OSError as e:
            raise StartupError(f"cannot listen on {host}:{port}: {_reason(e)}") from None


def _reason(e: BaseException) -> str:
    return (e.strerror if isinstance(e, OSError) and e.strerror else str(e)).lower()
