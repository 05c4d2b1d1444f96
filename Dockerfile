# budgetbot's web API and widget (`budgetbot serve`), one container per machine or replica.
#   docker build -t budgetbot .
#   docker run -p 8000:8000 budgetbot                                       # bundled knowledge base, SQLite state
#   docker run -p 8000:8000 -e BUDGETBOT_STATE=redis://redis.internal:6379/0 budgetbot   # state shared in Redis
# compose.yaml runs two replicas beside Redis, with the knowledge base mounted read-only.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# a system user without a login; conversations, when kept in SQLite, and the misses log go to its state directory
RUN useradd --system --uid 10001 --user-group --home-dir /var/lib/budgetbot --create-home budgetbot

WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY nlu ./nlu
COPY knowledge ./knowledge
# the bundled knowledge base and the lexicon; data/ is read from beside the sources, hence the editable install
COPY data/budgetbot.db data/wechat_menu.toml data/knowledge_base.toml ./data/
COPY data/lexicon ./data/lexicon
COPY data/classification ./data/classification
COPY data/profiles ./data/profiles
RUN pip install -e . && python -m compileall -q bot nlu knowledge

USER budgetbot
ENV XDG_STATE_HOME=/var/lib/budgetbot/state \
    BUDGETBOT_DB=/app/data/budgetbot.db
EXPOSE 8000
STOPSIGNAL SIGTERM

HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]

CMD ["budgetbot", "serve", "--host", "0.0.0.0", "--port", "8000", "--workers", "2"]
