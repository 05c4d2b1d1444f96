"""The Telegram bot against a fake Bot API on loopback: commands, answers, buttons, charts, groups,
persistence, limits, errors, network faults and webhook mode."""

from __future__ import annotations

import asyncio
import json
import logging
import re
import socket
import sqlite3
import threading
import time
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest
from fake_bot_api import BOT, FakeBotApi, button_update, message_update

from benchmarks.synthetic import build_many
from bot.core import DATA_DIR
from bot.core.engine import Engine
from bot.core.naming import NAMING
from bot.core.phrases import Phrases
from bot.core.reply import Chart, Reply, Source
from bot.frontends import charts
from bot.frontends import telegram_views as views
from bot.frontends.session import Session
from bot.frontends.telegram_bot import Webhook, build_application, serve
from bot.frontends.telegram_net import ChatLimiter, RetryingRateLimiter
from bot.frontends.web_state import SharedState
from bot.settings import BUNDLED_DB
from knowledge.ingest import ingest
from knowledge.store import open_db
from nlu.context import Context

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
TOKEN = "123456789:AAFakeTokenForTests_abcdefghijklmnopq"
DISCLOSURE = Path(__file__).resolve().parent.parent / "data/disclosures/changsha_12345rexian_2024_yusuan.txt"
SANGONG = Chart("pie", "2024年“三公”经费预算构成", ("公务接待费", "公务用车购置及运行费", "因公出国（境）费"),
                (1.90, 2.03, 0.0), "万元")
SOURCE = Source("长沙市12345政务热线中心2024年部门预算公开", "表7", "公务接待费", "2024年预算数", table=7)
SOURCE_HTML = "来源：<i>长沙市12345政务热线中心2024年部门预算公开</i> 表7“公务接待费”“2024年预算数”列"
PHRASES = Phrases(DATA_DIR / "lexicon" / "replies.toml", catalogue="", default_department=None)


@pytest.fixture(scope="session")
def kb(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("telegram_kb") / "kb.db"
    outcomes = ingest(open_db(path), [str(DISCLOSURE)])
    assert not [o.error for o in outcomes if o.error]
    return path


@pytest.fixture(scope="session")
def engine(kb) -> Engine:
    return Engine(kb)


class ScriptedEngine:
    """Stands in for Engine where a test needs a chart, suggestions, a follow-up, a slow answer or a
    failure on cue; it remembers the context each question came with, and the threads it ran on."""

    documents = ()
    default_department = None

    def __init__(self, phrases: Phrases = PHRASES) -> None:
        self.phrases = phrases
        self.seen: list[tuple[str, Context]] = []
        self.threads: set[str] = set()

    def answer(self, question: str, context: Context | None = None) -> Reply:
        context = context or Context()
        self.seen.append((question, context))
        self.threads.add(threading.current_thread().name)
        if question == "慢":
            time.sleep(1.5)
        if question == "出错":
            raise RuntimeError(f"engine failure (token {TOKEN} must not be logged)")
        after = Context(subject=question, turns=context.turns + 1)
        chart = SANGONG if "构成" in question else None
        return Reply(f"答：{question}", "figure", 0.9, sources=(SOURCE,),
                     suggestions=("其中公务接待费呢", "比上年呢"), context=after, chart=chart)


@asynccontextmanager
async def running_bot(api: FakeBotApi, engine, *, webhook: Webhook | None = None, **options):
    options.setdefault("rate_limiter", RetryingRateLimiter(first_delay=0.05))
    app = build_application(TOKEN, Session(engine), api_url=api.url, **options)
    stop = asyncio.Event()
    task = asyncio.create_task(serve(app, stop, webhook=webhook, poll_timeout=1))
    while not app.running:
        if task.done():
            task.result()
        await asyncio.sleep(0.01)
    try:
        yield app
    finally:
        stop.set()
        await asyncio.wait_for(task, 10)


def run(scenario) -> None:
    asyncio.run(asyncio.wait_for(scenario(), 30))


def keyboard(*questions: str) -> dict:
    return {"inline_keyboard": [[{"text": q, "callback_data": "ask:" + views.ask_id(q)}] for q in questions]}


def test_start_sets_the_menu_and_offers_examples():
    async def scenario():
        async with FakeBotApi(TOKEN) as api, running_bot(api, ScriptedEngine()):
            api.push(message_update("/start"))
            [sent] = await api.wait_sent(1)
        [menu] = api.sent("setMyCommands")
        assert menu.params["commands"] == [{"command": c, "description": d} for c, d in views.COMMANDS]
        assert sent.params == {"chat_id": 4242, "text": PHRASES("start"), "reply_markup": keyboard(*PHRASES.examples)}
        assert [c.method for c in api.calls][:3] == ["getMe", "setMyCommands", "deleteWebhook"]
    run(scenario)


def test_answer_has_sources_and_suggestion_buttons_that_ask():
    engine = ScriptedEngine()

    async def scenario():
        async with FakeBotApi(TOKEN) as api, running_bot(api, engine):
            api.push(message_update("三公经费是多少"))
            await api.wait_sent(1)
            api.push(button_update("ask:" + views.ask_id("比上年呢")))
            api.push(button_update("ask:0000deadbeef", message_id=501))
            await api.wait_sent(2)
            await api.wait_sent(2, "answerCallbackQuery")
        first, second = api.sent()
        assert first.params["text"] == f"答：三公经费是多少\n\n{SOURCE_HTML}"
        assert first.params["parse_mode"] == "HTML"
        assert first.params["reply_markup"] == keyboard("其中公务接待费呢", "比上年呢")
        assert second.params["text"].startswith("答：比上年呢")
        pressed, expired = api.sent("answerCallbackQuery")
        assert "text" not in pressed.params
        assert expired.params["text"] == PHRASES("expired")
        assert [q for q, _ in engine.seen] == ["三公经费是多少", "比上年呢"]
        assert engine.seen[1][1] == Context(subject="三公经费是多少", turns=1)
    run(scenario)


def test_follow_ups_survive_a_restart_and_reset_forgets(tmp_path):
    engine = ScriptedEngine()
    state = tmp_path / "state.pickle"

    async def scenario():
        async with FakeBotApi(TOKEN) as api:
            async with running_bot(api, engine, state_path=state):
                api.push(message_update("机关运行经费多少"))
                await api.wait_sent(1)
            async with running_bot(api, engine, state_path=state):
                api.push(message_update("比上年呢"))
                api.push(message_update("/reset"))
                api.push(message_update("基本工资多少"))
                await api.wait_sent(4)
                api.push(button_update("ask:" + views.ask_id("其中公务接待费呢")))
                await api.wait_sent(5)
        assert api.sent()[2].params["text"] == PHRASES("reset")
        assert [c for _, c in engine.seen] == [
            Context(), Context(subject="机关运行经费多少", turns=1), Context(),
            Context(subject="基本工资多少", turns=1),
        ]
    run(scenario)


def test_chart_goes_as_a_png_with_the_figures_in_the_caption():
    async def scenario():
        async with FakeBotApi(TOKEN) as api, running_bot(api, ScriptedEngine()):
            api.push(message_update("三公经费构成"))
            photo, text = await api.wait_sent(2)
        assert photo.method == "sendPhoto" and text.method == "sendMessage"
        assert photo.params["caption"] == charts.caption(SANGONG)
        assert photo.files["photo"].startswith(b"\x89PNG\r\n\x1a\n")
        assert text.params["text"].startswith("答：三公经费构成")
    run(scenario)


def test_answer_goes_out_even_when_the_chart_cannot_be_drawn(monkeypatch):
    def no_font(chart):
        raise charts.NoCJKFont("no Chinese font found")

    monkeypatch.setattr(charts, "render_png", no_font)

    async def scenario():
        async with FakeBotApi(TOKEN) as api, running_bot(api, ScriptedEngine()):
            api.push(message_update("三公经费构成"))
            await api.wait_sent(1)
            await asyncio.sleep(0.2)
        assert [c.method for c in api.sent()] == ["sendMessage"]
        assert api.sent()[0].params["text"].startswith("答：三公经费构成")
    run(scenario)


def test_group_answers_only_when_addressed():
    group = -100123

    async def scenario():
        async with FakeBotApi(TOKEN) as api, running_bot(api, ScriptedEngine()):
            api.push(message_update("大家好，三公经费是多少", chat_id=group, chat_type="supergroup", message_id=1))
            api.push(message_update("@budget_test_bot 三公经费是多少", chat_id=group, chat_type="supergroup",
                                    message_id=2, entities=[{"type": "mention", "offset": 0, "length": 16}]))
            bot_message = {"message_id": 9, "date": 0, "chat": {"id": group, "type": "supergroup"},
                           "from": BOT, "text": "答：…"}
            api.push(message_update("基本支出呢", chat_id=group, chat_type="supergroup", message_id=3,
                                    reply_to=bot_message))
            api.push(message_update("/help@budget_test_bot", chat_id=group, chat_type="supergroup", message_id=4))
            api.push(message_update("/help@another_bot", chat_id=group, chat_type="supergroup", message_id=5))
            api.push(message_update("谢谢", chat_id=group, chat_type="supergroup", message_id=6))
            await api.wait_consumed()
            await asyncio.sleep(0.2)
        texts = [(c.params["text"].split("\n")[0], c.params.get("reply_parameters")) for c in api.sent()]
        assert texts == [("答：三公经费是多少", {"message_id": 2}), ("答：基本支出呢", {"message_id": 3}),
                         (PHRASES("help", departments="", default="").split("\n")[0], None)]
    run(scenario)


def test_about_and_help_describe_the_knowledge_base(engine):
    async def scenario():
        async with FakeBotApi(TOKEN) as api, running_bot(api, engine):
            api.push(message_update("/about"))
            api.push(message_update("/help"))
            api.push(message_update("/nonsense"))
            about, help_, unknown = await api.wait_sent(3)
        assert about.params["text"] == "已收录以下部门的预算/决算公开：长沙市12345政务热线中心（2024预算）"
        assert help_.params["text"] == f"{engine.phrases('help')}\n\n{PHRASES('commands_help')}"
        assert "已收录：长沙市12345政务热线中心（2024预算）" in help_.params["text"]
        assert unknown.params["text"] == PHRASES("unknown_command")
    run(scenario)


def test_about_is_one_message_saying_what_typing_有哪些部门_says_however_large_the_knowledge_base(tmp_path):
    many = tmp_path / "many.db"
    build_many(BUNDLED_DB, many, 400, naming=NAMING)
    departments = sqlite3.connect(many).execute("select count(distinct department) from documents").fetchone()[0]
    engine = Engine(many)

    async def scenario():
        async with FakeBotApi(TOKEN) as api, running_bot(api, engine):
            api.push(message_update("/about"))
            await api.wait_consumed()
            await api.wait_sent(1)
            await asyncio.sleep(0.2)
        return [c.params["text"] for c in api.sent()]

    sent = asyncio.run(asyncio.wait_for(scenario(), 60))
    assert sent == [engine.answer("有哪些部门").answer]
    assert departments > 200 and sent[0].endswith(f"等{departments}个部门") and len(sent[0]) < 4096


def test_questions_are_limited_per_chat():
    async def scenario():
        async with FakeBotApi(TOKEN) as api, running_bot(api, ScriptedEngine(), chat_limiter=ChatLimiter(2, 60)):
            for i in range(4):
                api.push(message_update(f"问题{i}", message_id=i))
            api.push(message_update("另一个聊天", chat_id=77))
            await api.wait_consumed()
            await api.wait_sent(4)
            await asyncio.sleep(0.2)
        assert [(c.params["chat_id"], c.params["text"].split("\n")[0]) for c in api.sent()] == [
            (4242, "答：问题0"), (4242, "答：问题1"), (4242, PHRASES("too_fast")), (77, "答：另一个聊天")]
    run(scenario)


def test_chat_limiter_window_slides():
    limiter = ChatLimiter(2, 10)
    assert [limiter.check(1, t) for t in (0, 1, 2, 3)] == ["ok", "ok", "warn", "drop"]
    assert limiter.check(2, 3) == "ok"
    assert [limiter.check(1, t) for t in (10.5, 11.5, 11.6)] == ["ok", "ok", "warn"]


def test_a_failure_is_logged_without_the_token_and_answered_politely(caplog):
    async def scenario():
        async with FakeBotApi(TOKEN) as api, running_bot(api, ScriptedEngine()):
            api.push(message_update("出错"))
            api.push(message_update("三公经费是多少"))
            await api.wait_sent(2)
        assert [c.params["text"].split("\n")[0] for c in api.sent()] == [PHRASES("sorry"), "答：三公经费是多少"]

    caplog.set_level(logging.DEBUG)
    from bot.frontends.telegram_net import redact_token

    caplog.handler.addFilter(redact_token(TOKEN))
    run(scenario)
    assert "engine failure" in caplog.text
    assert TOKEN not in caplog.text and TOKEN.split(":")[1] not in caplog.text


def test_send_faults_lose_no_reply():
    async def scenario():
        async with FakeBotApi(TOKEN) as api, running_bot(api, ScriptedEngine()):
            api.faults["sendMessage"] = ["429", "502", "drop"]
            api.faults["sendPhoto"] = ["drop"]
            api.push(message_update("三公经费构成"))
            await api.wait_sent(2)
            await asyncio.sleep(0.2)
        assert api.failed == [("sendPhoto", "drop"), ("sendMessage", "429"), ("sendMessage", "502"),
                              ("sendMessage", "drop")]
        assert [c.method for c in api.sent()] == ["sendPhoto", "sendMessage"]
    run(scenario)


def test_polling_faults_lose_no_update():
    async def scenario():
        async with FakeBotApi(TOKEN) as api:
            api.faults["getUpdates"] = ["502", "drop", "429"]
            async with running_bot(api, ScriptedEngine()):
                api.push(message_update("三公经费是多少"))
                [sent] = await api.wait_sent(1)
        assert [f for _, f in api.failed] == ["502", "drop", "429"]
        assert sent.params["text"].startswith("答：三公经费是多少")
    run(scenario)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_webhook_update_is_answered_and_needs_the_secret():
    port = free_port()
    hook = Webhook(f"http://127.0.0.1:{port}/telegram", "127.0.0.1", port, "s3cret-Token")

    async def scenario():
        async with FakeBotApi(TOKEN) as api, running_bot(api, ScriptedEngine(), webhook=hook):
            update = {"update_id": 1, **message_update("三公经费是多少")}
            async with httpx.AsyncClient() as client:
                refused = await client.post(hook.url, json=update)
                accepted = await client.post(hook.url, json=update,
                                             headers={"X-Telegram-Bot-Api-Secret-Token": hook.secret})
            [sent] = await api.wait_sent(1)
        assert (refused.status_code, accepted.status_code) == (403, 200)
        [registered] = api.sent("setWebhook")
        assert registered.params["url"] == hook.url and registered.params["secret_token"] == hook.secret
        assert sent.params["text"].startswith("答：三公经费是多少")
        assert not api.sent("getUpdates")
    run(scenario)


def test_long_answers_are_split_at_line_ends():
    text = "\n".join(f"第{i}行" + "字" * 50 for i in range(200))
    pieces = views.split_text(text)
    assert all(len(p) <= views.MAX_TEXT for p in pieces) and len(pieces) == 3
    assert "\n".join(pieces) == text


def test_button_ids_fit_callback_data_and_stay_bounded():
    asks: dict[str, str] = {}
    questions = [f"长沙市12345政务热线中心{2000 + i}年“三公”经费中公务用车购置及运行费是多少" for i in range(150)]
    for i in range(0, 150, 3):
        markup = views.question_keyboard(questions[i:i + 3], asks)
    assert len(asks) == views.MAX_ASKS and questions[-1] in asks.values() and questions[0] not in asks.values()
    data = [row[0].callback_data for row in markup.inline_keyboard]
    assert all(len(d.encode()) <= 64 for d in data)
    assert [asks[d.removeprefix("ask:")] for d in data] == questions[-3:]
    assert views.question_keyboard([], asks) is None


def test_reply_html_cites_each_place_once_and_escapes_the_answer():
    other = Source("长沙市12345政务热线中心2024年部门预算公开", "六（二）“三公”经费预算", section="六（二）")
    reply = Reply("三公经费3.93万元（<比上年少>）。", "figure", 1.0, sources=(SOURCE, other, SOURCE))
    assert views.reply_html(reply) == (
        "三公经费3.93万元（&lt;比上年少&gt;）。\n\n"
        "来源：<i>长沙市12345政务热线中心2024年部门预算公开</i> 表7“公务接待费”“2024年预算数”列、六（二）"
    )
    assert views.reply_html(Reply("你好", "greeting", 1.0)) == "你好"


def expected_messages(engine: Engine, turns: list[str]) -> list[tuple]:
    """What the bot should send for a conversation: what Engine.answer gives, turn by turn."""
    expected, context = [], None
    for question in turns:
        reply = engine.answer(question, context)
        context = reply.context
        if reply.chart:
            expected.append(("sendPhoto", charts.caption(reply.chart), None))
        expected.append(("sendMessage", views.reply_html(reply), keyboard(*reply.suggestions[:views.MAX_BUTTONS])
                         if reply.suggestions else None))
    return expected


def test_dev_questions_are_answered_as_the_engine_answers_them(engine):
    lines = (Path(__file__).parent / "fixtures/dev_questions.jsonl").read_text(encoding="utf-8").splitlines()
    conversations = {10_000 + i: json.loads(line)["turns"] for i, line in enumerate(lines)}
    expected = {chat: expected_messages(engine, turns) for chat, turns in conversations.items()}

    async def scenario():
        async with FakeBotApi(TOKEN) as api, running_bot(api, engine):
            for chat, turns in conversations.items():
                for n, question in enumerate(turns):
                    api.push(message_update(question, chat_id=chat, message_id=n + 1))
            await api.wait_sent(sum(map(len, expected.values())), timeout=20)
            await asyncio.sleep(0.1)
        return api.sent()

    got: dict[int, list[tuple]] = {chat: [] for chat in conversations}
    for call in asyncio.run(scenario()):
        text = call.params.get("text", call.params.get("caption"))
        got[call.params["chat_id"]].append((call.method, text, call.params.get("reply_markup")))
    assert got == expected
    assert sum(1 for sent in got.values() for m in sent if m[0] == "sendPhoto") >= 1


# --- one answering thread, one count of questions per chat, the words of replies.toml


@pytest.mark.parametrize("shared", [False, True], ids=["chat data", "state store"])
def test_the_engine_answers_on_one_thread_while_the_webhook_takes_updates(tmp_path, shared):
    port = free_port()
    hook = Webhook(f"http://127.0.0.1:{port}/telegram", "127.0.0.1", port, "s3cret-Token")
    engine = ScriptedEngine()
    store = SharedState(tmp_path / "state.sqlite") if shared else None

    def post_two() -> float:
        """Telegram's side: a slow question, then (while it is answered) another; how long the second waits."""
        headers = {"X-Telegram-Bot-Api-Secret-Token": hook.secret}
        httpx.post(hook.url, json={"update_id": 1, **message_update("慢")}, headers=headers)
        time.sleep(0.4)
        started = time.perf_counter()
        httpx.post(hook.url, json={"update_id": 2, **message_update("三公经费是多少", chat_id=77)}, headers=headers)
        return time.perf_counter() - started

    async def scenario():
        async with FakeBotApi(TOKEN) as api, running_bot(api, engine, webhook=hook, state=store):
            waited = await asyncio.to_thread(post_two)
            await api.wait_sent(2)
        return waited, [c.params["text"].split("\n")[0] for c in api.sent()]

    waited, sent = asyncio.run(asyncio.wait_for(scenario(), 30))
    assert sent == ["答：慢", "答：三公经费是多少"]
    assert waited < 0.5  # the webhook took the update at once, the engine busy on its own thread
    [thread] = engine.threads
    assert thread.startswith("telegram-engine")


def test_with_a_state_store_a_chat_has_20_questions_a_minute_across_bot_processes(tmp_path):
    async def ask(questions: list[str], replies: int) -> list[str]:
        """One bot process over the shared state file, asked by chat 4242."""
        async with FakeBotApi(TOKEN) as api, running_bot(api, ScriptedEngine(),
                                                         state=SharedState(tmp_path / "state.sqlite")):
            for i, question in enumerate(questions):
                api.push(message_update(question, message_id=i))
            await api.wait_consumed()
            await api.wait_sent(replies)
            await asyncio.sleep(0.2)
        return [c.params["text"].split("\n")[0] for c in api.sent()]

    first = asyncio.run(asyncio.wait_for(ask([f"问题{i}" for i in range(12)], 12), 30))
    second = asyncio.run(asyncio.wait_for(ask([f"再问{i}" for i in range(10)], 9), 30))
    assert first == [f"答：问题{i}" for i in range(12)]
    assert second == [*(f"答：再问{i}" for i in range(8)), PHRASES("too_fast")]  # the 21st, then quiet


def test_without_a_state_store_chats_that_went_quiet_are_forgotten():
    limiter = ChatLimiter(20, 60)
    for chat in range(10_000):
        assert limiter.check(chat, now=chat / 1000) == "ok"
    assert limiter.chats == 10_000
    assert limiter.check(1, now=100.0) == "ok"  # a minute later: only the chat that asks is counted
    assert limiter.chats == 1


def test_reset_words_typed_as_a_message_start_anew():
    engine = ScriptedEngine()

    async def scenario():
        async with FakeBotApi(TOKEN) as api, running_bot(api, engine):
            for i, text in enumerate(["三公经费是多少", "重新开始", "其中公务接待费呢"]):
                api.push(message_update(text, message_id=i))
                await api.wait_sent(i + 1)
        return [c.params["text"].split("\n")[0] for c in api.sent()]

    sent = asyncio.run(asyncio.wait_for(scenario(), 30))
    assert sent[1] == PHRASES("reset")
    assert [q for q, _ in engine.seen] == ["三公经费是多少", "其中公务接待费呢"]
    assert engine.seen[1][1] == Context()  # the follow-up follows on from nothing


def test_the_texts_around_the_answers_are_those_of_replies_toml(tmp_path):
    replies = tmp_path / "replies.toml"
    text = (DATA_DIR / "lexicon" / "replies.toml").read_text(encoding="utf-8")
    for name in ("start", "commands_help", "unknown_command", "sorry"):
        text = re.sub(rf"^{name} = .*$", f'{name} = "（{name}的新说法）"', text, flags=re.M)
    replies.write_text(text.replace('"新对话"]', '"新对话", "从头来"]'), encoding="utf-8")
    engine = ScriptedEngine(Phrases(replies, catalogue="", default_department=None))

    async def scenario():
        async with FakeBotApi(TOKEN) as api, running_bot(api, engine):
            for i, text in enumerate(["/start", "/help", "/nonsense", "出错", "从头来"]):
                api.push(message_update(text, message_id=i))
                await api.wait_sent(i + 1)
        return [c.params["text"] for c in api.sent()]

    start, help_, unknown, sorry, reset = asyncio.run(asyncio.wait_for(scenario(), 30))
    assert (start, unknown, sorry) == ("（start的新说法）", "（unknown_command的新说法）", "（sorry的新说法）")
    assert help_.endswith("\n\n（commands_help的新说法）")
    assert reset == PHRASES("reset")
