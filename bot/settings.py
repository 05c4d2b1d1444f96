"""Settings from the environment, read in this one place."""

from __future__ import annotations

import os
import re
from pathlib import Path

from .core import DATA_DIR, DEFAULT_DEPARTMENT

BUNDLED_DB = DATA_DIR / "budgetbot.db"
__all__ = ["BUNDLED_DB", "DATA_DIR", "DEFAULT_DEPARTMENT"]


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
    if not re.fullmatch(r"\d{1,20}:[A-Za-z0-9_-]{30,}", token):
        # never echo the value: it may be a real token pasted with a typo
        raise MissingSetting("TELEGRAM_BOT_TOKEN does not look like a bot token (digits, a colon, "
                             "then about 35 letters, digits, - and _, as @BotFather gives it)")
    return token


def telegram_state_path() -> Path:
    """Where the Telegram bot keeps each chat's conversation across restarts (BUDGETBOT_TELEGRAM_STATE)."""
    default = Path(os.environ.get("XDG_STATE_HOME", Path.home() / ".local" / "state")) / "budgetbot"
    return Path(os.environ.get("BUDGETBOT_TELEGRAM_STATE") or default / "telegram.pickle")


# `budgetbot serve`: read once per worker process by bot.web.app_from_env
def cors_origins() -> tuple[str, ...]:
    """Sites allowed to call /api/ask from a browser: BUDGETBOT_CORS_ORIGINS, comma-separated."""
    raw = os.environ.get("BUDGETBOT_CORS_ORIGINS", "")
    return tuple(o.strip().rstrip("/") for o in raw.split(",") if o.strip())


def rate_limit() -> int:
    """Questions per minute per client address (BUDGETBOT_RATE_LIMIT, default 30; 0 turns it off)."""
    raw = os.environ.get("BUDGETBOT_RATE_LIMIT", "30").strip()
    if not raw.isdigit():
        raise MissingSetting(f"BUDGETBOT_RATE_LIMIT must be a whole number per minute, not {raw!r}")
    return int(raw)


def web_state_path() -> Path:
    """The SQLite file all web workers share for conversations and rate limits (BUDGETBOT_WEB_STATE)."""
    default = Path(os.environ.get("XDG_STATE_HOME", Path.home() / ".local" / "state")) / "budgetbot"
    return Path(os.environ.get("BUDGETBOT_WEB_STATE") or default / "web.sqlite")
