"""Pages of the recognition plugin, under ``/p/recognition``."""

from __future__ import annotations

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from wtforms import SelectChoice

from plugins.recognition import catalog, record, scales, services
from plugins.recognition.eperusteet import ImportRefused
from plugins.recognition.forms import (
    DECIDER_LABELS,
    STATUS_LABELS,
    DecisionForm,
    DemonstrationForm,
    EvidenceForm,
    ImportForm,
    MoveForm,
    QualificationForm,
    UnitsForm,
    grade_form,
)
from plugins.recognition.models import (
    DECIDED,
    RecognitionDemonstration,
    RecognitionEvent,
    RecognitionEvidence,
    RecognitionGrade,
    RecognitionMember,
    RecognitionPlan,
    RecognitionPlanUnit,
    RecognitionQualification,
    RecognitionRequirement,
    RecognitionTarget,
    RecognitionUnit,
)
from plugins.recognition.panels import demonstrations_to_assess
from portal.api import (
    CONFLICT,
    Client,
    Company,
    CompanyStatus,
    Role,
    RuleError,
    SearchForm,
    User,
    audit,
    changed_since,
    clock,
    collect,
    commit_or_conflict,
    db,
    get_client_or_404,
    paginate,
    roles_required,
    show_rule_error,
)
from portal.api import in_user_language as loc

bp = Blueprint("recognition", __name__, template_folder="templates")
STAFF = ("coach", "admin")


@bp.app_context_processor
def helpers():
    return {
        "status_labels": STATUS_LABELS,
        "decider_labels": DECIDER_LABELS,
        "level_label": scales.level_label,
        "scale_names": scales.SCALE_NAMES,
        "num": _num,
        "points": _points,
    }


def _num(value: float | None) -> str:
    return "–" if value is None else f"{value:g}"


# --- catalog -------------------------------------------------------------------------------


@bp.route("/")
@roles_required(*STAFF, "employer")
def index():
    search = SearchForm(request.args)
    text = (search.q.data or "").strip()[:100]
    qualifications = db.session.scalars(catalog.search_qualifications(text).limit(50)).all()
    units = paginate(catalog.search_units(text))
    to_assess = []
    if current_user.role == Role.EMPLOYER:
        to_assess = demonstrations_to_assess(current_user)
    return render_template(
        "recognition/index.html",
        search=search,
        qualifications=qualifications,
        units=units,
        to_assess=to_assess,
    )


@bp.route("/qualifications/<int:qualification_id>")
@roles_required(*STAFF, "employer")
def qualification(qualification_id: int):
    qual = db.session.get(RecognitionQualification, qualification_id) or abort(404)
    units = {
        unit.code: (unit, member)
        for member, unit in db.session.execute(
            select(RecognitionMember, RecognitionUnit)
            .join(RecognitionUnit, RecognitionUnit.id == RecognitionMember.unit_id)
            .where(RecognitionMember.qualification_id == qual.id)
        )
    }
    placed = _codes_in(qual.structure)
    others = [pair for code, pair in units.items() if code not in placed]
    return render_template("recognition/qualification.html", qual=qual, units=units, others=others)


def _codes_in(modules: list[dict]) -> set[str]:
    codes: set[str] = set()
    for module in modules:
        codes.update(module.get("units", []))
        codes |= _codes_in(module.get("children", []))
    return codes


@bp.route("/units/<int:unit_id>")
@roles_required(*STAFF, "employer")
def unit(unit_id: int):
    found = db.session.get(RecognitionUnit, unit_id) or abort(404)
    return render_template(
        "recognition/unit.html",
        unit=found,
        requirements=_requirements(found.id),
        targets=_targets(found.id),
    )


def _requirements(unit_id: int) -> list[RecognitionRequirement]:
    return db.session.scalars(
        select(RecognitionRequirement)
        .where(RecognitionRequirement.unit_id == unit_id)
        .order_by(RecognitionRequirement.position)
    ).all()


def _targets(unit_id: int) -> list[RecognitionTarget]:
    return db.session.scalars(
        select(RecognitionTarget)
        .where(RecognitionTarget.unit_id == unit_id)
        .order_by(RecognitionTarget.position)
    ).all()


@bp.route("/import", methods=["GET", "POST"])
@roles_required("admin")
def import_files():
    form = ImportForm()
    status = 200
    if form.validate_on_submit():
        files = [f for f in request.files.getlist(form.files.name) if f and f.filename]
        if not files:
            form.files.errors.append(_("Choose at least one file."))
            status = 400
        else:
            try:
                report = catalog.ImportReport()
                for upload in files:
                    report.add(catalog.import_file(upload.read()))
            except ImportRefused as error:
                db.session.rollback()
                form.files.errors.append(
                    _("%(file)s: %(why)s Nothing was imported.", file=upload.filename, why=error)
                )
                status = 400
            else:
                audit.record("recognition.import", purpose=report.summary())
                db.session.commit()
                flash(report.summary(), "success")
                return render_template("recognition/import.html", form=ImportForm(), report=report)
    elif request.method == "POST":
        status = 400
    return render_template("recognition/import.html", form=form, report=None), status


# --- a client's plan ---------------------------------------------------------------------


def _client(client_id: int) -> Client:
    return get_client_or_404(current_user, client_id)


def _plan(client: Client) -> RecognitionPlan | None:
    return db.session.scalar(select(RecognitionPlan).where(RecognitionPlan.client_id == client.id))


def _qualification_choices() -> list[SelectChoice]:
    rows = db.session.scalars(
        select(RecognitionQualification).order_by(RecognitionQualification.name_fi)
    )
    return [SelectChoice(q.id, f"{loc(q.name)} ({q.diary_number})") for q in rows]


def _units_form(plan: RecognitionPlan | None, rows) -> UnitsForm:
    form = UnitsForm()
    if plan is None:
        form.units.choices = []
        return form
    present = {pu.unit_id for pu, _u, _m in rows}
    members = db.session.execute(
        select(RecognitionMember, RecognitionUnit)
        .join(RecognitionUnit, RecognitionUnit.id == RecognitionMember.unit_id)
        .where(RecognitionMember.qualification_id == plan.qualification_id)
        .order_by(RecognitionMember.position)
    )
    form.units.choices = [
        SelectChoice(u.id, f"{loc(u.name)} ({_points(m)})")
        for m, u in members
        if u.id not in present
    ]
    return form


def _points(member: RecognitionMember | None) -> str:
    if member is None or member.points is None:
        return "–"
    if member.points_max and member.points_max != member.points:
        return f"{_num(member.points)}–{_num(member.points_max)}"
    return _num(member.points)


def _plan_page(client: Client, *, qual_form=None, units_form=None, status=200):
    plan = _plan(client)
    rows = services.plan_units(plan.id) if plan else []
    if qual_form is None:
        qual_form = QualificationForm(qualification=plan.qualification_id if plan else None)
    qual_form.qualification.choices = _qualification_choices()
    units_form = units_form or _units_form(plan, rows)
    qual = db.session.get(RecognitionQualification, plan.qualification_id) if plan else None
    return render_template(
        "recognition/plan.html",
        client=client,
        plan=plan,
        qual=qual,
        rows=rows,
        qual_form=qual_form,
        units_form=units_form,
    ), status


@bp.route("/clients/<int:client_id>", methods=["GET", "POST"])
@roles_required(*STAFF)
def plan(client_id: int):
    client = _client(client_id)
    form = QualificationForm()
    form.qualification.choices = _qualification_choices()
    if request.method == "POST":
        if not form.validate_on_submit():
            return _plan_page(client, qual_form=form, status=400)
        try:
            services.choose_qualification(client, form.qualification.data, current_user)
        except RuleError as error:
            show_rule_error(form, error)
            return _plan_page(client, qual_form=form, status=400)
        audit.record("recognition.plan", client_id=client.id)
        db.session.commit()
        flash(_("Target qualification saved."), "success")
        return redirect(url_for("recognition.plan", client_id=client.id))
    return _plan_page(client)


@bp.route("/clients/<int:client_id>/units", methods=["POST"])
@roles_required(*STAFF)
def add_units(client_id: int):
    client = _client(client_id)
    plan_row = _plan(client) or abort(404)
    form = _units_form(plan_row, services.plan_units(plan_row.id))
    if not form.validate_on_submit():
        return _plan_page(client, units_form=form, status=400)
    try:
        services.add_units(plan_row, form.units.data or [], current_user)
    except RuleError as error:
        db.session.rollback()
        show_rule_error(form, error)
        return _plan_page(client, units_form=form, status=400)
    db.session.commit()
    flash(_("Units added to the plan."), "success")
    return redirect(url_for("recognition.plan", client_id=client.id))


def _plan_unit(client: Client, unit_id: int) -> RecognitionPlanUnit:
    """The client's plan row for catalog unit ``unit_id``; if it is not in the plan, back to the
    plan page with a message."""
    found = db.session.scalar(
        select(RecognitionPlanUnit)
        .join(RecognitionPlan, RecognitionPlan.id == RecognitionPlanUnit.plan_id)
        .where(RecognitionPlan.client_id == client.id, RecognitionPlanUnit.unit_id == unit_id)
    )
    if found is None:
        flash(_("This unit is not in the client's plan."), "error")
        abort(redirect(url_for("recognition.plan", client_id=client.id)))
    return found


def _unit_page(client: Client, unit_id: int, status: int = 200, **forms):
    pu = _plan_unit(client, unit_id)
    found = db.session.get(RecognitionUnit, pu.unit_id)
    plan_row = db.session.get(RecognitionPlan, pu.plan_id)
    choices = _evidence_choices(client)
    evidence_form = forms.get("evidence_form") or EvidenceForm()
    evidence_form.source.choices = [SelectChoice("", _("(none: describe in the note)"))] + [
        SelectChoice(c.ref, c.label) for c in choices
    ]
    move_form = forms.get("move_form") or MoveForm(version=pu.version)
    move_form.status.choices = [
        SelectChoice(s, STATUS_LABELS[s]) for s in services.MOVES.get(pu.status, ())
    ]
    decision_form = forms.get("decision_form") or DecisionForm(version=pu.version)
    demo_form = forms.get("demo_form") or DemonstrationForm()
    _demo_choices(demo_form)
    evidence = db.session.scalars(
        select(RecognitionEvidence)
        .where(RecognitionEvidence.plan_unit_id == pu.id)
        .order_by(RecognitionEvidence.added_at)
    ).all()
    history = db.session.scalars(
        select(RecognitionEvent)
        .where(RecognitionEvent.plan_unit_id == pu.id)
        .options(selectinload(RecognitionEvent.actor))
        .order_by(RecognitionEvent.at.desc(), RecognitionEvent.id.desc())
    ).all()
    member = db.session.scalar(
        select(RecognitionMember).where(
            RecognitionMember.qualification_id == plan_row.qualification_id,
            RecognitionMember.unit_id == found.id,
        )
    )
    return render_template(
        "recognition/plan_unit.html",
        client=client,
        pu=pu,
        unit=found,
        member=member,
        evidence=evidence,
        history=history,
        demos=services.demonstrations_with_grades([pu.id]),
        decided=pu.status in DECIDED,
        evidence_form=evidence_form,
        move_form=move_form,
        decision_form=decision_form,
        demo_form=demo_form,
    ), status


def _evidence_choices(client: Client) -> list[services.EvidenceChoice]:
    return services.evidence_choices(client, collect("portal_evidence_items", client=client))


def _demo_choices(form: DemonstrationForm) -> None:
    companies = db.session.scalars(
        select(Company).where(Company.status == CompanyStatus.ACTIVE).order_by(Company.name)
    ).all()
    form.company.choices = [SelectChoice(c.id, c.name) for c in companies]
    employers = db.session.execute(
        select(User, Company.name)
        .join(Company, Company.id == User.company_id)
        .where(User.role == Role.EMPLOYER, User.active.is_(True))
        .order_by(Company.name, User.name)
    )
    form.employer_assessor.choices = [
        SelectChoice(u.id, f"{u.name} ({name})") for u, name in employers
    ]


@bp.route("/clients/<int:client_id>/units/<int:unit_id>")
@roles_required(*STAFF)
def plan_unit(client_id: int, unit_id: int):
    return _unit_page(_client(client_id), unit_id)


def _finish(client: Client, unit_id: int, message: str):
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("recognition.plan_unit", client_id=client.id, unit_id=unit_id))


@bp.route("/clients/<int:client_id>/units/<int:unit_id>/evidence", methods=["POST"])
@roles_required(*STAFF)
def add_evidence(client_id: int, unit_id: int):
    client = _client(client_id)
    pu = _plan_unit(client, unit_id)
    form = EvidenceForm()
    choices = {c.ref: c for c in _evidence_choices(client)}
    form.source.choices = [SelectChoice("", "")] + [
        SelectChoice(ref, c.label) for ref, c in choices.items()
    ]
    if not form.validate_on_submit():
        return _unit_page(client, unit_id, 400, evidence_form=form)
    try:
        services.add_evidence(
            pu, choices.get(form.source.data or ""), form.note.data or "", current_user
        )
    except RuleError as error:
        show_rule_error(form, error)
        return _unit_page(client, unit_id, 400, evidence_form=form)
    return _finish(client, unit_id, _("Evidence linked."))


@bp.route("/clients/<int:client_id>/units/<int:unit_id>/status", methods=["POST"])
@roles_required(*STAFF)
def move(client_id: int, unit_id: int):
    client = _client(client_id)
    pu = _plan_unit(client, unit_id)
    form = MoveForm()
    form.status.choices = [
        SelectChoice(s, STATUS_LABELS[s]) for s in services.MOVES.get(pu.status, ())
    ]
    if not form.validate_on_submit():
        return _unit_page(client, unit_id, 400, move_form=form)
    if changed_since(pu, form.version.data):
        return _unit_page(client, unit_id, CONFLICT)
    try:
        services.move(pu, form.status.data, current_user, form.reason.data or "")
    except RuleError as error:
        show_rule_error(form, error)
        return _unit_page(client, unit_id, 400, move_form=form)
    if not commit_or_conflict():
        return _unit_page(client, unit_id, CONFLICT)
    flash(_("Status changed."), "success")
    return redirect(url_for("recognition.plan_unit", client_id=client.id, unit_id=unit_id))


@bp.route("/clients/<int:client_id>/units/<int:unit_id>/decide", methods=["POST"])
@roles_required(*STAFF)
def decide(client_id: int, unit_id: int):
    client = _client(client_id)
    pu = _plan_unit(client, unit_id)
    form = DecisionForm()
    if not form.validate_on_submit():
        return _unit_page(client, unit_id, 400, decision_form=form)
    if changed_since(pu, form.version.data):
        return _unit_page(client, unit_id, CONFLICT)
    points = float(form.points.data) if form.points.data is not None else None
    try:
        services.decide(
            pu, form.outcome.data, points, form.decided_on.data, form.reason.data, current_user
        )
    except RuleError as error:
        db.session.rollback()
        show_rule_error(form, error)
        return _unit_page(client, unit_id, 400, decision_form=form)
    audit.record("recognition.decision", client_id=client.id, object_type="unit", object_id=pu.id)
    if not commit_or_conflict():
        return _unit_page(client, unit_id, CONFLICT)
    flash(_("Decision recorded."), "success")
    return redirect(url_for("recognition.plan_unit", client_id=client.id, unit_id=unit_id))


@bp.route("/clients/<int:client_id>/units/<int:unit_id>/remove", methods=["POST"])
@roles_required(*STAFF)
def remove_unit(client_id: int, unit_id: int):
    client = _client(client_id)
    pu = _plan_unit(client, unit_id)
    try:
        services.remove_unit(pu)
    except RuleError as error:
        flash(error.message, "error")
        return redirect(url_for("recognition.plan_unit", client_id=client.id, unit_id=unit_id))
    db.session.commit()
    flash(_("Unit removed from the plan."), "success")
    return redirect(url_for("recognition.plan", client_id=client.id))


@bp.route("/clients/<int:client_id>/units/<int:unit_id>/demonstrations", methods=["POST"])
@roles_required(*STAFF)
def plan_demonstration(client_id: int, unit_id: int):
    client = _client(client_id)
    pu = _plan_unit(client, unit_id)
    form = DemonstrationForm()
    _demo_choices(form)
    if not form.validate_on_submit():
        return _unit_page(client, unit_id, 400, demo_form=form)
    data = services.DemonstrationData(
        company_id=form.company.data,
        start_date=form.start_date.data,
        end_date=form.end_date.data,
        tasks=form.tasks.data.strip(),
        teacher_name=form.teacher_name.data.strip(),
        employer_assessor_id=form.employer_assessor.data,
    )
    try:
        services.plan_demonstration(pu, data, current_user)
    except RuleError as error:
        db.session.rollback()
        show_rule_error(form, error)
        return _unit_page(client, unit_id, 400, demo_form=form)
    return _finish(client, unit_id, _("Demonstration planned; the assessor was told by email."))


# --- demonstrations, as the assessor sees them ------------------------------------------------


def _demonstration(demo_id: int) -> tuple[RecognitionDemonstration, Client]:
    """The working-life assessor reaches their own demonstrations; staff those of their clients."""
    demo = db.session.scalar(
        select(RecognitionDemonstration)
        .where(RecognitionDemonstration.id == demo_id)
        .options(
            selectinload(RecognitionDemonstration.company),
            selectinload(RecognitionDemonstration.employer_assessor),
        )
    ) or abort(404)
    pu = db.session.get(RecognitionPlanUnit, demo.plan_unit_id)
    plan_row = db.session.get(RecognitionPlan, pu.plan_id)
    if current_user.role == Role.EMPLOYER:
        if (
            demo.employer_assessor_id != current_user.id
            or demo.company_id != current_user.company_id
        ):
            abort(404)
        client = db.session.get(Client, plan_row.client_id)
    else:
        client = get_client_or_404(current_user, plan_row.client_id)
    return demo, client


@bp.route("/demonstrations/<int:demo_id>", methods=["GET", "POST"])
@roles_required(*STAFF, "employer")
def demonstration(demo_id: int):
    demo, client = _demonstration(demo_id)
    pu = db.session.get(RecognitionPlanUnit, demo.plan_unit_id)
    found = db.session.get(RecognitionUnit, pu.unit_id)
    targets = _targets(found.id)
    levels = scales.levels(found.scale)
    form_class = grade_form(targets, levels, {t.id: loc(t.title) for t in targets})
    existing = {
        g.target_id: g.grade
        for g in db.session.scalars(
            select(RecognitionGrade).where(RecognitionGrade.demonstration_id == demo.id)
        )
    }
    defaults = {f"target_{k}": v for k, v in existing.items()}
    if demo.grade:
        defaults |= {
            "overall": demo.grade,
            "assessed_on": demo.assessed_on,
            "decided_by": demo.decided_by,
            "discussion": demo.discussion,
            "comment": demo.comment,
        }
    form = form_class(data=defaults if request.method == "GET" else None, version=demo.version)
    status = 200
    if request.method == "POST":
        if form.validate_on_submit() and not changed_since(demo, form.version.data):
            try:
                services.grade(
                    demo,
                    targets,
                    {t.id: getattr(form, f"target_{t.id}").data or "" for t in targets},
                    form.overall.data or "",
                    form.assessed_on.data,
                    form.decided_by.data or [],
                    form.discussion.data or [],
                    form.comment.data or "",
                    current_user,
                )
            except RuleError as error:
                db.session.rollback()
                show_rule_error(form, error)
                status = 400
            else:
                if commit_or_conflict():
                    flash(_("Assessment saved."), "success")
                    return redirect(url_for("recognition.demonstration", demo_id=demo.id))
                status = CONFLICT
        else:
            status = CONFLICT if form.version.data != str(demo.version) else 400
    return render_template(
        "recognition/demonstration.html",
        demo=demo,
        client=client,
        unit=found,
        targets=targets,
        form=form,
        levels=levels,
        editable=pu.status not in DECIDED,
    ), status


# --- the record for the school ------------------------------------------------------------------


def _record_client(client_id: int) -> Client:
    client = _client(client_id)
    audit.record("recognition.record", client_id=client.id, purpose=request.path)
    db.session.commit()
    return client


@bp.route("/clients/<int:client_id>/record")
@roles_required(*STAFF, "client")
def school_record(client_id: int):
    client = _record_client(client_id)
    data = record.build(client)
    return render_template("recognition/record.html", client=client, data=data, today=clock.today())


@bp.route("/clients/<int:client_id>/record.json")
@roles_required(*STAFF, "client")
def school_record_json(client_id: int):
    client = _record_client(client_id)
    response = jsonify(record.as_ehoks(record.build(client)))
    response.headers["Content-Disposition"] = (
        f'attachment; filename="osaamisen-tunnistaminen-{client.id}.json"'
    )
    return response
