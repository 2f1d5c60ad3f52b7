"""Password hashing (argon2id) and the password policy.

A password is refused when it is shorter than 12 or longer than 128 characters, on the common
list (zxcvbn's and our own), or when it is built only from what an attacker tries first: the
product's name, the person's own name or email, a season and a year ("Kesä2026", "Summer2026"),
a keyboard walk ("qwerty", "asdfgh", "123456"), digits and punctuation. What is left after
taking those away must be a real piece of the person's own choosing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
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
MAX_LENGTH = 128
#: Letters of their own choosing a password must keep once the guessable parts are taken away.
MIN_OWN_LETTERS = 6
PRODUCT_WORDS = ("polku", "portaali", "portal")
#: Seasons and months in Finnish, Swedish and English (without diacritics, see _fold).
SEASON_WORDS = (
    "kevat", "kesa", "syksy", "talvi", "joulu", "vappu", "juhannus",
    "var", "sommar", "host", "vinter", "jul", "midsommar",
    "spring", "summer", "autumn", "fall", "winter", "christmas", "easter",
    "tammikuu", "helmikuu", "maaliskuu", "huhtikuu", "toukokuu", "kesakuu", "heinakuu",
    "elokuu", "syyskuu", "lokakuu", "marraskuu", "joulukuu",
    "january", "february", "march", "april", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip
#: Keyboard rows (Finnish/Swedish layout included) and digit rows; walks are their substrings.
KEYBOARD_ROWS = (
    "1234567890", "qwertyuiopa", "asdfghjkloa", "zxcvbnm", "qazwsxedcrfvtgbyhnujmikolp",
    "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p", "abcdefghijklmnopqrstuvwxyz",
)  # fmt: skip
MIN_WALK = 4
_LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"}
)


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


def _fold(text: str) -> str:
    """Lower case, ä/ö/å to a/o/a, so "Kesä" and "kesa" are one word."""
    return text.lower().translate(str.maketrans("äöåé", "aoae"))


def _personal_words(personal: Iterable[str]) -> set[str]:
    """The pieces of the person's name and email an attacker would try: 3 letters or more."""
    words = set()
    for text in personal:
        words.update(w for w in re.split(r"[^a-z]+", _fold(text or "")) if len(w) >= 3)
    return words


def _walks() -> set[str]:
    walks = set()
    for row in KEYBOARD_ROWS:
        for sequence in (row, row[::-1]):
            for size in range(MIN_WALK, len(sequence) + 1):
                walks.update(sequence[i : i + size] for i in range(len(sequence) - size + 1))
    return walks


_WALKS = frozenset(_walks())


def _strip(text: str, words: Iterable[str]) -> str:
    for word in sorted(words, key=len, reverse=True):
        text = text.replace(word, "")
    return text


def own_part(password: str, personal: Iterable[str] = ()) -> str:
    """What is left of the password once the guessable pieces are taken away."""
    folded = _fold(password)
    words = [*PRODUCT_WORDS, *SEASON_WORDS, *_personal_words(personal)]
    letters_only = re.sub(r"[^a-z]", "", _strip(folded, _WALKS))  # digits, years, "!", "-"
    leet = re.sub(r"[^a-z]", "", _strip(folded.translate(_LEET), _WALKS))
    return min(
        (_strip(_strip(text, words), _WALKS) for text in (letters_only, leet)),
        key=len,
    )


def password_problems(password: str, personal: Iterable[str] = ()) -> list[str]:
    """Reasons the password is refused, in the user's language; empty when it is fine.

    ``personal``: the name and email of the account the password is for.
    """
    min_length = current_app.config["PASSWORD_MIN_LENGTH"]
    problems = []
    if len(password) < min_length:
        problems.append(_("Use at least %(n)d characters.", n=min_length))
    if len(password) > MAX_LENGTH:
        problems.append(_("Use at most %(n)d characters.", n=MAX_LENGTH))
        return problems
    if is_common(password):
        problems.append(_("This password is too common. Choose a less obvious one."))
    elif len(set(own_part(password, personal))) < MIN_OWN_LETTERS:
        problems.append(
            _(
                "This password is easy to guess: it is made of Polku, your name or email, "
                "a season or a year, or keys side by side. Add words of your own."
            )
        )
    return problems
