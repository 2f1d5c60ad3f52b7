"""The columns an import reads, by their Finnish and English names, and the cells' text turned
into what the form takes (a date as ISO, yes/no as a checkbox, a choice by its label).

A header is matched whatever its case, with spaces, hyphens and underscores alike and with or
without the Finnish letters' dots (``Syntymävuosi``, ``syntymavuosi``, ``birth year``).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from portal.models.labels import (
    COMPANY_STATUS_LABELS,
    EDUCATION_LABELS,
    EMPLOYMENT_LABELS,
    GOAL_LABELS,
)

YES = frozenset({"yes", "y", "kyllä", "kylla", "k", "ja", "x", "1", "true", "tosi"})
NO = frozenset({"no", "n", "ei", "e", "nej", "0", "false", "epätosi", ""})
FINNISH_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
WRITE_A_DATE = _l("Write the date as 31.12.2025 or 2025-12-31.")
WRITE_YES_OR_NO = _l("Write yes or no (kyllä or ei).")


@dataclass(frozen=True)
class Column:
    field: str
    finnish: str
    english: str
    label: Any
    required: bool = False
    #: "date", "yes_no", or the labels of a choice by its values.
    kind: str = "text"
    choices: Mapping[Any, Any] = field(default_factory=dict)


def _key(header: str) -> str:
    folded = header.strip().casefold()
    for letter, plain in (("ä", "a"), ("ö", "o"), ("å", "a")):
        folded = folded.replace(letter, plain)
    return re.sub(r"[\s_\-]+", "_", folded).strip("_")


PEOPLE = (
    Column("first_name", "etunimi", "first_name", _l("First name"), required=True),
    Column("last_name", "sukunimi", "last_name", _l("Last name"), required=True),
    Column("birth_year", "syntymävuosi", "birth_year", _l("Year of birth"), required=True),
    Column("entry_date", "tulopäivä", "entry_date", _l("Entered the project"), kind="date"),
    Column("email", "sähköposti", "email", _l("Email")),
    Column("phone", "puhelin", "phone", _l("Phone")),
    Column("municipality", "kotikunta", "municipality", _l("Municipality")),
    Column("referral_source", "lähettäjä", "referral_source", _l("Referred by")),
    Column(
        "highest_education",
        "koulutus",
        "highest_education",
        _l("Highest education"),
        kind="choice",
        choices=EDUCATION_LABELS,
    ),
    Column(
        "has_vocational_qualification",
        "ammatillinen_tutkinto",
        "has_vocational_qualification",
        _l("Has a vocational qualification"),
        kind="yes_no",
    ),
    Column("goal", "tavoite", "goal", _l("Goal"), kind="choice", choices=GOAL_LABELS),
    Column("preferred_fields", "toivealat", "preferred_fields", _l("Preferred fields")),
    Column("work_history", "työhistoria", "work_history", _l("Work history")),
    Column(
        "employment_status",
        "työmarkkina_asema",
        "employment_status",
        _l("Labour-market status at entry"),
        kind="choice",
        choices=EMPLOYMENT_LABELS,
    ),
)
COMPANIES = (
    Column("name", "nimi", "name", _l("Name"), required=True),
    Column("business_id", "y_tunnus", "business_id", _l("Business ID (Y-tunnus)"), required=True),
    Column("industry", "toimiala", "industry", _l("Industry")),
    Column("street_address", "katuosoite", "street_address", _l("Street address")),
    Column("postal_code", "postinumero", "postal_code", _l("Postal code")),
    Column("city", "postitoimipaikka", "city", _l("City")),
    Column(
        "status",
        "tila",
        "status",
        _l("Partnership status"),
        kind="choice",
        choices=COMPANY_STATUS_LABELS,
    ),
)
KINDS = {"people": PEOPLE, "companies": COMPANIES}
#: Other names people give the same columns.
ALIASES = {"ytunnus": "business_id", "kaupunki": "city", "kunta": "municipality"}


def _lookup(columns: tuple[Column, ...]) -> dict[str, Column]:
    found = {_key(c.finnish): c for c in columns} | {_key(c.english): c for c in columns}
    by_field = {c.field: c for c in columns}
    found |= {alias: by_field[name] for alias, name in ALIASES.items() if name in by_field}
    return found


@dataclass
class Layout:
    """Which of the file's columns holds each field; what it says of the rest."""

    positions: dict[str, int] = field(default_factory=dict)
    #: The header of each field as the file writes it (what an error names).
    headers: dict[str, str] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)
    missing: list[Column] = field(default_factory=list)
    repeated: list[str] = field(default_factory=list)


def layout(kind: str, headers: list[str]) -> Layout:
    columns = KINDS[kind]
    lookup = _lookup(columns)
    found = Layout()
    for position, header in enumerate(headers):
        if not header:
            continue
        column = lookup.get(_key(header))
        if column is None:
            found.unknown.append(header)
        elif column.field in found.positions:
            found.repeated.append(header)
        else:
            found.positions[column.field] = position
            found.headers[column.field] = header
    found.missing = [c for c in columns if c.required and c.field not in found.positions]
    return found


def values(found: Layout, cells: list[str]) -> dict[str, str]:
    """A row's cells by field (a short row's missing cells are empty)."""
    return {name: cells[at] if at < len(cells) else "" for name, at in found.positions.items()}


class Converter:
    """Turns a kind's rows into what its form takes; the choices' labels in every staff
    language are read once, not for each row."""

    def __init__(self, kind: str) -> None:
        self.columns = KINDS[kind]
        self.choices: dict[str, dict[str, str]] = {}
        for column in self.columns:
            if column.kind == "choice":
                self.choices[column.field] = _choice_names(column)

    def __call__(self, sent: dict[str, str]) -> tuple[dict[str, str], dict[str, Any]]:
        """The row's text as the form takes it, and an error for each cell that cannot be."""
        out, errors = dict(sent), {}
        for column in self.columns:
            if column.field not in sent or column.kind == "text":
                continue
            text = sent[column.field].strip()
            if column.kind == "date":
                out[column.field] = _date(text)
                if out[column.field] is None:
                    errors[column.field] = WRITE_A_DATE
            elif column.kind == "yes_no":
                out[column.field] = "y" if text.casefold() in YES else ""
                if text.casefold() not in YES | NO:
                    errors[column.field] = WRITE_YES_OR_NO
            elif text:
                out[column.field] = self.choices[column.field].get(text.casefold())
                if out[column.field] is None:
                    names = ", ".join(str(label) for label in column.choices.values())
                    errors[column.field] = _l("Choose one of: %(choices)s.", choices=names)
        return {k: v for k, v in out.items() if v is not None}, errors


def _date(text: str) -> str | None:
    """ISO or Finnish (31.12.2025) as ISO text; "" for an empty cell, None for anything else.
    A time after an ISO date (a sheet's date and time cell) is left out."""
    if not text:
        return ""
    text = re.split(r"[ T]", text, maxsplit=1)[0]
    finnish, iso = FINNISH_DATE.match(text), ISO_DATE.match(text)
    try:
        if finnish:
            day, month, year = (int(part) for part in finnish.groups())
            return date(year, month, day).isoformat()
        if iso:
            year, month, day = (int(part) for part in iso.groups())
            return date(year, month, day).isoformat()
    except ValueError:
        return None
    return None


def _choice_names(column: Column) -> dict[str, str]:
    """A choice's value by its own name and by its label in Finnish, Swedish and English."""
    names = {str(value).casefold(): str(value) for value in column.choices}
    for locale in ("en", "sv", "fi"):
        with force_locale(locale):
            names |= {str(label).casefold(): str(value) for value, label in column.choices.items()}
    return names


def template_csv(kind: str, locale: str) -> str:
    """The columns' names as a CSV file's header: in Finnish (separated by semicolons, as a
    Finnish Excel reads them) for Finnish and Swedish users, else in English with commas."""
    finnish = locale.split("@")[0] in ("fi", "sv")
    names = [c.finnish if finnish else c.english for c in KINDS[kind]]
    out = io.StringIO()
    csv.writer(out, delimiter=";" if finnish else ",", lineterminator="\r\n").writerow(names)
    return "\ufeff" + out.getvalue()
