"""The deployment files, read as Docker, Compose and systemd would read them (no container runtime
here): the commands they run exist and take those options, the files they copy exist, and the
sources as the image holds them answer a question."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path, PurePosixPath

import click
import yaml

from bot.frontends.cli import main

ROOT = Path(__file__).resolve().parent.parent


def dockerfile() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of the Dockerfile, continuation lines joined, comments dropped."""
    text = re.sub(r"\\\n\s*", " ", (ROOT / "Dockerfile").read_text())
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1]) for line in lines]


def budgetbot_command(argv: list[str]) -> click.Context:
    """`budgetbot SUBCOMMAND OPTIONS…` parsed as the CLI parses it (an unknown option is an error)."""
    assert argv[0] in ("budgetbot", "/opt/budgetbot/bin/budgetbot"), argv
    command = main.get_command(click.Context(main), argv[1])
    assert command is not None, f"no command budgetbot {argv[1]}"
    return command.make_context(argv[1], argv[2:])


def test_the_image_is_slim_runs_as_a_user_and_serves_with_a_health_check():
    steps = dockerfile()
    kinds = [kind for kind, _ in steps]
    assert re.fullmatch(r"python:3\.1[1-9]-slim", dict(steps)["FROM"])
    user = dict(steps)["USER"]
    assert user not in ("root", "0") and kinds.index("USER") < kinds.index("CMD")
    cmd = json.loads(dict(steps)["CMD"])
    serve = budgetbot_command(cmd)
    assert serve.info_name == "serve" and serve.params["host"] == "0.0.0.0"
    health = dict(steps)["HEALTHCHECK"]
    assert f"http://127.0.0.1:{serve.params['port']}/healthz" in health
    assert str(serve.params["port"]) in dict(steps)["EXPOSE"]
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts["budgetbot"] == "bot.frontends.cli:main"


def copied() -> list[tuple[Path, PurePosixPath]]:
    """(source in the repository, destination in the image) of every COPY."""
    workdir, pairs = PurePosixPath("/"), []
    for kind, args in dockerfile():
        if kind == "WORKDIR":
            workdir = workdir / args
        if kind == "COPY":
            *sources, dest = args.split()
            target = workdir / dest
            for source in sources:
                pairs.append((ROOT / source, target / Path(source).name if dest.endswith("/") else target))
    return pairs


def test_the_files_the_image_copies_exist_and_are_not_ignored():
    ignored = [line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines() if line.strip()]
    for source, _ in copied():
        assert source.exists(), f"the Dockerfile copies {source.relative_to(ROOT)}, which is not there"
        relative = source.relative_to(ROOT).as_posix()
        assert not any(relative == i or relative.startswith(i.rstrip("/") + "/") for i in ignored), relative


def test_the_sources_as_the_image_holds_them_answer(tmp_path):
    app = tmp_path / "app"
    for source, dest in copied():
        target = app / dest.relative_to("/app")
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    env = {**os.environ, "PYTHONPATH": str(app), "BUDGETBOT_DB": str(app / "data/budgetbot.db"),
           "BUDGETBOT_MISSES": str(tmp_path / "misses.sqlite")}
    result = subprocess.run([sys.executable, "-m", "bot", "ask", "三公经费是多少"], cwd=app, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "3.93万元" in result.stdout  # the disclosure: “三公”经费预算数为 3.93 万元
    # an operator ingests into the image's copy as well: the reader's code lists and profiles are there
    db = tmp_path / "new.db"
    founding = ROOT / "data" / "disclosures" / "changsha_12345rexian_2024_yusuan.txt"
    result = subprocess.run([sys.executable, "-m", "bot", "ingest", str(founding), "--db", str(db)], cwd=app,
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "长沙市12345政务热线中心 2024 预算: 10 tables" in result.stdout


def test_compose_runs_two_replicas_on_redis_with_the_knowledge_base_read_only():
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    services = compose["services"]
    assert re.match(r"(redis|valkey/valkey):", services["redis"]["image"])
    web = services["web"]
    assert web["build"] == "." and (ROOT / "Dockerfile").exists()
    assert web["deploy"]["replicas"] == 2
    assert web["depends_on"]["redis"]["condition"] == "service_healthy"
    serve = budgetbot_command(web["command"])
    assert serve.info_name == "serve"
    assert serve.params["state"].startswith("redis://redis:6379/")
    [volume] = web["volumes"]
    assert volume["read_only"] is True
    assert PurePosixPath(serve.params["db"]).parent == PurePosixPath(volume["target"])
    default_source = re.fullmatch(r"\$\{KB_DIR:-(.+)\}", volume["source"]).group(1)
    assert (ROOT / default_source / PurePosixPath(serve.params["db"]).name).exists()


def test_the_systemd_unit_in_the_readme_runs_a_command_that_exists():
    readme = (ROOT / "README.md").read_text()
    [unit] = [block for block in re.findall(r"```ini\n(.*?)```", readme, re.S) if "[Service]" in block]
    pairs = [line.split("=", 1) for line in unit.splitlines() if "=" in line and not line.startswith("#")]
    fields = dict(pairs)
    serve = budgetbot_command(shlex.split(fields["ExecStart"]))
    assert serve.info_name == "serve"
    assert fields["ExecReload"] == "/bin/kill -HUP $MAINPID"  # the knowledge base anew, no request dropped
    assert fields["User"] != "root" and "Restart" in fields
    environment = dict(e.split("=", 1) for key, value in pairs if key == "Environment" for e in shlex.split(value))
    assert environment["BUDGETBOT_STATE"].startswith("redis://")
