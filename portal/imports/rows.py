"""A checked import: each row with what it will do (be added, wait for a choice, be skipped)
and why it cannot be (its errors), and the plan that the commit must find unchanged."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

#: What a row does on commit.
ADD = "add"
#: A likely duplicate: added only when the person importing says it is someone else.
ASK = "ask"
#: Already in Polku (a company's business ID): left out.
SKIP = "skip"
ERROR = "error"


@dataclass
class Row:
    """One row of a file (``number`` as the spreadsheet shows it) or of a request's list."""

    number: int
    #: The cells by field, as the file has them.
    cells: dict[str, str]
    #: (field or "", message) for each problem; the field's column is named when shown.
    errors: list[tuple[str, Any]] = field(default_factory=list)
    #: Young people already in Polku (ids, in the viewer's reach) it is likely to be.
    duplicates: list[int] = field(default_factory=list)
    #: Earlier rows of the same file it is likely to be.
    same_as: list[int] = field(default_factory=list)
    #: A company already in Polku with this business ID: its name.
    exists: str = ""
    #: The service's details, when the row is valid.
    details: Any = None
    #: The project the young person goes to (None: the viewer's only one).
    project_id: int | None = None

    @property
    def status(self) -> str:
        if self.errors:
            return ERROR
        if self.exists:
            return SKIP
        return ASK if self.duplicates or self.same_as else ADD

    @property
    def title(self) -> str:
        """What names the row to a person: the names or the company."""
        if "name" in self.cells:
            return " ".join(v for v in (self.cells.get("name"), self.cells.get("business_id")) if v)
        parts = (self.cells.get("first_name"), self.cells.get("last_name"))
        name = " ".join(p for p in parts if p)
        year = self.cells.get("birth_year")
        return f"{name} ({year})" if year else name


@dataclass
class Checked:
    """A file (or a request) checked: its rows and what is wrong with it as a whole."""

    kind: str
    rows: list[Row]
    #: Each field's column as the file names it.
    headers: dict[str, str] = field(default_factory=dict)
    #: Columns that are not imported.
    unknown: list[str] = field(default_factory=list)
    #: Problems of the whole file (a required column missing, one named twice, ...).
    problems: list[Any] = field(default_factory=list)

    @property
    def blocked(self) -> bool:
        """Nothing can be saved: the file has a problem or a row has an error."""
        return bool(self.problems) or any(row.errors for row in self.rows)

    def with_status(self, status: str) -> list[Row]:
        return [row for row in self.rows if row.status == status]

    def to_save(self, chosen: set[int]) -> list[Row]:
        """The rows saved on commit: every row to add, and the likely duplicates the person
        importing said are someone else (by row number)."""
        return [
            row
            for row in self.rows
            if row.status == ADD or (row.status == ASK and row.number in chosen)
        ]

    def plan(self) -> str:
        """A fingerprint of what each row would do and why: the commit is refused when it
        differs from the one the preview showed (the data changed in between)."""
        shown = [
            (row.number, row.status, sorted(row.duplicates), row.same_as, row.exists)
            for row in self.rows
        ]
        text = json.dumps([self.kind, bool(self.problems), shown], default=str)
        return hashlib.sha256(text.encode()).hexdigest()[:32]
