"""Password hashing (argon2id) and the password policy: length and a common-password list."""

from __future__ import annotations

import re
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import gettext as _
from zxcvbn.frequency_lists import FREQUENCY_LISTS

#: Finnish and Swedish favourites that the (English) zxcvbn list lacks.
LOCAL_COMMON = {
    "salasana",
    "salasana1",
    "salasana123",
    "qwertyuiop",
    "kissa123",
    "koira123",
    "perkele",
    "suomi",
    "suomi123",
    "suomi1917",
    "helsinki",
    "tampere",
    "lösenord",
    "losenord",
    "polku",
    "polkupolku",
    "aurinko",
    "kesaloma",
    "rakkaus",
    "hyvinvointi",
    "salainen",
    "tervetuloa",
}
MAX_LENGTH = 256


@cache
def common_passwords() -> frozenset[str]:
    return frozenset(FREQUENCY_LISTS["passwords"]) | frozenset(LOCAL_COMMON)


def _hasher() -> PasswordHasher:
    cfg = current_app.config
    return PasswordHasher(
        time_cost=cfg["ARGON2_TIME_COST"],
        memory_cost=cfg["ARGON2_MEMORY_COST"],
        parallelism=cfg["ARGON2_PARALLELISM"],
    )


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """Check a password; with no stored hash a dummy check keeps the timing the same."""
    hasher = _hasher()
    if not stored_hash:
        hasher.hash(password)
        return False
    try:
        return hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def is_common(password: str) -> bool:
    lowered = password.lower()
    core = re.sub(r"[\d\W_]+$", "", lowered)  # "Salasana123!" -> "salasana"
    common = common_passwords()
    return lowered in common or (len(core) >= 4 and core in common)


def password_problems(password: str) -> list[str]:
    """Reasons the password is refused, in the user's language; empty when it is fine."""
    min_length = current_app.config["PASSWORD_MIN_LENGTH"]
    problems = []
    if len(password) < min_length:
        problems.append(_("Use at least %(n)d characters.", n=min_length))
    if len(password) > MAX_LENGTH:
        problems.append(_("Use at most %(n)d characters.", n=MAX_LENGTH))
    if is_common(password):
        problems.append(_("This password is too common. Choose a less obvious one."))
    return problems
