"""Signing a webhook message the way the Standard Webhooks specification does, so that a
receiver can check it with that specification's libraries in any language.

The secret is ``whsec_`` and base64 of 32 random bytes. A message carries three headers:
``webhook-id`` (the message's id, the same on every retry), ``webhook-timestamp`` (Unix
seconds of this attempt) and ``webhook-signature``: ``v1,`` and base64 of HMAC-SHA256 over
``id.timestamp.body`` keyed with the secret's bytes.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

PREFIX = "whsec_"


def new_secret() -> str:
    return PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def signature(secret: str, message_id: str, timestamp: int, body: str) -> str:
    key = base64.b64decode(secret.removeprefix(PREFIX))
    signed = f"{message_id}.{timestamp}.{body}".encode()
    digest = hmac.new(key, signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def headers(secret: str, message_id: str, timestamp: int, body: str) -> dict[str, str]:
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signature(secret, message_id, timestamp, body),
    }
