"""Two small proxies on loopback for the Telegram proxy tests: an HTTP forward proxy and a SOCKS5 one
(no authentication, CONNECT only). Each records where it was asked to go."""

from __future__ import annotations

import asyncio
import contextlib
import struct
from urllib.parse import urlsplit


class _Proxy:
    def __init__(self) -> None:
        self.seen: list[str] = []
        self._tasks: set[asyncio.Task] = set()

    async def __aenter__(self):
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc) -> None:
        self._server.close()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        self._tasks.add(task)
        try:
            await self.handle(reader, writer)
        except (ConnectionError, asyncio.IncompleteReadError, ValueError):
            pass
        finally:
            self._tasks.discard(task)
            writer.close()

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        raise NotImplementedError


class HttpProxy(_Proxy):
    """Forwards absolute-form requests (`POST http://host:port/path HTTP/1.1`) one by one."""

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        upstream: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
        while head := await reader.readuntil(b"\r\n\r\n"):
            line, _, rest = head.partition(b"\r\n")
            method, target, version = line.decode().split(" ")
            self.seen.append(target)
            parts = urlsplit(target)
            if upstream is None:
                upstream = await asyncio.open_connection(parts.hostname, parts.port)
            body = await reader.readexactly(_length(rest))
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            upstream[1].write(f"{method} {path} {version}\r\n".encode() + rest + body)
            answer = await upstream[0].readuntil(b"\r\n\r\n")
            writer.write(answer + await upstream[0].readexactly(_length(answer)))
            await writer.drain()


class Socks5Proxy(_Proxy):
    """SOCKS5 CONNECT without authentication, then bytes both ways."""

    @property
    def url(self) -> str:
        return f"socks5://127.0.0.1:{self.port}"

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        _, count = await reader.readexactly(2)
        await reader.readexactly(count)
        writer.write(b"\x05\x00")  # no authentication
        _, command, _, kind = await reader.readexactly(4)
        if kind == 1:
            host = ".".join(str(b) for b in await reader.readexactly(4))
        elif kind == 3:
            host = (await reader.readexactly((await reader.readexactly(1))[0])).decode()
        else:
            raise ValueError("IPv6 target")
        (port,) = struct.unpack("!H", await reader.readexactly(2))
        self.seen.append(f"{host}:{port}")
        up_reader, up_writer = await asyncio.open_connection(host, port)
        writer.write(b"\x05\x00\x00\x01" + bytes(4) + b"\x00\x00")

        async def pipe(src: asyncio.StreamReader, dst: asyncio.StreamWriter) -> None:
            with contextlib.suppress(ConnectionError):
                while data := await src.read(65536):
                    dst.write(data)
                    await dst.drain()
            dst.close()

        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))


def _length(head: bytes) -> int:
    for line in head.split(b"\r\n"):
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return int(value)
    return 0
