"""Importing young people and partner companies from a spreadsheet: the upload, the preview of
every row (its errors, its likely duplicates, what it will do) and the commit of all of them
at once. Young people: whoever may add one on the intake form; companies: the admin, who adds
them on the companies' pages."""

from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from portal.access import audit
from portal.access.permissions import CASEWORKERS, roles_required
from portal.access.scoping import visible_clients
from portal.app.editing import CONFLICT, submit_form
from portal.app.extensions import db
from portal.app.parsing import accepts_files
from portal.app.rules import RuleError
from portal.groups.rules import size_is_unusual as unusual
from portal.imports import columns, files, previews, services
from portal.imports.checking import check_options, check_preview, group_size_after
from portal.imports.forms import (
    FILE_HINT,
    CommitForm,
    CompaniesUploadForm,
    PeopleUploadForm,
    people_upload_form,
)
from portal.imports.previews import Preview
from portal.imports.rows import ASK, Checked
from portal.models import Client

bp = Blueprint("imports", __name__, url_prefix="/imports")
#: Each kind's list, where a saved import lands.
LISTS = {"people": "clients.index", "companies": "admin.companies"}


@bp.route("/clients", methods=["GET", "POST"])
@roles_required(*CASEWORKERS)
@accepts_files("file")
def people():
    return _upload("people", people_upload_form())


@bp.route("/companies", methods=["GET", "POST"])
@roles_required("admin")
@accepts_files("file")
def companies():
    return _upload("companies", CompaniesUploadForm())


def _upload(kind: str, form: CompaniesUploadForm):
    """The upload page; a file read and its choices checked are kept, and the preview shown."""
    form.file.description = FILE_HINT % {"size": f"{files.max_bytes() / 2**20:g}"}
    if not form.validate_on_submit():
        return _upload_page(kind, form, 400 if form.is_submitted() else 200)
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        form.file.errors.append(_("Choose the file to import."))
        return _upload_page(kind, form, 400)
    options = _options(form) if isinstance(form, PeopleUploadForm) else {}
    try:
        table = files.read_table(files.read_upload(upload.stream))
        if kind == "people":
            check_options(current_user._get_current_object(), options)
    except files.FileRefused as refused:
        form.file.errors.append(refused.message)
        return _upload_page(kind, form, 400)
    except RuleError as refused:
        field = getattr(form, refused.field, None) if refused.field else None
        (field or form.file).errors.append(refused.message)
        return _upload_page(kind, form, 400)
    key = previews.save(current_user, kind, upload.filename, table, options)
    return redirect(url_for(f"imports.{kind}_preview", key=key), 303)


def _options(form: PeopleUploadForm) -> dict:
    return {
        "project_id": form.project_id.data if "project_id" in form else None,
        "coach_id": form.coach_id.data or None,
        "group_id": form.group_id.data or None,
    }


def _upload_page(kind: str, form: CompaniesUploadForm, status: int):
    return render_template(
        "imports/upload.html",
        kind=kind,
        form=form,
        columns=columns.KINDS[kind],
        max_rows=files.max_rows(),
    ), status


@bp.route("/clients/template.csv")
@roles_required(*CASEWORKERS)
def people_template():
    return _template("people", "polku-nuoret.csv")


@bp.route("/companies/template.csv")
@roles_required("admin")
def companies_template():
    return _template("companies", "polku-yritykset.csv")


def _template(kind: str, name: str) -> Response:
    text = columns.template_csv(kind, str(get_locale()))
    response = Response(text, mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@bp.route("/clients/<key>", methods=["GET", "POST"])
@roles_required(*CASEWORKERS)
def people_preview(key: str):
    return _preview("people", key)


@bp.route("/companies/<key>", methods=["GET", "POST"])
@roles_required("admin")
def companies_preview(key: str):
    return _preview("companies", key)


def _preview(kind: str, key: str):
    """The kept file's rows checked now; posted, all of them saved or none."""
    actor = current_user._get_current_object()
    preview = previews.load(key, actor, kind)
    form = CommitForm()
    if preview is None:
        # Sent again after it was saved: answered as the first sending was.
        if request.method == "POST" and submit_form(form, _gone).saved:
            return redirect(url_for(LISTS[kind]))
        return render_template("imports/gone.html", kind=kind), 404
    checked = check_preview(preview)
    chosen = {
        row.number for row in checked.with_status(ASK) if request.form.get(f"new_{row.number}")
    }
    refused: list[RuleError] = []

    def commit() -> services.Imported:
        try:
            reason = (form.exception_reason.data or "").strip()
            return services.commit_preview(preview, checked, chosen, form.plan.data, actor, reason)
        except RuleError as error:
            refused.append(error)
            raise

    submission = submit_form(form, commit)
    if submission.saved:
        _saved(kind, submission.result)
        return redirect(url_for(LISTS[kind]))
    status = submission.status
    if refused and isinstance(refused[0], services.Changed):
        status = CONFLICT  # shown as found now, to be imported next
    elif refused and isinstance(refused[0], services.RowRefused):
        refused[0].row.errors.append((refused[0].field or "", refused[0].reason))
    form.plan.data = checked.plan()
    return _preview_page(preview, checked, form, chosen), status


def _gone():
    raise RuleError(_("This import has expired or was saved already. Upload the file again."))


def _saved(kind: str, imported: services.Imported | None) -> None:
    if imported is None:
        return  # a form sent twice: said so already
    count, left_out = len(imported.added), imported.left_out
    if kind == "people":
        flash(_("Young people added: %(count)s.", count=count), "success")
    else:
        flash(_("Companies added: %(count)s.", count=count), "success")
    if left_out:
        flash(_("Rows left out: %(count)s.", count=left_out), "info")


def _preview_page(preview: Preview, checked: Checked, form: CommitForm, chosen: set[int]):
    size = group_size_after(preview, checked, chosen)
    return render_template(
        "imports/preview.html",
        preview=preview,
        checked=checked,
        form=form,
        chosen=chosen,
        people=_duplicates_shown(checked),
        labels={c.field: c.label for c in columns.KINDS[preview.kind]},
        group_size=size,
        ask_reason=bool(form.exception_reason.errors) or (size is not None and unusual(size)),
    )


def _duplicates_shown(checked: Checked) -> dict[int, Client]:
    """The young people named as likely duplicates, as the viewer may see them now, in one
    statement; showing each is a read of their data, written to the audit trail."""
    ids = {i for row in checked.rows for i in row.duplicates}
    if not ids:
        return {}
    found = db.session.scalars(
        visible_clients(current_user._get_current_object()).where(Client.id.in_(ids))
    ).all()
    for client in found:
        audit.read(client.id, "client.duplicate", client.id)
    return {client.id: client for client in found}
