"""Shared fixtures: knowledge bases built from the bundled disclosures, and engines over them."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

from bot.core.engine import Engine
from bot.settings import BUNDLED_DB, DATA_DIR
from knowledge.ingest import ingest
from knowledge.store import open_db

# property tests draw the same examples on every run: a red CI is a real failure, never chance
# (long random runs are benchmarks: benchmarks/fuzz.py)
settings.register_profile("deterministic", derandomize=True, deadline=None)
settings.load_profile("deterministic")

FOUNDING = DATA_DIR / "disclosures" / "changsha_12345rexian_2024_yusuan.txt"


@pytest.fixture(scope="session")
def founding_db(tmp_path_factory) -> Path:
    """A knowledge base holding the founding document only."""
    path = tmp_path_factory.mktemp("kb") / "founding.db"
    outcomes = ingest(open_db(path), [str(FOUNDING)])
    assert outcomes[0].error is None
    return path


@pytest.fixture(scope="session")
def founding_engine(founding_db) -> Engine:
    return Engine(founding_db)


@pytest.fixture(scope="session")
def bundled_engine() -> Engine:
    """The bundled default knowledge base: the founding document and the 14 published PDFs."""
    return Engine(BUNDLED_DB)


CORPUS = Path(__file__).parent / "fixtures" / "corpus"


@pytest.fixture(scope="session")
def corpus_engine(tmp_path_factory) -> Engine:
    """The bundled disclosures and the 18 corpus documents (one per city template) in one knowledge base."""
    path = tmp_path_factory.mktemp("kb") / "corpus.db"
    files = [*map(str, sorted((DATA_DIR / "disclosures").iterdir())), *map(str, sorted(CORPUS.rglob("*.pdf")))]
    outcomes = ingest(open_db(path), files, workers=2)
    assert not [o.error for o in outcomes if o.error]
    return Engine(path)


UNREADABLE = "zip() argument 2 is longer than argument 1"  # as the 北京 template once failed every document


@pytest.fixture
def three_public_unreadable(monkeypatch) -> str:
    """The reader fails on every “三公” table (as on a layout it cannot align): the error it raises."""
    from knowledge import tables

    real = tables.build_table

    def failing(raw, number, *args, **kwargs):
        if "三公" in raw.title:
            raise ValueError(UNREADABLE)
        return real(raw, number, *args, **kwargs)

    monkeypatch.setattr("knowledge.parse.build_table", failing)
    return UNREADABLE

