"""Settings from the environment, read in this one place."""

from __future__ import annotations

import os
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
BUNDLED_DB = DATA_DIR / "budgetbot.db"
DEFAULT_DEPARTMENT = "长沙市12345政务热线中心"


class MissingSetting(Exception):
    """A setting the command needs is not in the environment."""


def db_path(option: str | None = None) -> Path:
    """The knowledge base: --db, else BUDGETBOT_DB, else the bundled one."""
    return Path(option or os.environ.get("BUDGETBOT_DB") or BUNDLED_DB)


def misses_path() -> Path:
    """Where unanswered questions are logged (text only), apart from the knowledge base."""
    default = Path(os.environ.get("XDG_STATE_HOME", Path.home() / ".local" / "state")) / "budgetbot"
    return Path(os.environ.get("BUDGETBOT_MISSES") or default / "misses.sqlite")


def telegram_token() -> str:
    token = os.environ.get("TELEGRAM_BOT_TOKEN", "").strip()
    if not token:
        raise MissingSetting("TELEGRAM_BOT_TOKEN is not set; get a token from @BotFather and export it")
    return token
