"""State files hold visitors' questions and conversations: each is made 0600, with its -wal and -shm,
and one left 0644 by an earlier version is made 0600 when it is opened."""

from __future__ import annotations

import asyncio
import os
import signal
import stat
import sys
from pathlib import Path

from click.testing import CliRunner
from fake_bot_api import FakeBotApi, message_update

from bot.frontends.cli import main
from bot.frontends.misses import MissLog
from bot.frontends.web_state import SharedState
from nlu.context import Context

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "987654321:AAHxSecretPartThatMustNeverBeLogged_x1"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_misses_log_is_0600(tmp_path, founding_db):
    path = tmp_path / "state" / "misses.sqlite"
    result = CliRunner().invoke(main, ["ask", "明天天气怎么样"],
                                env={"BUDGETBOT_DB": str(founding_db), "BUDGETBOT_MISSES": str(path)})
    assert result.exit_code == 0
    assert mode(path) == 0o600
    assert mode(path.parent) == 0o700


def test_web_and_wechat_state_and_their_wal_files_are_0600(tmp_path):
    for state_class, name in ((SharedState, "web.sqlite"), (SharedState, "wechat.sqlite")):  # one store class
        path = tmp_path / name
        state = state_class(path)
        state.save("sess-0001", Context(subject="“三公”经费", year=2024))
        files = [path, Path(f"{path}-wal"), Path(f"{path}-shm")]
        assert all(f.exists() for f in files)
        assert [mode(f) for f in files] == [0o600] * 3
        state.conn.close()


def test_a_state_file_left_readable_by_others_is_made_private(tmp_path):
    path = tmp_path / "misses.sqlite"
    path.touch(mode=0o644)
    path.chmod(0o644)
    MissLog(path).record("明天天气怎么样")
    assert mode(path) == 0o600


def test_telegram_state_is_0600(tmp_path, founding_db):
    state = tmp_path / "state" / "telegram.pickle"
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": TOKEN, "BUDGETBOT_TELEGRAM_STATE": str(state),
           "BUDGETBOT_MISSES": str(tmp_path / "state" / "misses.sqlite")}

    async def scenario():
        async with FakeBotApi(TOKEN) as api:
            proc = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", "telegram", "--db", str(founding_db), "--api-url", api.url,
                cwd=ROOT, env=env, stderr=asyncio.subprocess.DEVNULL)
            api.push(message_update("三公经费是多少"))
            try:
                await api.wait_sent(1, timeout=30)
            finally:
                proc.send_signal(signal.SIGTERM)
                await asyncio.wait_for(proc.wait(), 30)

    asyncio.run(scenario())
    assert state.exists()
    assert mode(state) == 0o600
