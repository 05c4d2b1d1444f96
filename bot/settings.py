"""Settings from the environment, read in this one place."""

from __future__ import annotations

import os
import re
from pathlib import Path

from nlu.normalize import MAX_CHARS

from .core import DATA_DIR, DEFAULT_DEPARTMENT

BUNDLED_DB = DATA_DIR / "budgetbot.db"
# The one limit on a question's length, in characters, in every front end: the matcher reads no further
# (nlu.normalize.MAX_CHARS), so a longer question is refused in words, never cut silently.
MAX_QUESTION_CHARS = MAX_CHARS
__all__ = ["BUNDLED_DB", "DATA_DIR", "DEFAULT_DEPARTMENT", "MAX_QUESTION_CHARS"]


class SettingError(Exception):
    """A setting the command needs is not in the environment, or not of the form it must have."""


def state_dir() -> Path:
    """Where budgetbot keeps its own files by default: $XDG_STATE_HOME/budgetbot (~/.local/state/budgetbot)."""
    return Path(os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state") / "budgetbot"


def db_path(option: str | None = None) -> Path:
    """The knowledge base: --db, else BUDGETBOT_DB, else the bundled one."""
    return Path(option or os.environ.get("BUDGETBOT_DB") or BUNDLED_DB)


def misses_path() -> Path:
    """Where unanswered questions are logged (text only), apart from the knowledge base."""
    return Path(os.environ.get("BUDGETBOT_MISSES") or state_dir() / "misses.sqlite")


def telegram_token() -> str:
    token = os.environ.get("TELEGRAM_BOT_TOKEN", "").strip()
    if not token:
        raise SettingError("TELEGRAM_BOT_TOKEN is not set; get a token from @BotFather and export it")
    if not re.fullmatch(r"\d{1,20}:[A-Za-z0-9_-]{30,}", token):
        # never echo the value: it may be a real token pasted with a typo
        raise SettingError("TELEGRAM_BOT_TOKEN does not look like a bot token (digits, a colon, "
                             "then about 35 letters, digits, - and _, as @BotFather gives it)")
    return token


def telegram_state_path() -> Path:
    """Where the Telegram bot keeps each chat's conversation across restarts (BUDGETBOT_TELEGRAM_STATE)."""
    return Path(os.environ.get("BUDGETBOT_TELEGRAM_STATE") or state_dir() / "telegram.pickle")


# `budgetbot serve`: read once per worker process by bot.frontends.web.app_from_env
def cors_origins() -> tuple[str, ...]:
    """Sites allowed to call /api/ask from a browser: BUDGETBOT_CORS_ORIGINS, comma-separated."""
    raw = os.environ.get("BUDGETBOT_CORS_ORIGINS", "")
    return tuple(o.strip().rstrip("/") for o in raw.split(",") if o.strip())


def rate_limit() -> int:
    """Questions per minute per client address (BUDGETBOT_RATE_LIMIT, default 30; 0 turns it off)."""
    raw = os.environ.get("BUDGETBOT_RATE_LIMIT", "30").strip()
    if not raw.isdigit():
        raise SettingError(f"BUDGETBOT_RATE_LIMIT must be a whole number per minute, not {raw!r}")
    return int(raw)


def web_state_path() -> Path:
    """The SQLite file all web workers share for conversations and rate limits (BUDGETBOT_WEB_STATE)."""
    return Path(os.environ.get("BUDGETBOT_WEB_STATE") or state_dir() / "web.sqlite")


def state_url(option: str | None = None, *, default: Path | None = None) -> str | None:
    """Where conversations, rate limits and WeChat's retries are kept: --state, else BUDGETBOT_STATE
    (sqlite:///path or redis://host:6379/0), else the SQLite file `default` (None: no shared store)."""
    url = (option or os.environ.get("BUDGETBOT_STATE") or "").strip()
    if url or default is None:
        return url or None
    return "sqlite://" + str(Path(default).expanduser().resolve())


def telegram_proxy(option: str | None = None) -> str | None:
    """The proxy for every request to the Bot API given with --proxy, or None. HTTPS_PROXY and ALL_PROXY
    from the environment are checked here too and used by httpx itself, with NO_PROXY honoured."""
    for name, value in (("--proxy", option), ("HTTPS_PROXY", os.environ.get("HTTPS_PROXY")),
                        ("https_proxy", os.environ.get("https_proxy")), ("ALL_PROXY", os.environ.get("ALL_PROXY"))):
        if value and value.strip() and not re.match(r"(?i)(https?|socks5h?)://[^/]", value.strip()):
            # never echo the value: a proxy URL may hold a password
            raise SettingError(f"{name} must be a proxy URL such as http://proxy.example:3128 or "
                                 "socks5://127.0.0.1:1080 (http, https, socks5 or socks5h)")
    return option.strip() if option and option.strip() else None


# `budgetbot wechat`: read by bot.frontends.wechat.app_from_env in every worker process
def wechat_token() -> str:
    """The Token of 公众平台 → 服务器配置 (WECHAT_TOKEN): 3–32 letters or digits."""
    token = os.environ.get("WECHAT_TOKEN", "").strip()
    if not token:
        raise SettingError("WECHAT_TOKEN is not set; export the Token you enter in 公众平台 → 设置与开发 → "
                             "基本配置 → 服务器配置 (3–32 letters or digits)")
    if not re.fullmatch(r"[A-Za-z0-9]{3,32}", token):
        # never echo the value: it is the secret every signature is made with
        raise SettingError("WECHAT_TOKEN must be 3–32 letters or digits, as 公众平台 accepts it")
    return token


def wechat_aes() -> tuple[str, str] | None:
    """(WECHAT_APPID, WECHAT_AES_KEY) for 兼容 and 安全模式, or None when neither is set (明文模式 only)."""
    appid = os.environ.get("WECHAT_APPID", "").strip()
    key = os.environ.get("WECHAT_AES_KEY", "").strip()
    if not appid and not key:
        return None
    if not key:
        raise SettingError("WECHAT_APPID is set but WECHAT_AES_KEY is not; export the 43-character "
                             "EncodingAESKey of 服务器配置 too, or unset WECHAT_APPID for 明文模式")
    if not re.fullmatch(r"[A-Za-z0-9]{43}", key):
        what = f"has {len(key)} characters" if len(key) != 43 else "has characters other than letters and digits"
        raise SettingError(f"WECHAT_AES_KEY must be the 43 letters and digits of the EncodingAESKey; "
                             f"the one set {what}")
    if not appid:
        raise SettingError("WECHAT_AES_KEY is set but WECHAT_APPID is not; export the AppID "
                             "(开发者ID, wx followed by 16 letters and digits) too")
    if not re.fullmatch(r"wx[A-Za-z0-9]{16}", appid):
        raise SettingError("WECHAT_APPID must look like wx followed by 16 letters and digits (开发者ID)")
    return appid, key


def wechat_state_path() -> Path:
    """The SQLite file all wechat workers share for conversations and retried messages (BUDGETBOT_WECHAT_STATE)."""
    return Path(os.environ.get("BUDGETBOT_WECHAT_STATE") or state_dir() / "wechat.sqlite")


def wechat_menu_path() -> Path:
    """The TOML file mapping menu CLICK keys to questions (WECHAT_MENU, default data/wechat_menu.toml);
    one named in WECHAT_MENU must be there."""
    named = os.environ.get("WECHAT_MENU")
    if named and not Path(named).is_file():
        raise SettingError(f"WECHAT_MENU names {named}, which is not a file")
    return Path(named or DATA_DIR / "wechat_menu.toml")


def terminal_columns() -> int | None:
    """The width the commands' output is asked to have (COLUMNS), or None: on a terminal its own width,
    into a pipe no wrapping (bot.frontends.consoles)."""
    raw = os.environ.get("COLUMNS", "").strip()
    return int(raw) if raw.isdigit() and int(raw) > 0 else None
