"""A Bot API server on loopback for the Telegram tests: it records what the bot sends, hands out
queued updates through long polling, and can fail a method on demand (429, 502, dropped connection).

It speaks plain HTTP/1.1 with keep-alive over asyncio streams, so a fault can be as rough as closing
the connection without an answer.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections import defaultdict
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any
from urllib.parse import parse_qsl

BOT = {"id": 7000001, "is_bot": True, "first_name": "预算问答", "username": "budget_test_bot",
       "can_join_groups": True, "can_read_all_group_messages": False, "supports_inline_queries": False}
USER = {"id": 4242, "is_bot": False, "first_name": "市民"}
# sent as they are; every other parameter is JSON (PTB's RequestData.json_parameters)
RAW_PARAMS = {"text", "caption", "callback_query_id", "url", "secret_token", "filename"}


@dataclass(frozen=True)
class Call:
    method: str
    params: dict[str, Any]
    files: dict[str, bytes] = field(default_factory=dict)


class FakeBotApi:
    """Use as `async with FakeBotApi(token) as api:`; the bot's --api-url is `api.url`."""

    def __init__(self, token: str) -> None:
        self.token = token
        self.calls: list[Call] = []
        self.faults: dict[str, list[str]] = defaultdict(list)  # method -> ["429", "502", "drop", ...]
        self.failed: list[tuple[str, str]] = []
        self.updates: list[dict] = []
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(500)
        self._changed = asyncio.Event()
        self._tasks: set[asyncio.Task] = set()

    async def __aenter__(self) -> FakeBotApi:
        self._server = await asyncio.start_server(self._connection, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc) -> None:
        self._server.close()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self._server.wait_closed()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def push(self, update: dict) -> dict:
        """Queue an update for getUpdates; returns it with its update_id."""
        update = {"update_id": next(self._update_ids), **update}
        self.updates.append(update)
        self._notify()
        return update

    def sent(self, *methods: str) -> list[Call]:
        methods = methods or ("sendMessage", "sendPhoto")
        return [c for c in self.calls if c.method in methods]

    async def wait_sent(self, count: int, *methods: str, timeout: float = 10.0) -> list[Call]:
        """Wait until `count` calls of `methods` (default: messages and photos) have arrived."""
        deadline = time.monotonic() + timeout
        while len(self.sent(*methods)) < count:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"expected {count} {methods or 'messages'}, got {self.sent(*methods)}")
            await self._wait_change(remaining)
        return self.sent(*methods)

    async def wait_consumed(self, timeout: float = 10.0) -> None:
        """Wait until the bot has confirmed every queued update (polled past it)."""
        deadline = time.monotonic() + timeout
        while self.updates:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"updates never consumed: {self.updates}")
            await self._wait_change(remaining)

    def _notify(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    async def _wait_change(self, timeout: float) -> None:
        try:
            await asyncio.wait_for(self._changed.wait(), timeout)
        except TimeoutError:
            pass

    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        self._tasks.add(task)
        try:
            while request := await _read_request(reader):
                path, headers, body = request
                answer = await self._answer(path, headers, body)
                if answer is None:
                    return  # drop the connection without a response
                status, payload = answer
                try:
                    data = json.dumps(payload, ensure_ascii=False).encode()
                except UnicodeEncodeError:  # a lone surrogate: escaped (\\ud800), as a real Bot API sends it
                    data = json.dumps(payload).encode()
                writer.write(f"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\n"
                             f"Content-Length: {len(data)}\r\n\r\n".encode() + data)
                await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            self._tasks.discard(task)
            writer.close()

    async def _answer(self, path: str, headers: dict[str, str], body: bytes) -> tuple[int, dict] | None:
        prefix = f"/bot{self.token}/"
        if not path.startswith(prefix):
            return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
        method = path[len(prefix):]
        if self.faults[method]:
            fault = self.faults[method].pop(0)
            self.failed.append((method, fault))
            self._notify()
            if fault == "drop":
                return None
            if fault == "429":
                return 429, {"ok": False, "error_code": 429, "description": "Too Many Requests: retry after 1",
                             "parameters": {"retry_after": 1}}
            return int(fault), {"ok": False, "error_code": int(fault), "description": "Bad Gateway"}
        params, files = _decode(headers.get("content-type", ""), body)
        if method == "getUpdates":
            return 200, {"ok": True, "result": await self._get_updates(params)}
        self.calls.append(Call(method, params, files))
        self._notify()
        return 200, {"ok": True, "result": self._result(method, params)}

    async def _get_updates(self, params: dict) -> list[dict]:
        offset = int(params.get("offset") or 0)
        self.updates = [u for u in self.updates if u["update_id"] >= offset]
        self._notify()
        deadline = time.monotonic() + min(float(params.get("timeout") or 0), 2.0)
        while not self.updates and time.monotonic() < deadline:
            await self._wait_change(deadline - time.monotonic())
        return list(self.updates)

    def _result(self, method: str, params: dict) -> Any:
        if method == "getMe":
            return BOT
        if method in ("sendMessage", "sendPhoto"):
            message = {"message_id": next(self._message_ids), "date": int(time.time()), "from": BOT,
                       "chat": {"id": params["chat_id"], "type": "private" if params["chat_id"] > 0 else "group",
                                "title": "群"}}
            if method == "sendMessage":
                return {**message, "text": params["text"]}
            return {**message, "caption": params.get("caption", ""),
                    "photo": [{"file_id": "photo1", "file_unique_id": "u1", "width": 770, "height": 495}]}
        return True


async def _read_request(reader: asyncio.StreamReader) -> tuple[str, dict[str, str], bytes] | None:
    line = await reader.readline()
    if not line.strip():
        return None
    _, path, _ = line.decode().split(" ", 2)
    headers = {}
    while (header := await reader.readline()) not in (b"\r\n", b"\n", b""):
        name, _, value = header.decode().partition(":")
        headers[name.strip().lower()] = value.strip()
    body = await reader.readexactly(int(headers.get("content-length", 0)))
    return path, headers, body


def _decode(content_type: str, body: bytes) -> tuple[dict[str, Any], dict[str, bytes]]:
    raw: dict[str, str] = {}
    files: dict[str, bytes] = {}
    if content_type.startswith("multipart/form-data"):
        message = BytesParser(policy=HTTP).parsebytes(f"Content-Type: {content_type}\r\n\r\n".encode() + body)
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            payload = part.get_payload(decode=True)
            if part.get_filename():
                files[name] = payload
            else:
                raw[name] = payload.decode()
    elif body:
        raw = dict(parse_qsl(body.decode(), keep_blank_values=True))
    return {k: v if k in RAW_PARAMS else _json_or_raw(v) for k, v in raw.items()}, files


def _json_or_raw(value: str) -> Any:
    try:
        return json.loads(value)
    except ValueError:
        return value


def message_update(text: str, *, chat_id: int = 4242, chat_type: str = "private", message_id: int = 1,
                   entities: list[dict] | None = None, reply_to: dict | None = None) -> dict:
    """An update with a user's text message (a /command gets its bot_command entity)."""
    chat = {"id": chat_id, "type": chat_type}
    if chat_type != "private":
        chat["title"] = "预算讨论群"
    message = {"message_id": message_id, "date": int(time.time()), "chat": chat, "from": USER, "text": text}
    if text.startswith("/"):
        entities = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}, *(entities or [])]
    if entities:
        message["entities"] = entities
    if reply_to:
        message["reply_to_message"] = reply_to
    return {"message": message}


def button_update(data: str, *, chat_id: int = 4242, message_id: int = 500) -> dict:
    """An update for a press on an inline keyboard button of one of the bot's messages."""
    chat = {"id": chat_id, "type": "private"}
    message = {"message_id": message_id, "date": int(time.time()), "chat": chat, "from": BOT, "text": "…"}
    return {"callback_query": {"id": f"cb{message_id}{data}", "from": USER, "chat_instance": "ci",
                               "message": message, "data": data}}
