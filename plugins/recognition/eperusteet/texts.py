"""ePerusteet's texts: HTML inside, several languages, nulls. Each reader here gives plain text
or safe HTML in our three languages."""

from __future__ import annotations

import html
from html.parser import HTMLParser
from typing import Any

import nh3

LANGUAGES = ("fi", "sv", "en")
#: The safe subset of HTML kept in long texts (descriptions, ways of demonstrating).
SAFE_TAGS = {"p", "ul", "ol", "li", "strong", "em", "b", "i", "br", "h3", "h4", "h5"}

Text = dict[str, str]


def plain(value: Any) -> str:
    """A text field as plain text: every tag removed, entities decoded, space tidied."""
    if not isinstance(value, str):
        return ""
    return " ".join(html.unescape(nh3.clean(value, tags=set())).split())


def safe_html(value: Any) -> str:
    if not isinstance(value, str):
        return ""
    return nh3.clean(value, tags=SAFE_TAGS, attributes={}).strip()


def text(value: Any, convert=plain) -> Text:
    """A localized ePerusteet text ({"fi": ..., "sv": ..., "_id": ...}) in our three languages."""
    if isinstance(value, str):
        value = {"fi": value}
    if not isinstance(value, dict):
        return {}
    out = {lang: convert(value.get(lang)) for lang in LANGUAGES}
    return {lang: v for lang, v in out.items() if v}


class _ListItems(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.items: list[str] = []
        self._depth = 0

    def handle_starttag(self, tag, attrs):
        if tag == "li":
            self._depth += 1
            if self._depth == 1:
                self.items.append("")

    def handle_endtag(self, tag):
        if tag == "li" and self._depth:
            self._depth -= 1

    def handle_data(self, data):
        if self._depth:
            self.items[-1] += data


def list_items(markup: str) -> list[str]:
    parser = _ListItems()
    parser.feed(markup)
    return [" ".join(item.split()) for item in parser.items if item.strip()]


def requirements_from_html(value: Any) -> list[Text]:
    """Pre-2018 skill requirements are one HTML list per language; pair the items by position."""
    per_lang = text(value, safe_html)
    lists = {lang: list_items(markup) for lang, markup in per_lang.items()}
    finnish = lists.get("fi", [])
    out = []
    for i, item in enumerate(finnish):
        entry = {"fi": item}
        for lang in ("sv", "en"):
            other = lists.get(lang, [])
            if len(other) == len(finnish):
                entry[lang] = other[i]
        out.append(entry)
    return out
