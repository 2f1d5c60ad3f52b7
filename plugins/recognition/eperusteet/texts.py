"""ePerusteet's texts: HTML inside, several languages, nulls. Each reader here gives plain text
or safe HTML in our three languages, whichever of them the data has."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from typing import Any

import nh3

LANGUAGES = ("fi", "sv", "en")
#: The safe subset of HTML kept in long texts (descriptions, ways of demonstrating).
SAFE_TAGS = {"p", "ul", "ol", "li", "strong", "em", "b", "i", "br", "h3", "h4", "h5"}
#: Longer texts are cut: no real requirement or description comes near, and cleaning a
#: multi-megabyte string would make one field cost seconds.
MAX_TEXT = 100_000
#: Control characters (C0 but tab and newline, DEL, C1) that editors leave in the data.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")

Text = dict[str, str]


def _raw(value: Any) -> str:
    if not isinstance(value, str):
        return ""
    value = value[:MAX_TEXT]
    return _CONTROL.sub("", value) if _CONTROL.search(value) else value


def plain(value: Any) -> str:
    """A text field as plain text: every tag removed, entities decoded, space tidied."""
    value = _raw(value)
    if not value:
        return ""
    return " ".join(html.unescape(nh3.clean(value, tags=set())).split())


def safe_html(value: Any) -> str:
    value = _raw(value)
    if not value:
        return ""
    return nh3.clean(value, tags=SAFE_TAGS, attributes={}).strip()


def text(value: Any, convert=plain) -> Text:
    """A localized ePerusteet text ({"fi": ..., "sv": ..., "_id": ...}) in our three languages;
    the languages the data has, whichever they are."""
    if isinstance(value, str):
        value = {"fi": value}
    if not isinstance(value, dict):
        return {}
    out = {lang: convert(value.get(lang)) for lang in LANGUAGES}
    return {lang: v for lang, v in out.items() if v}


def sort_key(value: Text) -> str:
    """The text a localized value is sorted and searched by: Finnish, else any language."""
    return next((value[lang] for lang in LANGUAGES if value.get(lang)), "")


class _ListItems(HTMLParser):
    """List items of an HTML text, and the paragraphs outside any list."""

    def __init__(self) -> None:
        super().__init__()
        self.items: list[str] = []
        self.paragraphs: list[str] = [""]
        self._depth = 0

    def handle_starttag(self, tag, attrs):
        if tag == "li":
            self._depth += 1
            if self._depth == 1:
                self.items.append("")
        elif tag in ("p", "br", "ul", "ol") and not self._depth:
            self.paragraphs.append("")

    def handle_endtag(self, tag):
        if tag == "li" and self._depth:
            self._depth -= 1

    def handle_data(self, data):
        if self._depth:
            self.items[-1] += data
        else:
            self.paragraphs[-1] += data


def list_items(markup: str) -> tuple[list[str], list[str]]:
    """The list items of ``markup`` and its paragraphs outside lists, as plain text."""
    parser = _ListItems()
    parser.feed(markup)
    parser.close()

    def tidy(parts: list[str]) -> list[str]:
        return [" ".join(p.split()) for p in parts if p.strip()]

    return tidy(parser.items), tidy(parser.paragraphs)


def requirements_from_html(value: Any, notes: list[str]) -> tuple[list[Text], Text]:
    """Pre-2018 skill requirements are one HTML list per language, often with paragraphs
    around it (before 2015, sometimes paragraphs only). Items are paired by position across
    languages; a language whose list has another length is noted in ``notes`` and kept as
    paragraphs. Returns the requirements and the paragraphs outside the lists."""
    per_lang = text(value, safe_html)
    items: dict[str, list[str]] = {}
    paragraphs: Text = {}
    for lang, markup in per_lang.items():
        found, outside = list_items(markup)
        items[lang] = found
        if outside:
            paragraphs[lang] = "\n".join(outside)
    base = next((lang for lang in LANGUAGES if items.get(lang)), None)
    if base is None:
        return [], paragraphs
    out: list[Text] = [{base: item} for item in items[base]]
    for lang, other in items.items():
        if lang == base or not other:
            continue
        if len(other) == len(out):
            for entry, item in zip(out, other, strict=True):
                entry[lang] = item
        else:
            notes.append(lang)
            extra = "\n".join(other)
            paragraphs[lang] = "\n".join(filter(None, (paragraphs.get(lang), extra)))
    return out, paragraphs
