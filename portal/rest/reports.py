"""The funder report through the API, for the city's reporting: the same tables as the page
and its downloads, for the account's scope and the period asked, in the caller's language."""

from __future__ import annotations

from datetime import date

from flask import Response
from pydantic import BaseModel, Field

from portal.access.permissions import CASEWORKERS, roles_required
from portal.reports.views import funder_tables
from portal.rest import spec
from portal.rest.auth import scope_required
from portal.rest.inputs import form_errors, query
from portal.rest.problems import Problem
from portal.rest.schemas import Strict
from portal.rest.views import bp, json_answer

ID = {"ge": 1, "le": 2**31 - 1}


class ReportQuery(Strict):
    start: date | None = Field(None, description="The period's first day (default: the project's).")
    end: date | None = Field(None, description="The period's last day (default: the project's).")
    project: int | None = Field(None, description="One project's figures.", **ID)
    group: int | None = Field(None, description="One group's figures.", **ID)


class ReportRow(BaseModel):
    label: str
    value: int | str


class ReportTable(BaseModel):
    key: str
    title: str
    rows: list[ReportRow]


class FunderReport(BaseModel):
    start: date = Field(description="The period, in whole months.")
    end: date
    tables: list[ReportTable]


@bp.route("/reports/funder")
@roles_required(*CASEWORKERS)
@scope_required("reports:read")
@spec.operation(
    "The funder report's tables for the account's scope and a period",
    FunderReport,
    query=ReportQuery,
    scope="reports:read",
    errors=(403, 404, 422),
)
def funder() -> Response:
    query(ReportQuery)  # the page's form reads the same parameters
    form, filters, tables = funder_tables()
    if tables is None:
        raise Problem(422, errors=[{**e, "in": "query"} for e in form_errors(form)])
    shown = [
        ReportTable(
            key=t.key,
            title=str(t.title),
            rows=[ReportRow(label=str(label), value=value) for label, value in t.rows],
        )
        for t in tables
    ]
    return json_answer(FunderReport(start=filters.start, end=filters.end, tables=shown))
