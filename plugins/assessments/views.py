"""Pages of the assessments plugin, under ``/p/assessments``."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import Select, select
from sqlalchemy.orm import defer
from wtforms import SelectChoice

from plugins.assessments import definitions, feedback, links, reminders, services
from plugins.assessments.chart import chart_occasions, skill_chart
from plugins.assessments.forms import (
    FILLER_LABELS,
    OCCASION_LABELS,
    STATUS_LABELS,
    AmendForm,
    LinkForm,
    RequestForm,
    RespondentForm,
)
from plugins.assessments.i18n import _
from plugins.assessments.models import OPEN, Assessment, Status, is_open
from portal.api import (
    CASEWORKERS,
    Client,
    Company,
    ConfirmForm,
    Placement,
    Role,
    RuleError,
    audit,
    clock,
    db,
    employer_placements,
    get_client_or_404,
    in_language,
    keyset_page,
    public,
    reader_locale,
    roles_required,
    submit_action,
    submit_form,
    visible_client_ids_for,
)
from portal.api import in_user_language as loc

bp = Blueprint("assessments", __name__)
STAFF = CASEWORKERS
EVERYONE = (*CASEWORKERS, "employer", "client")


@bp.context_processor
def helpers():
    return {
        "occasion_labels": OCCASION_LABELS,
        "filler_labels": FILLER_LABELS,
        "assessment_status": STATUS_LABELS,
        "text_in": lambda text: in_language(text or {}, reader_locale()),
        "chart_occasions": chart_occasions,
        "skill_chart": skill_chart,
    }


def mine(user) -> Select:
    """The assessments ``user`` is asked to fill or may follow."""
    query = services.with_people(select(Assessment))
    if user.role == Role.EMPLOYER:
        # The company's placements first (a few hundred), then their assessments by index: a
        # check per assessment would look at every open one of the installation.
        placements = employer_placements(user).with_only_columns(Placement.id)
        return query.where(
            Assessment.filled_by == "supervisor", Assessment.placement_id.in_(placements)
        )
    ids = visible_client_ids_for(user, Assessment.client_id)
    query = query.where(Assessment.client_id.in_(ids))
    if user.role == Role.CLIENT:
        query = query.where(Assessment.filled_by == "client")
    return query


def _listed() -> Select:
    """``mine`` for a list of rows, which shows no answers: decoding every row's would cost
    more than the rest of the page."""
    return mine(current_user).options(defer(Assessment.answers, raiseload=True))


@bp.route("/")
@roles_required(*EVERYONE)
def index():
    today = clock.today()
    open_items = keyset_page(
        # In due order from the open assessments' own index (``is_open``).
        _listed().where(is_open()),
        Assessment.id,
        {"due": (Assessment.due_on,), "status": (Assessment.status,)},
        "due",
    )
    done = (
        db.session.scalars(
            _listed()
            .where(Assessment.status == Status.SUBMITTED)
            .order_by(Assessment.submitted_at.desc())
            .limit(20)
        )
        .unique()
        .all()
    )
    return render_template("assessments/index.html", open_items=open_items, done=done, today=today)


def _assessment(assessment_id: int) -> Assessment:
    """An assessment the current user may see (404 otherwise, so existence is not disclosed)."""
    item = db.session.scalar(mine(current_user).where(Assessment.id == assessment_id))
    if item is None:
        audit.denied(None, "assessment", assessment_id)
        abort(404)
    if request.method == "GET":
        audit.read(item.client_id, "assessments.assessment", item.id)
    return item


def _fill_page(item, form, *, status=200, respondent_form=None, action_url=None):
    return render_template(
        "assessments/fill.html",
        item=item,
        content=item.definition.content,
        form=form,
        respondent_form=respondent_form,
        action_url=action_url or request.path,
        name=item.client.first_name,
    ), status


def _handle_fill(item: Assessment, *, by, respondent_form=None, link=None):
    """Draft or submit through the form machinery: a double submit saves once, a stale form
    is refused with 409; None when saved, else the page with the form again."""
    content = item.definition.content
    final = request.form.get("action") == "submit"
    form = definitions.form_class(content, final=final)()
    if respondent_form is not None and final and not respondent_form.validate():
        form.validate()  # show the answers' errors too
        return _fill_page(item, form, status=400, respondent_form=respondent_form)
    respondent = respondent_form.respondent.data.strip() if respondent_form and final else ""
    submission = submit_form(
        form,
        lambda: services.fill(
            item,
            definitions.answers_from(form, content),
            final=final,
            by=by,
            respondent=respondent,
            link=link,
        ),
        record=item,
        success=_("Thank you. The assessment was submitted.") if final else _("Draft saved."),
    )
    if submission.saved:
        return None
    return _fill_page(item, form, status=submission.status, respondent_form=respondent_form)


@bp.route("/<int:assessment_id>", methods=["GET", "POST"])
@roles_required(*EVERYONE)
def fill(assessment_id: int):
    item = _assessment(assessment_id)
    if item.status not in OPEN or not services.may_fill(item, current_user):
        if request.method == "POST":
            flash(_("This assessment has already been submitted."), "error")
            return redirect(url_for("assessments.fill", assessment_id=item.id))
        return _view(item)
    if request.method == "POST":
        services.follow_newest_definition(item)
        done = _handle_fill(item, by=current_user)
        if done is not None:
            return done
        return redirect(url_for("assessments.fill", assessment_id=item.id))
    services.open_to_fill(item)
    form = definitions.form_class(item.definition.content, final=False)(
        data=definitions.as_data(item.answers), version=item.version
    )
    return _fill_page(item, form)


def _view(item: Assessment):
    history = []
    previous = item.amends_id
    while previous:  # the chain of amendments, newest first
        older = db.session.get(Assessment, previous)
        history.append(older)
        previous = older.amends_id
    may_amend = item.status == Status.SUBMITTED and (
        current_user.role in STAFF
        or (current_user.role == Role.EMPLOYER and item.filled_by == "supervisor")
        or (current_user.role == Role.CLIENT and item.filled_by == "client")
    )
    return render_template(
        "assessments/view.html",
        item=item,
        content=item.definition.content,
        history=history,
        may_amend=may_amend,
        low=services.is_low(item),
    )


@bp.route("/<int:assessment_id>/amend", methods=["GET", "POST"])
@roles_required(*EVERYONE)
def amend(assessment_id: int):
    item = _assessment(assessment_id)
    # A replay of a saved amendment finds the item amended already: the form machinery
    # answers it, so only a GET is sent away here.
    if request.method == "GET" and item.status != Status.SUBMITTED:
        flash(_("Only a submitted assessment can be amended."), "error")
        return redirect(url_for("assessments.fill", assessment_id=item.id))
    content = item.definition.content
    reason_form = AmendForm()
    form = definitions.form_class(content, final=True)(
        data=definitions.as_data(item.answers) if request.method == "GET" else None,
        version=item.version,
    )
    status = 200
    if request.method == "POST":
        if not reason_form.validate():
            form.validate()  # show the answers' errors too
            status = 400
        else:
            submission = submit_form(
                form,
                lambda: services.amend(
                    item,
                    definitions.answers_from(form, content),
                    reason_form.reason.data,
                    current_user,
                ),
                record=item,
                success=_("The amendment was saved as a new version."),
            )
            if submission.saved and submission.result is not None:
                return redirect(url_for("assessments.fill", assessment_id=submission.result.id))
            status = submission.status
    return render_template(
        "assessments/amend.html", item=item, content=content, form=form, reason_form=reason_form
    ), status


@bp.route("/<int:assessment_id>/link", methods=["POST"])
@roles_required(*STAFF)
def create_link(assessment_id: int):
    item = _assessment(assessment_id)
    form = LinkForm()
    back = redirect(url_for("assessments.client_results", client_id=item.client_id))
    submission = submit_form(form, lambda: links.create(item, form.email.data or "", current_user))
    if not submission.saved:
        refused = [*form.email.errors, *form.form_errors]
        flash(" ".join(map(str, refused)) or _("The link could not be created."), "error")
        return back
    if submission.result is None:  # sent again: the link was shown once and is not kept
        return back
    return render_template(
        "assessments/link.html", item=item, url=submission.result, email=form.email.data
    )


@bp.route("/<int:assessment_id>/remind", methods=["POST"])
@roles_required(*STAFF)
def remind(assessment_id: int):
    item = _assessment(assessment_id)

    def send() -> None:
        if not reminders.send_now(item):
            raise RuleError(
                _(
                    "No reminder was sent: two have been sent already, the assessment is "
                    "done, or there is no one to send it to."
                )
            )

    submit_action(ConfirmForm(), send, success=_("Reminder sent."))
    return redirect(url_for("assessments.client_results", client_id=item.client_id))


@bp.route("/a/<token>", methods=["GET", "POST"])
@public
def by_link(token: str):
    """A supervisor without an account: only this form and the trainee's first name."""
    try:
        link = links.find(token[:100])
    except RuleError as error:
        return render_template("assessments/link_invalid.html", message=error.message), 410
    item = db.session.scalar(
        services.with_people(select(Assessment)).where(Assessment.id == link.assessment_id)
    )
    if item is None or item.status not in OPEN:
        return render_template(
            "assessments/link_invalid.html",
            message=_("This assessment has already been submitted."),
        ), 410
    respondent_form = RespondentForm()
    if request.method == "POST":
        services.follow_newest_definition(item)
        done = _handle_fill(item, by=None, respondent_form=respondent_form, link=link)
        if done is not None:
            return done
        if item.status == Status.SUBMITTED:
            return render_template("assessments/thanks.html", name=item.client.first_name)
        return redirect(url_for("assessments.by_link", token=token))
    services.open_to_fill(item)
    form = definitions.form_class(item.definition.content, final=False)(
        data=definitions.as_data(item.answers), version=item.version
    )
    return _fill_page(item, form, respondent_form=respondent_form)


# --- the coach's views ------------------------------------------------------------------------


def _request_form(client: Client, offered: dict) -> RequestForm:
    form = RequestForm()
    form.form.choices = [SelectChoice(key, loc(c["title"])) for key, c in offered.items()]
    placements = db.session.execute(
        select(Placement, Company.name)
        .join(Company, Company.id == Placement.company_id)
        .where(Placement.client_id == client.id)
        .order_by(Placement.start_date.desc())
    ).all()
    form.placement.choices = [SelectChoice(0, _("No placement"))] + [
        SelectChoice(p.id, f"{name} {p.start_date:%d.%m.%Y}") for p, name in placements
    ]
    return form


@bp.route("/clients/<int:client_id>")
@roles_required(*STAFF)
def client_results(client_id: int):
    client = get_client_or_404(current_user, client_id)
    return _results_page(client)


def _results_page(client: Client, request_form: RequestForm | None = None, status: int = 200):
    items = (
        db.session.scalars(
            services.with_people(select(Assessment))
            .where(Assessment.client_id == client.id, Assessment.status != Status.CANCELLED)
            .order_by(Assessment.due_on, Assessment.id)
        )
        .unique()
        .all()
    )
    offered = definitions.available()
    submitted = [i for i in items if i.status == Status.SUBMITTED]
    return render_template(
        "assessments/results.html",
        client=client,
        items=items,
        series=services.skill_series(submitted),
        low=[i for i in submitted if services.is_low(i)],
        link_form=LinkForm(),
        request_form=request_form or _request_form(client, offered),
        today=clock.today(),
    ), status


@bp.route("/clients/<int:client_id>/request", methods=["POST"])
@roles_required(*STAFF)
def request_assessment(client_id: int):
    client = get_client_or_404(current_user, client_id)
    form = _request_form(client, definitions.available())
    placement = db.session.get(Placement, form.placement.data) if form.placement.data else None
    if placement is not None and placement.client_id != client.id:
        abort(404)
    submission = submit_form(
        form,
        lambda: services.ask_for(client, placement, form.form.data, "extra"),
        success=_("The assessment was added; the person who fills it sees it on their start page."),
    )
    if not submission.saved:
        return _results_page(client, form, submission.status)
    return redirect(url_for("assessments.client_results", client_id=client.id))


@bp.route("/companies")
@roles_required(*STAFF)
def companies():
    return render_template(
        "assessments/companies.html", rows=feedback.company_feedback(current_user)
    )
