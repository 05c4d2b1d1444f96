"""Settings from the environment: where budgetbot keeps its own files, and a malformed value is a
SettingError that names the setting."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import settings

FILES = {"BUDGETBOT_MISSES": (settings.misses_path, "misses.sqlite"),
         "BUDGETBOT_TELEGRAM_STATE": (settings.telegram_state_path, "telegram.pickle"),
         "BUDGETBOT_WEB_STATE": (settings.web_state_path, "web.sqlite"),
         "BUDGETBOT_WECHAT_STATE": (settings.wechat_state_path, "wechat.sqlite")}


@pytest.mark.parametrize("name", FILES)
def test_each_file_is_kept_under_xdg_state_home_unless_set_itself(name, tmp_path, monkeypatch):
    path, file = FILES[name]
    monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    assert path() == tmp_path / "budgetbot" / file
    monkeypatch.setenv("XDG_STATE_HOME", "")  # empty is unset, as the XDG spec says: not the current directory
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert path() == tmp_path / "home" / ".local" / "state" / "budgetbot" / file
    monkeypatch.setenv(name, str(tmp_path / "own"))
    assert path() == Path(tmp_path / "own")


@pytest.mark.parametrize("name, value, read, says", [
    ("BUDGETBOT_RATE_LIMIT", "thirty", settings.rate_limit, "BUDGETBOT_RATE_LIMIT must be a whole number"),
    ("WECHAT_TOKEN", "has spaces", settings.wechat_token, "WECHAT_TOKEN must be 3–32 letters or digits"),
    ("TELEGRAM_BOT_TOKEN", "12345:short", settings.telegram_token, "TELEGRAM_BOT_TOKEN does not look like"),
])
def test_a_malformed_setting_is_a_setting_error_naming_it(name, value, read, says, monkeypatch):
    monkeypatch.setenv(name, value)
    with pytest.raises(settings.SettingError, match=says):
        read()
