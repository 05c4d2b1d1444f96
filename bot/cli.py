"""The `budgetbot` command: thin wrappers around the library, errors turned into one-line messages."""

from __future__ import annotations

import os
import sys

import click

from . import settings

DB_OPTION = click.option("--db", "db", type=click.Path(dir_okay=False), help="knowledge base file")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """budgetbot: exact answers about Chinese government budget disclosures."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@DB_OPTION
@click.option("--workers", type=int, default=None, help="files read in parallel (default: cores)")
@click.option("--replace", is_flag=True, help="replace stored documents even by a poorer reading")
def ingest(paths: tuple[str, ...], db: str | None, workers: int | None, replace: bool) -> None:
    """Read disclosures (PDF or text) into the knowledge base.

    A document already stored is replaced only by a reading with no fewer tables and facts,
    unless --replace is given. Example: budgetbot ingest data/disclosures/*.pdf --db my.db
    """
    from rich.markup import escape

    from knowledge.ingest import ingest as run_ingest
    from knowledge.store import open_db

    from .show import err_console, ingest_progress, ingest_summary

    database = open_db(settings.db_path(db))
    workers = workers or min(len(paths), os.cpu_count() or 1)
    with ingest_progress(len(paths)) as advance:

        def report(outcome) -> None:  # what storing did, and the parts left out
            advance(outcome)
            notes = [(outcome.stored, outcome.note)] if outcome.note else []
            for label, text in notes + [("skipped", part) for part in outcome.skipped]:
                err_console.print(f"[yellow]{label}[/yellow] {escape(outcome.path)}: {escape(text)}",
                                  highlight=False, soft_wrap=True)

        outcomes = run_ingest(database, paths, workers=workers, replace_existing=replace, on_outcome=report)
    ingest_summary(outcomes)
    failed = [o for o in outcomes if o.error]
    if failed:
        sys.exit(1)


@main.command()
@click.argument("table", required=False)
@DB_OPTION
@click.option("--department", "-d", help="department (a part of its name is enough)")
@click.option("--year", "-y", type=int)
def show(table: str | None, db: str | None, department: str | None, year: int | None) -> None:
    """Print a table of a document, or list documents and their tables.

    Examples: budgetbot show ; budgetbot show 7 ; budgetbot show 三公 -d 信访局
    """
    from .show import show_documents, show_table

    database = _open_readonly(db)
    if table is None:
        show_documents(database)
    else:
        try:
            show_table(database, table, department=department, year=year)
        except LookupError as e:
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

    engine = _engine(db)
    print_reply(engine.answer(question), as_json=as_json)


@main.command()
@DB_OPTION
@click.option("--json", "as_json", is_flag=True, help="one JSON reply line per input line")
def chat(db: str | None, as_json: bool) -> None:
    """A conversation on stdin/stdout; the line /reset starts a new one.

    Example: budgetbot chat   (then type 三公经费是多少, then 其中公务接待费呢)
    """
    from .chat import run_chat

    run_chat(_engine(db), as_json=as_json)


@main.command()
@click.option("--limit", "-n", default=20, show_default=True)
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
def check(path: str | None, db: str | None) -> None:
    """Report where a disclosure contradicts itself (a file, or every document of the knowledge base).

    Examples: budgetbot check data/disclosures/wuxi_tongjiju_2026_yusuan.pdf ; budgetbot check --db my.db
    """
    from .check_report import run_check

    sys.exit(run_check(path=path, db_path=None if path else settings.db_path(db)))


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=1, show_default=True, type=int)
@DB_OPTION
def serve(host: str, port: int, workers: int, db: str | None) -> None:
    """Serve the HTTP API, the demo page and the chat widget.

    Example: budgetbot serve --port 8000  (then open http://127.0.0.1:8000/)
    """
    from .web import run

    run(host=host, port=port, workers=workers, db_path=settings.db_path(db))


@main.command()
@DB_OPTION
@click.option("--api-url", help="Bot API server base URL (default: Telegram's)")
@click.option("--webhook-url", help="serve a webhook at this public HTTPS URL instead of long polling")
@click.option("--listen", default="127.0.0.1", show_default=True, help="webhook: address to listen on")
@click.option("--port", default=8443, show_default=True, type=int, help="webhook: port to listen on")
def telegram(db: str | None, api_url: str | None, webhook_url: str | None, listen: str, port: int) -> None:
    """Run the Telegram bot (token from TELEGRAM_BOT_TOKEN).

    Example: TELEGRAM_BOT_TOKEN=123456789:AA... budgetbot telegram  (token from @BotFather)
    """
    from .telegram_bot import run

    try:
        token = settings.telegram_token()
    except settings.MissingSetting as e:
        raise click.ClickException(str(e)) from None
    run(token=token, db_path=settings.db_path(db), api_url=api_url, webhook_url=webhook_url,
        listen=listen, port=port)


def _engine(db: str | None):
    from .engine import Engine
    from .misses import MissLog

    path = settings.db_path(db)
    if not path.exists():
        raise click.ClickException(f"{path}: no knowledge base there; run `budgetbot ingest` first")
    return Engine(path, misses=MissLog(settings.misses_path()))


def _open_readonly(db: str | None):
    from knowledge.store import open_db

    path = settings.db_path(db)
    try:
        return open_db(path, readonly=True)
    except FileNotFoundError:
        raise click.ClickException(f"{path}: no knowledge base there; run `budgetbot ingest` first") from None


if __name__ == "__main__":
    main()
