"""Reading a request's body with a limit, for the web API and the WeChat server."""

from __future__ import annotations

from starlette.requests import ClientDisconnect, Request


class TooLarge(Exception):
    """The request body is over the limit."""


class HungUp(Exception):
    """The client closed the connection before its request body was complete."""


async def read_body(request: Request, limit: int) -> bytes:
    """The request's body; TooLarge as soon as it is over `limit` bytes, declared or sent."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise TooLarge
    body = bytearray()
    try:
        async for chunk in request.stream():
            body += chunk
            if len(body) > limit:
                raise TooLarge
    except ClientDisconnect:
        raise HungUp from None
    return bytes(body)
