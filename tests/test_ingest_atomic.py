"""A document goes into the knowledge base whole or not at all: a failure, a kill -9 or a second
ingest of the same file at the same time never leaves a partial document or loses the complete one."""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from knowledge import store
from knowledge.read import read_document
from knowledge.store import open_db, write_document

ROOT = Path(__file__).parent.parent
FOUNDING = ROOT / "data" / "disclosures" / "changsha_12345rexian_2024_yusuan.txt"
CHILD_TABLES = ("sections", "facts", "tables", "rows", "cells", "indicators", "terms")

# a process that writes the founding document again and again until it is killed
WRITER = """
import sys
sys.path.insert(0, {root!r})
from knowledge.read import read_document
from knowledge.store import open_db, write_document
doc = read_document({doc!r})
db = open_db(sys.argv[1])
print("ready", flush=True)
for _ in range(int(sys.argv[2])):
    write_document(db, doc)
"""


def contents(path: Path) -> list[tuple[str, int, int]]:
    """(department, rows in each child table) for every stored document."""
    conn = sqlite3.connect(path)
    try:
        docs = conn.execute("select id, department from documents").fetchall()
        return [
            (department, *(conn.execute(f"select count(*) from [{t}] where document_id = ?", [i]).fetchone()[0]
                           for t in CHILD_TABLES))
            for i, department in docs
        ]
    finally:
        conn.close()


@pytest.fixture(scope="module")
def complete(tmp_path_factory) -> list:
    """What the knowledge base holds after one undisturbed ingest of the founding document."""
    path = tmp_path_factory.mktemp("ref") / "ref.db"
    write_document(open_db(path), read_document(FOUNDING))
    held = contents(path)
    assert len(held) == 1 and held[0][0] == "长沙市12345政务热线中心" and all(n > 0 for n in held[0][1:])
    return held


def writer(tmp_path: Path, db: Path, times: int) -> subprocess.Popen:
    script = tmp_path / "writer.py"
    script.write_text(WRITER.format(root=str(ROOT), doc=str(FOUNDING)))
    return subprocess.Popen([sys.executable, str(script), str(db), str(times)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def test_a_failed_write_leaves_the_earlier_copy_whole(tmp_path, monkeypatch, complete):
    db_path = tmp_path / "kb.db"
    db = open_db(db_path)
    doc = read_document(FOUNDING)
    write_document(db, doc)

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(store, "_write_table", broken)
    with pytest.raises(OSError):
        write_document(db, doc)
    assert contents(db_path) == complete


def test_kill_9_during_ingest_keeps_a_complete_copy(tmp_path, complete):
    db = tmp_path / "kb.db"
    write_document(open_db(db), read_document(FOUNDING))
    rng = random.Random(14)
    for _ in range(12):
        proc = writer(tmp_path, db, 10_000)
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.4))  # somewhere in the middle of one of the writes
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert contents(db) == complete


def test_kill_9_during_the_first_ingest_leaves_nothing_or_the_whole(tmp_path, complete):
    rng = random.Random(9)
    for n in range(6):
        db = tmp_path / f"kb{n}.db"
        open_db(db)
        proc = writer(tmp_path, db, 1)
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.15))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert contents(db) in ([], complete)


def test_two_ingests_of_one_file_at_once_are_serialized(tmp_path, complete):
    db = tmp_path / "kb.db"
    open_db(db)
    procs = [writer(tmp_path, db, 15) for _ in range(2)]
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert "Traceback" not in err
    assert contents(db) == complete
