"""The qualification catalog: searching it, a qualification's structure, a unit's criteria,
and importing ePerusteet files."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from plugins.recognition import catalog, import_job, queries, versions
from plugins.recognition.forms import ImportForm
from plugins.recognition.i18n import _
from plugins.recognition.models import RecognitionQualification, RecognitionUnit
from plugins.recognition.panels import demonstrations_to_assess
from plugins.recognition.scales import SCALE_NAMES
from plugins.recognition.views.blueprint import STAFF, bp
from portal.api import (
    ListFilter,
    Role,
    SearchForm,
    accepts_files,
    clock,
    db,
    jobs_inline,
    keyset_page,
    roles_required,
)

#: The units list's sort orders and its filter by assessment scale.
UNIT_SORTS = {
    "name": (RecognitionUnit.name_fi,),
    "code": (RecognitionUnit.code,),
    "scale": (RecognitionUnit.scale,),
}
UNIT_FILTERS = (
    ListFilter(
        "scale", lambda q, v: q.where(RecognitionUnit.scale == v), choices=tuple(SCALE_NAMES)
    ),
)


@bp.route("/")
@roles_required(*STAFF, "employer", "teacher")
def index():
    search = SearchForm(request.args)
    text = (search.q.data or "").strip()[:100]
    qualifications = db.session.scalars(catalog.search_qualifications(text).limit(50)).all()
    today = clock.today()
    units = keyset_page(
        catalog.search_units(text).order_by(None),
        RecognitionUnit.id,
        UNIT_SORTS,
        "name",
        UNIT_FILTERS,
    )
    to_assess = []
    if current_user.role == Role.EMPLOYER:
        to_assess = demonstrations_to_assess(current_user)
    return render_template(
        "recognition/index.html",
        search=search,
        qualifications=qualifications,
        units=units,
        to_assess=to_assess,
        today=today,
        validity=versions.validity,
    )


@bp.route("/qualifications/<int:qualification_id>")
@roles_required(*STAFF, "employer", "teacher")
def qualification(qualification_id: int):
    qual = db.session.get(RecognitionQualification, qualification_id) or abort(404)
    units = {unit.code: (unit, member) for member, unit in queries.members(qual.id)}
    structure = _with_leaves(qual.structure)
    placed = _codes_in(structure)
    others = [
        {"code": code, "mandatory": member.mandatory, "points": member.points}
        for code, (_unit, member) in units.items()
        if code not in placed
    ]
    return render_template(
        "recognition/qualification.html",
        qual=qual,
        units=units,
        structure=structure,
        others=others,
        other_versions=versions.other_versions(qual),
        validity=versions.validity(qual),
        expired=qual.expired(clock.today()),
    )


def _with_leaves(modules: list[dict]) -> list[dict]:
    """The structure with each unit as a place (code, mandatory there, points there); rows
    imported before places were kept list bare codes."""
    return [
        {
            **module,
            "units": [
                leaf if isinstance(leaf, dict) else {"code": leaf, "mandatory": None}
                for leaf in module.get("units", [])
            ],
            "children": _with_leaves(module.get("children", [])),
        }
        for module in modules
    ]


def _codes_in(modules: list[dict]) -> set[str]:
    codes: set[str] = set()
    for module in modules:
        codes.update(leaf["code"] for leaf in module["units"])
        codes |= _codes_in(module["children"])
    return codes


@bp.route("/units/<int:unit_id>")
@roles_required(*STAFF, "employer", "teacher")
def unit(unit_id: int):
    found = db.session.get(RecognitionUnit, unit_id) or abort(404)
    return render_template(
        "recognition/unit.html",
        unit=found,
        requirements=queries.requirements(found.id),
        targets=queries.targets(found.id),
        change=versions.newer_version(found),
        qualifications=versions.containing(found.id),
    )


@bp.route("/import", methods=["GET", "POST"])
@roles_required("admin")
@accepts_files("files")
def import_files():
    form = ImportForm()
    if not form.validate_on_submit():
        return _import_page(form, 400 if request.method == "POST" else 200)
    files = [f for f in request.files.getlist(form.files.name) if f and f.filename]
    if not files:
        form.files.errors.append(_("Choose at least one file."))
        return _import_page(form, 400)
    if not jobs_inline():  # a worker imports; the admin follows it on the job's page
        job = import_job.start(current_user, files, [f.filename for f in files])
        return redirect(url_for("jobs.status", job_id=job.id), 303)
    try:
        report = catalog.import_all((upload.filename, upload.read) for upload in files)
    except catalog.FileRefused as refused:
        form.files.errors.append(
            _("%(file)s: %(why)s Nothing was imported.", file=refused.name, why=refused.reason)
        )
        return _import_page(form, 400)
    flash(report.summary(), "success")
    return render_template("recognition/import.html", form=ImportForm(), report=report)


def _import_page(form: ImportForm, status: int):
    return render_template("recognition/import.html", form=form, report=None), status
