"""Secret links (invitations, single-use confirmation and assessment links): a 256-bit token
goes into the URL, and only its hash is stored, so a copy of the database opens nothing."""

from __future__ import annotations

import hashlib
import secrets


def token_hash(token: str) -> str:
    """What is stored for ``token`` and looked up when the link is opened."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> tuple[str, str]:
    """A fresh token for a URL and the hash to store: ``(token, token_hash(token))``."""
    token = secrets.token_urlsafe(32)  # 256 bits
    return token, token_hash(token)
