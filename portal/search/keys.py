"""Search keys: how names, contacts and a typed query become comparable words.

A client is found by the *start* of any of their words ("järv" finds "Järvinen"), whatever
the order the words are typed in, with accents folded and case ignored. A phone number is
found by its digits with or without the country code ("040 123" finds "+358 40 123 4567").
Every word is matched through an ordinary index (``client_search_terms``), so a search
reads a few index ranges instead of scanning every client (docs/adr/0019).
"""

from __future__ import annotations

import re
import unicodedata

MAX_TERM = 80
#: A query has at most this many words; more only narrow an already narrow result.
MAX_WORDS = 6
MAX_QUERY = 200

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_PHONE_QUERY = re.compile(r"^[\d\s()+\-./]+$")
_FOLD = str.maketrans({"ß": "ss", "æ": "ae", "ø": "o", "œ": "oe", "đ": "d", "ł": "l", "þ": "th"})


def fold(text: str) -> str:
    """Lower case without accents or control characters: "Järvinen" -> "jarvinen"."""
    text = unicodedata.normalize("NFKD", text.casefold().translate(_FOLD))
    return "".join(c for c in text if not unicodedata.combining(c) and c.isprintable())


def _words(text: str) -> set[str]:
    folded = fold(text)
    words = {w for w in _NOT_ALNUM.split(folded) if w}
    # "Anna-Liisa", "O'Brien": also as one word, so typing it with or without the mark works.
    words |= {w for w in (_NOT_ALNUM.sub("", chunk) for chunk in folded.split()) if w}
    return words


def phone_digits(phone: str) -> set[str]:
    """The number's digits as dialled at home and with the Finnish country code."""
    digits = re.sub(r"\D", "", phone)
    if not digits:
        return set()
    found = {digits}
    if digits.startswith("00"):
        digits = digits[2:]
        found.add(digits)
    if digits.startswith("358"):
        found.add("0" + digits[3:])
    elif digits.startswith("0"):
        found.add("358" + digits[1:])
    return found


def client_terms(first_name: str, last_name: str, email: str, phone: str, municipality: str):
    """Every word a client can be found by."""
    terms = _words(first_name) | _words(last_name) | _words(municipality)
    email = fold(email).strip()
    if email:
        local, _, domain = email.partition("@")
        terms |= {email} | _words(local) | _words(domain)
        terms |= {_NOT_ALNUM.sub("", local), _NOT_ALNUM.sub("", domain)}
    terms |= phone_digits(phone)
    return sorted(t[:MAX_TERM] for t in terms if t)


def query_words(text: str) -> list[str]:
    """The words of a typed query, each to be found at the start of some term.

    A query of digits and phone punctuation is one number; an email address stays whole;
    other words lose their punctuation as the terms do. Quotes, ``%`` and ``_`` are not
    wildcards here: they are dropped (or, inside an email, matched as themselves).
    """
    text = (text or "")[:MAX_QUERY]
    if _PHONE_QUERY.match(text) and sum(c.isdigit() for c in text) >= 3:
        return [re.sub(r"\D", "", text)[:MAX_TERM]]
    words: list[str] = []
    for chunk in fold(text).split():
        word = chunk if "@" in chunk else _NOT_ALNUM.sub("", chunk)
        word = word[:MAX_TERM]
        if word and word not in words:
            words.append(word)
    return words[:MAX_WORDS]


def prefix_end(word: str) -> str:
    """The first string after every string that starts with ``word`` (binary order)."""
    return word[:-1] + chr(ord(word[-1]) + 1)
