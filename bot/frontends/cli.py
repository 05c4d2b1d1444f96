"""The `budgetbot` command: thin wrappers around the library, errors turned into one-line messages."""

from __future__ import annotations

import os
import sys

import click

from .. import settings

PORT = click.IntRange(1, 65535)  # a TCP port: --port 99999 is refused, not wrapped round
DB_OPTION = click.option("--db", "db", type=click.Path(dir_okay=False), help="knowledge base file")
STATE_OPTION = click.option("--state", "state", metavar="URL",
                            help="shared state store: sqlite:///path or redis://host:6379/0 (or BUDGETBOT_STATE)")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="budgetbot", prog_name="budgetbot", message="%(prog)s %(version)s")
def main() -> None:
    """budgetbot: exact answers about Chinese government budget disclosures."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@DB_OPTION
@click.option("--jobs", "-j", "--workers", "jobs", type=click.IntRange(min=1), default=None,
              help="files read in parallel (default: cores)")
@click.option("--reread", is_flag=True, help="read files again that the knowledge base already holds")
@click.option("--replace", is_flag=True, help="read again and replace stored documents even by a poorer reading")
@click.option("--verbose", "-v", is_flag=True,
              help="log the reader's details to stderr: parts left out and why, a reader failure's traceback")
def ingest(paths: tuple[str, ...], db: str | None, jobs: int | None, reread: bool, replace: bool,
           verbose: bool) -> None:
    """Read disclosures (PDF or text) into the knowledge base.

    A file already stored (same sha256) is not read again, so a batch interrupted half-way and run
    again reads only what is missing. A document already stored is replaced only by a reading with
    no fewer tables and facts, unless --replace is given.

    Example: budgetbot ingest data/disclosures/*.pdf --db my.db --jobs 2
    """
    from rich.markup import escape

    from knowledge.ingest import ingest as run_ingest
    from knowledge.store import open_db

    from ..core.naming import NAMING, refresh_index
    from .logs import reader_log
    from .show import err_console, ingest_progress, ingest_summary

    path = settings.db_path(db)
    made_now = not path.exists()
    database = open_db(path)
    refresh_index(database.conn)  # a knowledge base made before the index, or with other naming rules
    jobs = jobs or min(len(paths), os.cpu_count() or 1)
    with reader_log(verbose), ingest_progress(len(paths)) as advance:

        def report(outcome) -> None:  # what storing did (replaced…, not stored…), and the parts left out
            advance(outcome)
            path = escape(outcome.shown_path)
            lines = [f"[yellow]{path}[/yellow]: {escape(outcome.note)}"] if outcome.note else []
            lines += [f"[yellow]skipped[/yellow] {path}: {escape(part)}" for part in outcome.skipped]
            for line in lines:
                err_console.print(line, highlight=False, soft_wrap=True)

        outcomes = run_ingest(database, paths, workers=jobs, on_outcome=report, naming=NAMING,
                              skip_stored=not (reread or replace), replace_existing=replace)
    ingest_summary(outcomes)
    failed = [o for o in outcomes if o.error]
    if made_now and len(failed) == len(outcomes):  # nothing went in: no empty knowledge base left behind
        database.conn.close()
        for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            leftover.unlink(missing_ok=True)
    if failed:
        sys.exit(1)


@main.command()
@click.argument("table", required=False)
@DB_OPTION
@click.option("--department", "-d", help="department (a part of its name is enough); default: chat's")
@click.option("--year", "-y", type=int)
@click.option("--csv", "fmt", flag_value="csv", help="output CSV, as sqlite-utils rows --csv")
@click.option("--tsv", "fmt", flag_value="tsv", help="output TSV")
@click.option("--json", "fmt", flag_value="json", help="output a JSON array of objects")
@click.option("--nl", "fmt", flag_value="nl", help="output one JSON object a line")
def show(table: str | None, db: str | None, department: str | None, year: int | None, fmt: str | None) -> None:
    """Print a table of a document (by number, a word of its title, or a row's code), or list documents
    and their tables. Without -d, the department chat answers for.

    Examples: budgetbot show ; budgetbot show 7 ; budgetbot show 三公 -d 广州市信访局 ; budgetbot show 30201 --csv
    """
    from .pick import NotFound
    from .show import run_show

    try:
        department = _argument_text(department) if department else None
        table = _argument_text(table) if table else None
        sys.exit(run_show(_open_readonly(db), table, department=department, year=year, fmt=fmt))
    except NotFound as e:
        raise click.ClickException(str(e)) from None


@main.command()
@click.argument("question")
@DB_OPTION
@click.option("--json", "as_json", is_flag=True, help="print the reply object as JSON")
def ask(question: str, db: str | None, as_json: bool) -> None:
    """Answer one question.

    Example: budgetbot ask "热线中心的三公经费是多少？"
    """
    from .chat import print_reply
    from .session import MemoryConversation

    # one question: no conversation follows, so no follow-ups are offered
    print_reply(_session(db).ask(MemoryConversation(), _argument_text(question)), as_json=as_json, suggest=False)


@main.command()
@DB_OPTION
@click.option("--json", "as_json", is_flag=True, help="one JSON reply line per input line")
def chat(db: str | None, as_json: bool) -> None:
    """A conversation on stdin/stdout; the line /reset starts a new one.

    Example: budgetbot chat   (then type 三公经费是多少, then 其中公务接待费呢)
    """
    from .chat import run_chat

    run_chat(_session(db), as_json=as_json)


@main.command()
@click.option("--limit", "-n", default=20, show_default=True, type=click.IntRange(min=1))
def misses(limit: int) -> None:
    """List the questions the bot could not answer well, most frequent first.

    Example: budgetbot misses -n 10
    """
    from .chat import print_misses
    from .misses import MissLog

    print_misses(MissLog(settings.misses_path()).most_frequent(limit))


@main.command()
@click.argument("path", required=False, type=click.Path())
@DB_OPTION
@click.option("--json", "as_json", is_flag=True, help="print the findings as one JSON object")
def check(path: str | None, db: str | None, as_json: bool) -> None:
    """Report where a disclosure contradicts itself (a file, or every document of the knowledge base).

    Exit code 0: no findings, 1: findings, 2: the file or knowledge base cannot be read.

    Examples: budgetbot check data/disclosures/wuxi_tongjiju_2026_yusuan.pdf ; budgetbot check --db my.db --json
    """
    from .check_report import run_check

    sys.exit(run_check(path=path, db_path=None if path else settings.db_path(db), as_json=as_json))


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=PORT)
@click.option("--workers", default=1, show_default=True, type=click.IntRange(min=1))
@DB_OPTION
@STATE_OPTION
def serve(host: str, port: int, workers: int, db: str | None, state: str | None) -> None:
    """Serve the HTTP API, the demo page and the chat widget.

    Example: budgetbot serve --port 8000  (then open http://127.0.0.1:8000/)
    Several machines: budgetbot serve --state redis://redis.internal:6379/0
    """
    from .startup import StartupError
    from .web import run

    try:
        run(host=host, port=port, workers=workers, db_path=settings.db_path(db), state_url=state)
    except StartupError as e:
        raise click.ClickException(str(e)) from None


@main.command()
@DB_OPTION
@click.option("--api-url", help="Bot API server base URL (default: Telegram's)")
@click.option("--webhook-url", help="serve a webhook at this public HTTPS URL instead of long polling")
@click.option("--listen", default="127.0.0.1", show_default=True, help="webhook: address to listen on")
@click.option("--port", default=8443, show_default=True, type=PORT, help="webhook: port to listen on")
@click.option("--proxy", metavar="URL", help="reach the Bot API through this http:// or socks5:// proxy "
              "(or HTTPS_PROXY)")
@STATE_OPTION
def telegram(db: str | None, api_url: str | None, webhook_url: str | None, listen: str, port: int,
             proxy: str | None, state: str | None) -> None:
    """Run the Telegram bot (token from TELEGRAM_BOT_TOKEN).

    Example: TELEGRAM_BOT_TOKEN=123456789:AA... budgetbot telegram  (token from @BotFather)
    """
    from .startup import StartupError
    from .telegram_bot import run

    try:
        run(token=settings.telegram_token(), db_path=settings.db_path(db), api_url=api_url,
            webhook_url=webhook_url, listen=listen, port=port, proxy=settings.telegram_proxy(proxy),
            state_url=settings.state_url(state))
    except (settings.SettingError, StartupError) as e:
        raise click.ClickException(str(e)) from None


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="address to listen on (behind an HTTPS proxy)")
@click.option("--port", default=8080, show_default=True, type=PORT)
@click.option("--workers", default=1, show_default=True, type=click.IntRange(min=1))
@DB_OPTION
@STATE_OPTION
def wechat(host: str, port: int, workers: int, db: str | None, state: str | None) -> None:
    """Serve a WeChat 公众号's messages at /wechat (WECHAT_TOKEN; WECHAT_APPID, WECHAT_AES_KEY for 安全模式).

    Example: WECHAT_TOKEN=... budgetbot wechat --port 8080  (URL in 服务器配置: https://your.host/wechat)
    """
    from .startup import StartupError
    from .wechat import run

    try:
        run(host=host, port=port, workers=workers, db_path=settings.db_path(db), state_url=state)
    except (settings.SettingError, StartupError) as e:
        raise click.ClickException(str(e)) from None


@main.command()
@DB_OPTION
@click.option("--host", default="127.0.0.1", show_default=True, help="address to listen on")
@click.option("--port", default=8001, show_default=True, type=PORT)
def browse(db: str | None, host: str, port: int) -> None:
    """Browse the knowledge base in Datasette, with descriptions of every table and column
    (needs the browse extra: pip install -e '.[browse]' in the checkout).

    Example: budgetbot browse --port 8001  (then open http://127.0.0.1:8001/)
    """
    from .browse import BrowseUnavailable, run

    path = settings.db_path(db)
    if not path.exists():
        raise click.ClickException(f"{path}: no knowledge base there; run `budgetbot ingest` first")
    try:
        run(path, host=host, port=port)
    except BrowseUnavailable as e:
        raise click.ClickException(str(e)) from None


def _argument_text(text: str) -> str:
    """A command-line argument as UTF-8 text: bytes that are not UTF-8 (kept by Python as lone
    surrogates) become U+FFFD."""
    try:
        return os.fsencode(text).decode("utf-8", errors="replace")
    except UnicodeError:
        return text  # lone surrogates not from the command line: Session.ask makes them U+FFFD


def _session(db: str | None):
    from ..core.engine import Engine
    from .misses import MissLog
    from .session import Session
    from .startup import StartupError, check_knowledge_base

    try:
        path = check_knowledge_base(settings.db_path(db))  # missing, unreadable, not ours: one line
    except StartupError as e:
        raise click.ClickException(str(e)) from None
    return Session(Engine(path), misses=MissLog(settings.misses_path()))


def _open_readonly(db: str | None):
    from knowledge.store import open_db

    path = settings.db_path(db)
    try:
        return open_db(path, readonly=True)
    except FileNotFoundError:
        raise click.ClickException(f"{path}: no knowledge base there; run `budgetbot ingest` first") from None


if __name__ == "__main__":
    main()
