"""The Telegram front end: a python-telegram-bot Application around the answering `Session`. `run` is what
`budgetbot telegram` calls; `build_application` and `serve` are its parts (the tests use them on loopback)."""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import signal
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from telegram import BotCommand, Chat, ReplyParameters, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, InvalidToken, NetworkError, TelegramError
from telegram.ext import (
    Application,
    BaseRateLimiter,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    PersistenceInput,
    PicklePersistence,
    filters,
)

from nlu.context import Context

from .. import settings
from ..core.reply import Chart, Reply
from . import charts
from . import telegram_views as views
from .misses import MissLog
from .reload import EngineReloader, watched_session
from .serving import AnsweringThread
from .session import MemoryConversation, Session
from .startup import StartupError, check_knowledge_base, check_port, check_state_store
from .state import StateStore, open_state, redact
from .state_files import readable_pickle, tighten
from .telegram_net import ChatLimiter, RetryingRateLimiter, SharedChatLimiter, configure_logging, redact_token

log = logging.getLogger(__name__)
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY]
ASKS_TTL = 7 * 86400.0  # a button in a shared store still works for a week after it was sent


@dataclass(frozen=True)
class Webhook:
    """Serve updates at `url` (public HTTPS, e.g. behind a reverse proxy) from `listen:port`."""

    url: str
    listen: str = "127.0.0.1"
    port: int = 8443
    secret: str = ""


class ChatMemory:
    """Where each chat's conversation and the questions behind its buttons are kept: in its chat data
    (and so in the bot's PicklePersistence), or, given a state store, in the store, so that several
    bot processes behind one webhook share them. The engine and the store run on the answering thread."""

    def __init__(self, answering: AnsweringThread, store: StateStore | None = None) -> None:
        self.answering = answering
        self.store = store

    async def answer(self, fn: Callable[..., Reply], chat_id: int, context: ContextTypes.DEFAULT_TYPE,
                     *args: Any) -> Reply:
        """`session.ask` or `session.reset` on the chat's conversation, on the answering thread; chat data
        (which the persistence reads on the event loop) is read and written here, the thread given a copy."""
        if self.store is not None:
            return await self.answering(fn, self.store.conversation(f"telegram:{chat_id}"), *args)
        held = MemoryConversation(Context.from_dict(context.chat_data.get("context")))
        reply = await self.answering(fn, held, *args)
        context.chat_data["context"] = held.context.to_dict()
        return reply

    @asynccontextmanager
    async def asks(self, chat_id: int, context: ContextTypes.DEFAULT_TYPE) -> AsyncIterator[dict[str, str]]:
        """The chat's button ids → questions, written back if changed."""
        if self.store is None:
            yield context.chat_data.setdefault("asks", {})
            return
        key = f"telegram-asks:{chat_id}"
        asks = await self.answering(self.store.load_data, key) or {}
        before = dict(asks)
        yield asks
        if asks != before:
            await self.answering(self.store.save_data, key, asks, ASKS_TTL)


class Handlers:
    """The bot's handlers, sharing the answering session, the chats' memory and the question limiter."""

    def __init__(self, session: Session, limiter: ChatLimiter | SharedChatLimiter, memory: ChatMemory) -> None:
        self.session = session
        self.limiter = limiter
        self.memory = memory

    async def start(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        async with self.memory.asks(update.effective_chat.id, context) as asks:
            keyboard = views.question_keyboard(self.session.examples, asks)
        await update.effective_chat.send_message(self.session.says("start"), reply_markup=keyboard)

    async def help(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        text = await self.memory.answering(self.session.help)  # {departments}: the engine's knowledge base
        await update.effective_chat.send_message(f"{text}\n\n{self.session.says('commands_help')}")

    async def about(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        for piece in views.split_text(await self.memory.answering(self.session.about)):
            await update.effective_chat.send_message(piece)

    async def reset(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        reply = await self.memory.answer(self.session.reset, update.effective_chat.id, context)
        await update.effective_chat.send_message(reply.answer)

    async def unknown_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.effective_chat.send_message(self.session.says("unknown_command"))

    async def message(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        question = views.addressed_question(message, bot_id=context.bot.id, bot_username=context.bot.username)
        if question is None:
            return
        quote = None if message.chat.type == Chat.PRIVATE else ReplyParameters(message.message_id)
        await self.ask(update.effective_chat, context, question, quote)

    async def button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        data = query.data or ""
        async with self.memory.asks(update.effective_chat.id, context) as asks:
            question = asks.get(data.removeprefix(views.ASK_PREFIX))
        if not data.startswith(views.ASK_PREFIX) or question is None:
            await query.answer(self.session.says("expired"))
            return
        await query.answer()
        await self.ask(update.effective_chat, context, question, None)

    async def ask(self, chat: Chat, context: ContextTypes.DEFAULT_TYPE, question: str,
                  quote: ReplyParameters | None) -> None:
        verdict = await self.memory.answering(self.limiter.check, chat.id)
        if verdict != "ok":
            if verdict == "warn":
                await chat.send_message(self.session.says("too_fast"), reply_parameters=quote)
            return
        reply = await self.memory.answer(self.session.ask, chat.id, context, question)
        if reply.chart is not None:
            await _send_chart(chat, reply.chart, quote)
        pieces = views.split_text(views.reply_html(reply))
        async with self.memory.asks(chat.id, context) as asks:
            keyboard = views.question_keyboard(reply.suggestions, asks)
        for i, piece in enumerate(pieces):
            last = i == len(pieces) - 1
            await chat.send_message(piece, parse_mode=ParseMode.HTML, reply_markup=keyboard if last else None,
                                    reply_parameters=quote if i == 0 else None)

    async def error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        log.error("error while handling an update", exc_info=context.error)
        if isinstance(update, Update) and update.effective_chat:
            try:
                await update.effective_chat.send_message(self.session.says("sorry"))
            except TelegramError:
                log.warning("could not tell the chat about the error")


async def _send_chart(chat: Chat, chart: Chart, quote: ReplyParameters | None) -> None:
    # the picture is extra: whatever goes wrong with it, the answer text still goes out
    try:
        png = await asyncio.to_thread(charts.render_png, chart)
        caption = charts.caption(chart)[: views.MAX_CAPTION]
        await chat.send_photo(png, caption=caption, filename="chart.png", reply_parameters=quote)
    except Exception:
        log.exception("chart not sent; the answer goes without it")


def api_base_urls(api_url: str) -> tuple[str, str]:
    """Base URLs for requests (URL/bot<TOKEN>/METHOD) and for files, as a local Bot API server has them."""
    root = api_url.rstrip("/")
    return f"{root}/bot", f"{root}/file/bot"


def build_application(token: str, session: Session, *, api_url: str | None = None,
                      state_path: Path | None = None, state: StateStore | None = None, proxy: str | None = None,
                      chat_limiter: ChatLimiter | SharedChatLimiter | None = None,
                      rate_limiter: BaseRateLimiter | None = None) -> Application:
    """The bot, ready for `serve`; every chat's conversation, and the count of its questions, is kept
    in `state` (a shared state store) if given, else in the pickle file `state_path` (and in memory);
    `proxy` (http://, socks5://) is the way to the Bot API."""
    answering = AnsweringThread("telegram-engine")

    async def stop_answering(app: Application) -> None:  # run by `serve` after the last update
        await asyncio.to_thread(answering.close)

    builder = Application.builder().token(token).rate_limiter(rate_limiter or RetryingRateLimiter())
    builder = builder.post_shutdown(stop_answering)
    if api_url:
        base, files = api_base_urls(api_url)
        builder = builder.base_url(base).base_file_url(files)
    if proxy:
        builder = builder.proxy(proxy).get_updates_proxy(proxy)
    if state_path and state is None:
        state_path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        tighten(state_path)  # chats' conversations: 0600 (a new file is, under run's umask)
        readable_pickle(state_path)
        store = PersistenceInput(bot_data=False, user_data=False, callback_data=False)
        builder = builder.persistence(PicklePersistence(state_path, store_data=store, update_interval=10))
    app = builder.build()
    limiter = chat_limiter if chat_limiter is not None else SharedChatLimiter(state) if state else ChatLimiter()
    h = Handlers(session, limiter, ChatMemory(answering, state))
    app.add_handler(CommandHandler("start", h.start))
    app.add_handler(CommandHandler("help", h.help))
    app.add_handler(CommandHandler("about", h.about))
    app.add_handler(CommandHandler("reset", h.reset))
    app.add_handler(MessageHandler(filters.COMMAND & filters.ChatType.PRIVATE, h.unknown_command))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, h.message))
    app.add_handler(CallbackQueryHandler(h.button))
    app.add_error_handler(h.error)
    return app


async def serve(app: Application, stop: asyncio.Event, *, webhook: Webhook | None = None,
                poll_timeout: int = 30) -> None:
    """Set the command menu, take updates (long polling, or the webhook) until `stop` is set; shut down."""
    try:
        async with app:
            await app.bot.set_my_commands([BotCommand(name, text) for name, text in views.COMMANDS])
            if webhook:
                await app.updater.start_webhook(
                    listen=webhook.listen, port=webhook.port, url_path=urlparse(webhook.url).path.lstrip("/"),
                    webhook_url=webhook.url, secret_token=webhook.secret or None, allowed_updates=ALLOWED_UPDATES,
                    bootstrap_retries=5,
                )
            else:
                await app.updater.start_polling(timeout=poll_timeout, allowed_updates=ALLOWED_UPDATES,
                                                bootstrap_retries=5)
            await app.start()
            log.info("budgetbot telegram is running (%s)", "webhook" if webhook else "long polling")
            await stop.wait()
            await app.updater.stop()
            await app.stop()
    finally:
        if app.post_shutdown:  # as run_polling does
            await app.post_shutdown(app)


def run(*, token: str, db_path: Path, api_url: str | None = None, webhook_url: str | None = None,
        listen: str = "127.0.0.1", port: int = 8443, state_path: Path | None = None, proxy: str | None = None,
        state_url: str | None = None) -> None:
    """Run the bot until SIGINT or SIGTERM; a new knowledge base file (or SIGHUP) is picked up as it runs.
    With `state_url`, conversations live in that shared store, which must answer at start. A failure to
    start is one line (StartupError) that never holds the token, whatever the Bot API answered."""
    os.umask(0o077)  # the chats' state file is the bot's alone
    configure_logging(token)
    path = check_knowledge_base(db_path)
    state = open_state(check_state_store(state_url, "conversation state")) if state_url else None
    session, reloader = watched_session(path, misses=MissLog(settings.misses_path()))
    if webhook_url:
        check_port(listen, port)
    app = build_application(token, session, api_url=api_url, proxy=proxy, state=state,
                            state_path=state_path or settings.telegram_state_path())
    # a fresh secret each start: setWebhook tells Telegram, which sends it back with every update
    webhook = Webhook(webhook_url, listen, port, secrets.token_urlsafe(32)) if webhook_url else None
    try:
        asyncio.run(_until_signalled(app, webhook, reloader))
    except Exception as e:
        log.debug("the bot stopped", exc_info=True)  # redacted, and shown only at DEBUG
        shown = redact(api_url or "https://api.telegram.org")  # nor the password of a URL
        raise StartupError(redact_token(token).redact(failure(e, shown))) from None
    finally:
        if state:
            state.close()


def failure(e: Exception, api_url: str) -> str:
    """What went wrong talking to the Bot API, in one line (the token is redacted by the caller)."""
    if isinstance(e, InvalidToken):
        return (f"the Bot API at {api_url} refused the token: check TELEGRAM_BOT_TOKEN with @BotFather "
                "(and that --api-url is a Bot API server)")
    if isinstance(e, NetworkError) and not isinstance(e, BadRequest):
        return f"could not talk to the Bot API at {api_url} ({type(e).__name__}: {e})"
    if isinstance(e, TelegramError):
        return f"the Bot API at {api_url} answered: {e}"
    if isinstance(e, OSError):
        return f"the bot stopped: {e.strerror or e}"
    return f"the Bot API at {api_url} answered something that is not the Bot API's ({type(e).__name__})"


async def _until_signalled(app: Application, webhook: Webhook | None, reloader: EngineReloader) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    async with reloader.running():
        await serve(app, stop, webhook=webhook)
