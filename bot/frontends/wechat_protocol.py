"""WeChat's side of the protocol: signatures checked in constant time, messages opened in 明文, 兼容 or
安全模式 (wechatpy's WeChatCrypto) and read into wechatpy's message types, reply text made safe for
the CDATA section it travels in."""

from __future__ import annotations

import hmac
import logging
import re
from typing import Any

import xmltodict
from wechatpy import parse_message
from wechatpy.crypto import WeChatCrypto
from wechatpy.exceptions import InvalidAppIdException, InvalidSignatureException
from wechatpy.messages import BaseMessage
from wechatpy.utils import WeChatSigner

log = logging.getLogger("budgetbot.wechat")

SIGNED_PART = re.compile(r"[A-Za-z0-9]{1,64}")  # timestamp and nonce: they go back into the reply
OPENID = re.compile(r"[A-Za-z0-9_-]{1,64}")
UNSAFE_NAME = re.compile(r"[<>&\]\s]")
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # characters XML 1.0 does not allow


class Refused(Exception):
    """The request is not WeChat's: a wrong or missing signature, or another account's AppID."""


class Unreadable(Exception):
    """The body is not a WeChat message this server can read."""


def signed(token: str, query: Any) -> bool:
    """Whether the request carries WeChat's `signature` of its timestamp and nonce."""
    return valid_signature(token, query.get("signature", ""), query.get("timestamp", ""), query.get("nonce", ""))


def valid_signature(token: str, signature: str, timestamp: str, nonce: str, *signed_too: str) -> bool:
    """Whether `signature` is the sha1 of the sorted Token, timestamp, nonce (and the Encrypt part, for
    msg_signature), compared in constant time."""
    if not (signature and SIGNED_PART.fullmatch(timestamp) and SIGNED_PART.fullmatch(nonce)):
        return False
    signer = WeChatSigner()
    signer.add_data(token, timestamp, nonce, *signed_too)
    return hmac.compare_digest(signer.signature, signature.lower())


def open_message(body: bytes, query: Any, *, token: str, crypto: WeChatCrypto | None,
                 encrypted: bool) -> tuple[str | None, bool]:
    """The message's XML in the clear and whether to encrypt the reply; None for a message in 安全模式
    when no key is set (logged: it cannot be read)."""
    try:
        # a question that is not UTF-8 or holds control characters is still answered (U+FFFD, dropped)
        xml = NOT_XML.sub("", body.decode("utf-8", errors="replace"))
        fields = xmltodict.parse(xml)["xml"]
    except Exception as e:
        raise Unreadable(f"not WeChat's XML ({type(e).__name__})") from None
    if not isinstance(fields, dict):
        raise Unreadable("an empty <xml> element")
    if not encrypted:
        return xml, False
    if crypto is None:
        if "MsgType" in fields:  # 兼容模式 sends the message in the clear too, and takes a reply in the clear
            return xml, False
        log.error("a message came encrypted (安全模式) but WECHAT_AES_KEY and WECHAT_APPID are not set; "
                  "it cannot be read or answered")
        return None, False
    encrypt = fields.get("Encrypt")
    msg_signature = query.get("msg_signature", "")
    if not isinstance(encrypt, str) or not valid_signature(token, msg_signature, query["timestamp"], query["nonce"],
                                                           encrypt):
        raise Refused("no valid msg_signature")
    try:
        return crypto.decrypt_message(fields, msg_signature, query["timestamp"], query["nonce"]), True
    except InvalidSignatureException:
        raise Refused("no valid msg_signature") from None
    except InvalidAppIdException:
        # a wrong key decrypts to garbage, which names no AppID either
        log.warning("a signed message that is not for WECHAT_APPID: are WECHAT_APPID and WECHAT_AES_KEY this "
                    "公众号's AppID and EncodingAESKey?")
        raise Refused("not for this AppID") from None
    except Exception:
        raise Unreadable("signed, but it does not decrypt with WECHAT_AES_KEY: is that the EncodingAESKey of "
                         "服务器配置?") from None


def read_message(xml: str) -> tuple[BaseMessage, str, str]:
    """The message (wechatpy's parse_message), its kind (text, voice, event, or another) and the key
    its retries share: the MsgId, or for an event (which has none) the sender and CreateTime, as WeChat
    advises."""
    try:
        fields = xmltodict.parse(xml)["xml"]
        kind = str(fields["MsgType"]).lower()
        message = parse_message(xml)
        if message.id:
            key = f"{message.source}:{message.id}"
        else:
            key = f"{message.source}:{message.time}:{getattr(message, 'event', '')}:{getattr(message, 'key', '')}"
    except Exception as e:
        raise Unreadable(f"no readable message ({type(e).__name__})") from None
    if not OPENID.fullmatch(message.source or "") or not message.target or UNSAFE_NAME.search(message.target):
        raise Unreadable("FromUserName or ToUserName is not an account name")
    return message, kind, key


def cdata(text: str) -> str:
    """Text that cannot end the CDATA section wechatpy puts it in."""
    return text.replace("]]>", "]]]]><![CDATA[>")
