"""The shared state store for several machines: a Redis (or Valkey) server, through redis-py.

Every key starts with `budgetbot:`, and every key expires by itself (a conversation 30 idle minutes
after its last question, a rate-limit window a minute after its last request), so the server needs
no cleaning and may be one the site already runs, with `maxmemory-policy volatile-lru` or without.
Time for the rate limit is the Redis server's own clock, so machines whose clocks drift apart still
count one window.

A dropped connection is retried once at once (redis-py's Retry); a server that stays away makes the
store degraded (see `bot.frontends.state`), and the connection pool connects anew on the next attempt.
"""

from __future__ import annotations

import math
import secrets

import redis
from redis.backoff import ExponentialBackoff
from redis.exceptions import AuthenticationError, ConnectionError, RedisError
from redis.retry import Retry

from .state import SESSION_TTL, WINDOW, StateStore, StateUnavailable, redact

PREFIX = "budgetbot:"
# The sliding window as a sorted set of the client's let-through requests, scored by time: drop those
# older than the window; let this one in if fewer than `limit` remain, else say when a place frees up.
# Numbers go back as strings: Redis would cut a Lua number to an integer.
SLIDING_WINDOW = """
local limit, window, member = tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3]
local now = tonumber(ARGV[4])
if not now then
  local t = redis.call('TIME')
  now = tonumber(t[1]) + tonumber(t[2]) / 1000000
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
if count < limit then
  redis.call('ZADD', KEYS[1], now, member)
  redis.call('PEXPIRE', KEYS[1], math.ceil(window * 1000))
  return '0'
end
local frees = redis.call('ZRANGE', KEYS[1], count - limit, count - limit, 'WITHSCORES')
return tostring(tonumber(frees[2]) + window - now)
"""
PENDING, DONE = "0", "1"  # a WeChat message being answered; answered, the reply follows the mark


class RedisState(StateStore):
    """One connection pool per worker process to the Redis server at `url`."""

    kind = "redis"
    failures = (RedisError,)  # unreachable, timed out, still loading its data, a read-only replica, …

    def __init__(self, url: str, *, check: bool = True, session_ttl: float = SESSION_TTL,
                 window: float = WINDOW, timeout: float = 1.0, connect_timeout: float = 0.5) -> None:
        super().__init__(session_ttl=session_ttl, window=window)
        self.url = redact(url)
        try:
            self.client = redis.Redis.from_url(
                url, decode_responses=True, socket_timeout=timeout, socket_connect_timeout=connect_timeout,
                retry=Retry(ExponentialBackoff(cap=0.2, base=0.05), 1),
                # a dropped connection is tried again at once; a server that stopped answering is not
                # waited for twice (a second timeout would hold the worker's other questions too)
                retry_on_error=[ConnectionError], health_check_interval=15,
                client_name="budgetbot",
            )
        except ValueError as e:  # a malformed URL: a bad port, an unknown option, …
            raise StateUnavailable(f"{self.url}: not a usable Redis URL ({e})") from None
        self.window_script = self.client.register_script(SLIDING_WINDOW)
        if check:
            try:
                self.client.ping()
            except AuthenticationError as e:
                raise StateUnavailable(f"{self.url}: the Redis server refuses the user or password of the URL "
                                       f"({_why(e)})") from None
            except RedisError as e:
                raise StateUnavailable(f"{self.url}: the Redis server does not answer ({_why(e)})") from None

    def _get(self, key: str, now: float) -> str | None:
        return self.client.get(PREFIX + key)

    def _put(self, key: str, text: str, ttl: float, now: float) -> None:
        self.client.set(PREFIX + key, text, px=_ms(ttl))

    def _hit(self, client: str, limit: int, window: float, now: float | None) -> float:
        member = f"{now or 0:.6f}:{secrets.token_hex(6)}"
        args = [limit, window, member] + ([] if now is None else [repr(now)])
        wait = float(self.window_script(keys=[f"{PREFIX}rate:{client}"], args=args))
        return max(wait, 0.001) if wait > 0 else 0.0

    def _claim(self, key: str, pending_ttl: float, now: float) -> tuple[bool, str | None]:
        if self.client.set(f"{PREFIX}wechat:{key}", PENDING, nx=True, px=_ms(pending_ttl)):
            return True, None
        return False, self._stored(key, now)

    def _remember(self, key: str, reply: str, ttl: float, now: float) -> None:
        self.client.set(f"{PREFIX}wechat:{key}", DONE + reply, px=_ms(ttl))

    def _stored(self, key: str, now: float) -> str | None:
        value = self.client.get(f"{PREFIX}wechat:{key}")
        return value[1:] if value and value.startswith(DONE) else None

    def _ping(self) -> None:
        self.client.ping()

    def close(self) -> None:
        self.client.close()


def _ms(seconds: float) -> int:
    return max(1, math.ceil(seconds * 1000))


def _why(error: RedisError) -> str:
    """The cause in a few words, without the URL's password (redis-py's messages hold no password)."""
    text = str(error).strip().rstrip(".")
    return text.split("\n")[0] or type(error).__name__
