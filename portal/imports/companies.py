"""Checking partner companies to import, each as the company form checks one typed in (the
name, the business ID by its check digit, the postal code, the status) and against the
business IDs already in Polku, which are left out, and those repeated in the file, which are
errors. Nothing is written here."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from portal.admin.forms import CompanyForm
from portal.admin.services import CompanyDetails
from portal.app.extensions import db
from portal.app.forms import form_data
from portal.imports.rows import Row
from portal.models import Company, CompanyStatus

#: A status left empty: a partner company, as a company row starts.
DEFAULT_STATUS = CompanyStatus.ACTIVE.value


def formdata(cells: dict[str, str]) -> MultiDict:
    """A row's converted cells as the company form would be sent. A postal code that a
    spreadsheet turned into a number (00100 into 100) gets its leading zeros back."""
    sent = {"status": DEFAULT_STATUS, **{k: v for k, v in cells.items() if v != ""}}
    code = sent.get("postal_code", "")
    if code.isascii() and code.isdigit() and len(code) < 5:
        sent["postal_code"] = code.zfill(5)
    return MultiDict(sent)


def check_companies(entries: list[tuple[Row, MultiDict]]) -> list[Row]:
    valid: list[Row] = []
    for row, sent in entries:
        form = CompanyForm(formdata=sent, meta={"csrf": False})
        if not form.validate():
            row.errors += [
                (name, message)
                for name, messages in form.errors.items()
                if not any(name == seen for seen, _ in row.errors)
                for message in messages
            ]
        if not row.errors:
            row.details = form_data(form, CompanyDetails)
            valid.append(row)
    ids = {row.details.business_id for row in valid}
    existing = (
        dict(
            db.session.execute(
                select(Company.business_id, Company.name).where(Company.business_id.in_(ids))
            ).all()
        )
        if ids
        else {}
    )
    first: dict[str, int] = {}
    for row in valid:
        business_id = row.details.business_id
        if business_id in first:
            message = _l("The same business ID as row %(row)s.", row=first[business_id])
            row.errors.append(("business_id", message))
            continue
        first[business_id] = row.number
        row.exists = existing.get(business_id, "")
    return [row for row, _ in entries]
