"""No lost updates, no duplicates: every POST route is a create, an edit, or named as neither.

A create sent twice with the same form token stores one row and answers the same both times;
an edit sent with a stale version answers 409 and changes nothing. The routes come from the
app's URL map, so a new POST route fails here until it is put in one of the tables below.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from sqlalchemy import MetaData, select, text

from portal.app import clock, once
from portal.app.extensions import db
from portal.models import (
    Checkpoint,
    CheckpointAction,
    Client,
    CoachVisit,
    Company,
    CompanyCoach,
    DistanceRound,
    FollowUp,
    FormSubmission,
    GroupSession,
    IntensifiedPlan,
    JobSearchActivity,
    NetworkPartner,
    Placement,
    Project,
    Referral,
    Review,
    ReviewAction,
    ReviewLink,
    User,
)
from portal.models.distance import AREAS as DISTANCE_AREAS
from tests.support.browser import Browser
from tests.support.walk import (
    Route,
    plugin_actions,
    plugin_creates,
    plugin_edits,
    plugin_rows,
)

TODAY = clock.today()
#: The supervisor's single-use link to the held review (only its hash is stored).
LINK_TOKEN = "walk-link-token"

#: POST routes that neither create nor edit a row through a form, and why.
NEITHER = {
    "/login": "signs in; stores no record",
    "/logout": "signs out",
    "/language": "switches the language of the session",
    "/invitation/<token>": "the single-use invitation token already allows one use",
    "/account/password": "changing one's password again to the same value changes nothing",
    "/login/code": "the second step of signing in; a code works once",
    "/account/confirm": "confirms the password for the session; stores no record",
    "/account/mfa": "turning two-step sign-in on again is refused: it is on already",
    "/account/mfa/recovery": "making new recovery codes on purpose; the last ones shown count",
    "/account/mfa/off": "turning two-step sign-in off twice is refused the second time",
    "/admin/users/<int:user_id>/mfa-reset": "resetting twice leaves it as reset once",
    "/admin/users/<int:user_id>/invite": "sends a new invitation on purpose",
    "/clients/<int:client_id>/account": "sends the client an invitation on purpose",
    "/clients/": "a posted search: kept in the session, stores no record",
    "/clients/<int:client_id>/duplicates": "a posted search: kept in the session, stores no record",
    "/clients/<int:client_id>/merge/<int:other_id>": "a merge carries both records' versions (a "
    "stale one answers 409) and a replay finds the other merged and changes nothing "
    "(tests/test_merge.py sends it stale and twice)",
    "/admin/users": "a posted search: kept in the session, stores no record",
    "/projects/organisation": "renaming the organisation twice leaves the one name",
    "/admin/companies": "a posted search: kept in the session, stores no record",
    "/groups/<int:group_id>/members/find": "a posted search: kept in the session, stores no record",
    "/search/": "a posted search: kept in the session, stores no record",
    "/admin/outbox/<int:message_id>/resend": "sends a new link on purpose (the form token "
    "makes a double submit send one)",
    "/worklist/<kind>/<int:item_id>": "one mark per user and item: sending it again replaces "
    "the mark (tests/test_worklist.py sends it twice)",
    "/clients/<int:client_id>/state": "a phase move: a replay is refused by the phase rules",
    "/admin/clients/<int:client_id>/privacy": "erasure: a replay finds no client and answers 404",
    "/clients/<int:client_id>/consents/<int:consent_id>/withdraw": "withdrawing twice is a no-op",
    "/my/data/consents/<int:consent_id>/withdraw": "withdrawing twice is a no-op",
    "/clients/<int:client_id>/checkpoints/<int:checkpoint_id>/close": "closing twice is refused",
    "/clients/<int:client_id>/checkpoints/<int:checkpoint_id>/actions/<int:action_id>/done": (
        "marking an action done twice is a no-op"
    ),
    "/notifications/<int:notification_id>/read": "marking read twice leaves it read once",
    "/notifications/read": "marking all read twice leaves them read once",
    "/notifications/email": "choosing the same kinds twice stores the same choice (it is "
    "refused without the form's token)",
    "/p/recognition/import": (
        "importing the same ePerusteet files again updates the catalog to the same content"
    ),
    # Uploads: the same file sent twice to one target is one row (a unique constraint on the
    # kind, the target and the file's SHA-256; tests/test_attachments.py sends it twice).
    "/clients/<int:client_id>/job-search/<int:entry_id>/files": "an upload, stored once",
    "/p/onboarding/progress/<int:progress_id>/steps/<key>/photos": "an upload, stored once",
    "/p/onboarding/models/<int:model_id>/steps/<key>/photos": "an upload, stored once",
    "/p/onboarding/models/<int:model_id>/translations/<item_key>/<locale>": (
        "one row per model, item and language, versioned: a stale edit answers 409 and a "
        "double submit stores one (tests/plugins/test_onboarding_languages.py)"
    ),
    "/p/recognition/demonstrations/<int:demo_id>/photos": "an upload, stored once",
    "/attachments/<int:attachment_id>/remove": "removing twice answers 404 the second time",
    "/admin/tokens/<int:token_id>/revoke": "revoking twice leaves the token revoked once",
    "/admin/webhooks/<int:webhook_id>/stop": "stopping twice leaves the webhook stopped once",
    "/admin/webhooks/<int:webhook_id>/messages/<int:delivery_id>/again": "a message sent "
    "again is one row whose tries go on; a second press finds it delivered or waiting "
    "(tests/test_webhooks.py)",
    "/api/v1/clients": "the JSON API takes no form: a referral sent again with the same "
    "Idempotency-Key is saved once (tests/test_api.py sends it twice)",
    "/api/v1/clients/<int:client_id>/outcome": "the JSON API: one outcome per young person, "
    "sent twice it answers 422 (tests/test_api_records.py)",
    "/api/v1/companies": "the JSON API: a business ID is unique, sent twice it answers 422 "
    "(tests/test_api_records.py)",
    "/api/v1/clients/import": "the JSON API takes no form: the list is saved in one "
    "transaction, and sent again with the same Idempotency-Key it is refused with 409 "
    "(tests/test_api_import.py sends it twice)",
    "/imports/clients": "an upload kept as a file for its preview: stores no record",
    "/imports/companies": "an upload kept as a file for its preview: stores no record",
    "/imports/clients/<key>": "the import's commit: its form token and the preview's own "
    "one-time claim save the file once (tests/test_import.py sends it twice and from two tabs)",
    "/imports/companies/<key>": "the import's commit, saved once as the young people's is",
}

#: Recognition routes that need a decided unit or the teacher role, which the walk's world has
#: not; each goes through submit_form (edits with the row's version) or submit_action, and
#: tests/plugins/test_recognition_ehoks.py sends them stale, twice and from the wrong role.
RECOGNITION_ROUTES_WALKED_ELSEWHERE = {
    "/p/recognition/clients/<int:client_id>/units/<int:unit_id>/reopen": "a decided unit",
    "/p/recognition/clients/<int:client_id>/units/<int:unit_id>/confirm": "the teacher role",
    "/p/recognition/clients/<int:client_id>/school": "the teacher role",
    "/p/recognition/clients/<int:client_id>/teachers/<int:teacher_id>/end": "a teacher",
}


#: Every POST route that is not walked here, with the reason.
EXEMPT = set(NEITHER) | set(RECOGNITION_ROUTES_WALKED_ELSEWHERE)


def _rows(w) -> dict[str, int]:
    """Rows the edit forms need, beyond the world's."""
    partner = NetworkPartner(name="Ohjaamo", kind="ohjaamo")
    db.session.add(partner)
    db.session.flush()
    rows = [
        Referral(
            client_id=w.client.id, partner_id=partner.id, direction="out", on=TODAY, reason="x"
        ),
        FollowUp(client_id=w.client.id, months=3, due_date=TODAY),
        GroupSession(group_id=w.group.id, on=TODAY - timedelta(days=25), title="Pelisäännöt"),
        JobSearchActivity(client_id=w.client.id, on=TODAY, organisation="Kauppa"),
        Checkpoint(client_id=w.client.id, placement_id=w.placement.id, difficulty="Myöhästely"),
        DistanceRound(client_id=w.client.id, kind="entry", opened_on=TODAY),
    ]
    grant = CompanyCoach(company_id=w.company.id, user_id=w.other_coach.id)
    # The coach makes the other company's onboarding model before placing anyone there.
    given = CompanyCoach(company_id=w.other_company.id, user_id=w.coach.id)
    # A second project the coach works in, to enrol the young person in again.
    first = db.session.get(Project, w.project.id)
    second = Project(
        organisation_id=first.organisation_id,
        name="Toinen",
        period_start=first.period_start,
        period_end=first.period_end,
        coaches=[db.session.get(User, w.coach.id)],
    )
    rows.append(second)
    db.session.add_all([*rows, grant, given])
    db.session.get(Placement, w.placement.id).end_date = TODAY
    db.session.flush()
    db.session.commit()
    [checkpoint] = [row for row in rows if isinstance(row, Checkpoint)]
    follow_ups = _follow_up_rows(w, checkpoint)
    ids = {type(r).__name__: r.id for r in [partner, grant, *rows, *follow_ups]}
    return ids | plugin_rows(w)


def _follow_up_rows(w, checkpoint: Checkpoint) -> list:
    """What follows a Check Point and a review: an action to carry over, a plan of
    intensified coaching (from an earlier, closed Check Point) with a visit due today, a held
    review with an action and a link."""
    earlier = Checkpoint(
        client_id=w.client.id,
        placement_id=w.placement.id,
        difficulty="Poissaolot",
        decision="continue_intensified",
        closed_at=clock.utcnow() - timedelta(days=7),
    )
    db.session.add(earlier)
    db.session.flush()
    plan = IntensifiedPlan(
        checkpoint_id=earlier.id,
        client_id=w.client.id,
        visits_per_week=1,
        weeks=1,
        focus_skill="punctuality",
        start_date=TODAY - timedelta(days=6),
        end_date=TODAY,
        scheduled_at=clock.utcnow() - timedelta(days=7),
    )
    review = Review(
        client_id=w.client.id,
        placement_id=w.placement.id,
        scheduled_on=TODAY,
        held_on=TODAY,
        notes="Sovittiin aamuvuoroista.",
        held_by_id=w.coach.id,
    )
    db.session.add_all([plan, review])
    db.session.flush()
    rows = [
        CheckpointAction(checkpoint_id=checkpoint.id, description="Herätys", due_date=TODAY),
        CoachVisit(plan_id=plan.id, client_id=w.client.id, due_date=TODAY),
        ReviewAction(review_id=review.id, description="Soita", owner="coach", due_date=TODAY),
        ReviewLink(
            review_id=review.id,
            token_hash=hashlib.sha256(LINK_TOKEN.encode()).hexdigest(),
            expires_at=clock.utcnow() + timedelta(days=1),
        ),
    ]
    db.session.add_all(rows)
    db.session.commit()
    return [plan, review, *rows]


def creates(w) -> dict[str, Route]:
    c = f"/clients/{w.client.id}"
    unit = f"{c}/units/{{RecognitionUnit}}"
    day = TODAY.isoformat()
    return {
        "/admin/users/new": Route(
            "admin", "/admin/users/new", {"name": "Uusi", "email": "uusi@example.fi"}
        ),
        "/projects/new": Route(
            "admin",
            "/projects/new",
            {"name": "Uusi hanke", "period_start": "2026-01-01", "period_end": "2027-12-31"},
        ),
        "/clients/<int:client_id>/enrol-again": Route(
            "coach", f"{c}/enrol-again", {"project_id": "{Project}"}, page=c, state="closed"
        ),
        "/admin/companies/new": Route(
            "admin", "/admin/companies/new", {"name": "Uusi Oy", "business_id": "1572860-0"}
        ),
        "/admin/partners/new": Route("admin", "/admin/partners/new", {"name": "Koulu"}),
        "/admin/tokens/new": Route(
            "admin",
            "/admin/tokens/new",
            {
                "name": "Raportointi",
                "account": w.coach.email,
                "scopes": "clients:read",
                "expires_on": (TODAY + timedelta(days=30)).isoformat(),
            },
            status=200,  # the page that shows the token once
            again=302,  # the list: the token was shown on the first answer only
        ),
        "/admin/webhooks/new": Route(
            "admin",
            "/admin/webhooks/new",
            {
                "name": "Asiakkuusjärjestelmä",
                "url": "https://example.org/polku",
                "account": w.coach.email,
                "events": "placement.started",
            },
            status=200,  # the page that shows the signing secret once
            again=302,  # the list: the secret was shown on the first answer only
        ),
        "/reports/clients/export": Route(
            "admin", "/reports/clients/export", {"fmt": "csv"}, status=303
        ),
        "/admin/companies/<int:company_id>/coaches": Route(
            "admin",
            f"/admin/companies/{w.other_company.id}/coaches",
            {"coach": str(w.other_coach.id)},
            page=f"/admin/companies/{w.other_company.id}",
        ),
        "/clients/new": Route(
            "coach",
            "/clients/new",
            {"first_name": "Uusi", "last_name": "Asiakas", "birth_year": "2005", "entry_date": day},
        ),
        "/groups/new": Route(
            "coach",
            "/groups/new",
            {
                "name": "Ryhmä 3",
                "start_date": day,
                "end_date": (TODAY + timedelta(days=13)).isoformat(),
                "coach_ids": str(w.coach.id),
            },
        ),
        "/groups/<int:group_id>/sessions/new": Route(
            "coach", f"/groups/{w.group.id}/sessions/new", {"on": day, "title": "Uusi"}
        ),
        "/accessibility": Route("coach", "/accessibility", {"message": "Kontrasti on heikko."}),
        "/my/job-search": Route(
            "client_user",
            "/my/job-search",
            {"on": day, "organisation": "Kahvila"},
            page="/my/job-search",
        ),
        "/trainees/<int:client_id>/concern": Route(
            "employer",
            f"/trainees/{w.client.id}/concern",
            {"difficulty": "Myöhästelee"},
            page=f"/trainees/{w.client.id}",
        ),
        "/clients/<int:client_id>/prior-learning/new": Route(
            "coach", f"{c}/prior-learning/new", {"what": "Trukkikortti"}
        ),
        "/clients/<int:client_id>/contacts/new": Route(
            "coach", f"{c}/contacts/new", {"on": day, "summary": "Puhelu"}
        ),
        "/clients/<int:client_id>/consents/new": Route("coach", f"{c}/consents/new"),
        "/clients/<int:client_id>/job-search/new": Route(
            "coach", f"{c}/job-search/new", {"on": day, "organisation": "Varasto"}
        ),
        "/clients/<int:client_id>/referrals/new": Route(
            "coach", f"{c}/referrals/new", {"on": day, "reason": "Asunto"}
        ),
        "/clients/<int:client_id>/placements/new": Route(
            "coach",
            f"{c}/placements/new",
            {
                "company_id": str(w.other_company.id),
                "supervisor_id": str(w.other_employer.id),
                "start_date": (TODAY + timedelta(days=60)).isoformat(),
                "end_date": (TODAY + timedelta(days=120)).isoformat(),
            },
        ),
        "/clients/<int:client_id>/placements/<int:placement_id>/interruptions/new": Route(
            "coach",
            f"{c}/placements/{w.placement.id}/interruptions/new",
            {"start_date": day, "end_date": day, "reason": "Sairaus"},
        ),
        "/clients/<int:client_id>/distance": Route("coach", f"{c}/distance", {"kind": "exit"}),
        "/clients/<int:client_id>/checkpoints/new": Route(
            "coach", f"{c}/checkpoints/new", {"difficulty": "Poissaoloja"}
        ),
        "/clients/<int:client_id>/outcome": Route(
            "coach",
            f"{c}/outcome",
            {
                "kind": "employed_same_field",
                "on": day,
                "employer_name": "Kauppa",
                "field": "Kauppa-ala",
            },
            state="pathway",
        ),
        "/clients/<int:client_id>/checkpoints/<int:checkpoint_id>/actions": Route(
            "coach",
            f"{c}/checkpoints/{{Checkpoint}}/actions",
            {"description": "Aamuherätys", "owner": "Aino", "due_date": day},
            page=f"{c}/checkpoints/{{Checkpoint}}",
        ),
        "/clients/<int:client_id>/reviews/new/<int:placement_id>": Route(
            "coach", f"{c}/reviews/new/{w.placement.id}", {"scheduled_on": day}
        ),
        "/clients/<int:client_id>/reviews/<int:review_id>/actions": Route(
            "coach",
            f"{c}/reviews/{{Review}}/actions",
            {"description": "Soita työpaikalle", "owner": "coach", "due_date": day},
            page=f"{c}/reviews/{{Review}}",
        ),
        "/clients/<int:client_id>/reviews/<int:review_id>/link": Route(
            "coach", f"{c}/reviews/{{Review}}/link", page=f"{c}/reviews/{{Review}}"
        ),
        "/p/assessments/clients/<int:client_id>/request": Route(
            "coach",
            f"/p/assessments/clients/{w.client.id}/request",
            {"placement": str(w.placement.id)},
            page=f"/p/assessments/clients/{w.client.id}",
        ),
        "/p/recognition/clients/<int:client_id>/units/<int:unit_id>/evidence": Route(
            "coach",
            f"/p/recognition{unit}/evidence",
            {"source": "", "note": "Perehdytti uuden työntekijän"},
            page=f"/p/recognition{unit}",
        ),
        "/p/recognition/clients/<int:client_id>/teachers": Route(
            "coach",
            f"/p/recognition/clients/{w.client.id}/teachers",
            {"email": "opettaja@koulu.fi", "name": "Outi Opettaja"},
            page=f"/p/recognition/clients/{w.client.id}",
        ),
        "/p/recognition/clients/<int:client_id>/units/<int:unit_id>/demonstrations": Route(
            "coach",
            f"/p/recognition{unit}/demonstrations",
            {
                "company": str(w.company.id),
                "employer_assessor": str(w.employer.id),
                "teacher_name": "Kaisa Opettaja",
                "start_date": day,
                "end_date": (TODAY + timedelta(days=3)).isoformat(),
                "tasks": "Perehdytys",
            },
            page=f"/p/recognition{unit}",
        ),
        "/p/onboarding/models/<int:model_id>/steps/new": Route(
            "coach",
            "/p/onboarding/models/{OnboardingModel}/steps/new",
            {"week": "1", "responsible": "coach", "title": "Tauot"},
        ),
        **plugin_creates(w),
    }


def edits(w) -> dict[str, Route]:
    c = f"/clients/{w.client.id}"
    return {
        "/admin/users/<int:user_id>": Route(
            "admin", f"/admin/users/{w.coach.id}", {"name": "Kaisa Valmentaja-Virta"}
        ),
        "/admin/companies/<int:company_id>": Route(
            "admin", f"/admin/companies/{w.company.id}", {"city": "Espoo"}
        ),
        "/projects/<int:project_id>/edit": Route(
            "admin", f"/projects/{w.project.id}/edit", {"funder": "ESR+"}
        ),
        "/projects/<int:project_id>/people": Route(
            "admin", f"/projects/{w.project.id}/people", {"company_ids": str(w.company.id)}
        ),
        "/admin/partners/<int:partner_id>": Route(
            "admin", "/admin/partners/{NetworkPartner}", {"contact": "040 123 4567"}
        ),
        "/clients/<int:client_id>/edit": Route("coach", f"{c}/edit", {"municipality": "Espoo"}),
        "/clients/<int:client_id>/sensitive": Route("coach", f"{c}/sensitive"),
        "/clients/<int:client_id>/language": Route(
            "coach", f"{c}/language", {"lang": "ru"}, page=c
        ),
        "/clients/<int:client_id>/esf": Route("coach", f"{c}/esf", {"gender": "female"}),
        "/groups/<int:group_id>/edit": Route(
            "coach", f"/groups/{w.group.id}/edit", {"name": "Ryhmä 1 (kevät)"}
        ),
        "/groups/<int:group_id>/members": Route(
            "coach", f"/groups/{w.group.id}/members", {"exception_reason": "Pieni ryhmä"}
        ),
        "/groups/<int:group_id>/sessions/<int:session_id>": Route(
            "coach",
            f"/groups/{w.group.id}/sessions/{{GroupSession}}",
            {f"client-{w.client.id}": "present"},
        ),
        "/reports/settings": Route("admin", "/reports/settings", {"name": "Polku-hanke"}),
        "/clients/<int:client_id>/referrals/<int:referral_id>": Route(
            "coach", f"{c}/referrals/{{Referral}}", {"result": "Asunto löytyi"}
        ),
        "/clients/<int:client_id>/distance/<int:round_id>": Route(
            "coach", f"{c}/distance/{{DistanceRound}}", dict.fromkeys(DISTANCE_AREAS, "3")
        ),
        "/my/distance/<int:round_id>": Route(
            "client_user", "/my/distance/{DistanceRound}", dict.fromkeys(DISTANCE_AREAS, "2")
        ),
        "/clients/<int:client_id>/follow-ups/<int:follow_up_id>": Route(
            "coach", f"{c}/follow-ups/{{FollowUp}}", {"result": "employed"}
        ),
        "/clients/<int:client_id>/job-search/<int:entry_id>": Route(
            "coach", f"{c}/job-search/{{JobSearchActivity}}", {"result": "interview"}, page=c
        ),
        "/clients/<int:client_id>/placements/<int:placement_id>": Route(
            "coach",
            f"{c}/placements/{w.placement.id}",
            {"tasks": "Hyllytys", "length_reason": "Lyhyt kokeilu"},
        ),
        "/clients/<int:client_id>/placements/<int:placement_id>/end": Route(
            "coach",
            f"{c}/placements/{w.placement.id}/end",
            {"on": TODAY.isoformat(), "reason": "Valmis"},
        ),
        "/clients/<int:client_id>/checkpoints/<int:checkpoint_id>": Route(
            "coach", f"{c}/checkpoints/{{Checkpoint}}", {"reassessment": "Parempi"}
        ),
        "/clients/<int:client_id>/reviews/<int:review_id>": Route(
            "coach", f"{c}/reviews/{{Review}}", {"notes": "Sovittiin iltavuoroista."}
        ),
        **plugin_edits(w),
    }


def actions(w) -> dict[str, Route]:
    """Forms that change rows they do not create, without a version: done once."""
    c = f"/clients/{w.client.id}"
    review = f"{c}/reviews/{{Review}}"
    unit = f"/p/recognition{c}/units/{{RecognitionUnit}}"
    return {
        "/p/recognition/clients/<int:client_id>/units/<int:unit_id>/demonstrations/"
        "<int:demo_id>/cancel": Route(
            "coach",
            f"/p/recognition{c}/units/{{GradedUnit}}/demonstrations/{{RecognitionDemonstration}}"
            "/cancel",
            {"reason": "Suunniteltu väärälle tutkinnon osalle", "confirmed": "yes"},
            page=f"/p/recognition{c}/units/{{GradedUnit}}",
        ),
        "/p/recognition/clients/<int:client_id>/units/<int:unit_id>/evidence/"
        "<int:evidence_id>/unlink": Route(
            "coach",
            f"{unit}/evidence/{{RecognitionEvidence}}/unlink",
            {"confirmed": "yes"},
            page=unit,
        ),
        "/clients/<int:client_id>/checkpoints/<int:checkpoint_id>/actions/<int:action_id>/carry": (
            Route(
                "coach",
                f"{c}/checkpoints/{{Checkpoint}}/actions/{{CheckpointAction}}/carry",
                {"carry-{CheckpointAction}-new_date": (TODAY + timedelta(days=7)).isoformat()},
                page=f"{c}/checkpoints/{{Checkpoint}}",
            )
        ),
        "/clients/<int:client_id>/plans/<int:plan_id>/review": Route(
            "coach", f"{c}/plans/{{IntensifiedPlan}}/review", {"outcome": "end", "notes": "Sujuu"}
        ),
        "/clients/<int:client_id>/visits/<int:visit_id>/done": Route(
            "coach", f"{c}/visits/{{CoachVisit}}/done", {"on": TODAY.isoformat()}
        ),
        "/clients/<int:client_id>/visits/<int:visit_id>/missed": Route(
            "coach", f"{c}/visits/{{CoachVisit}}/missed", {"reason": "Sairas"}
        ),
        "/clients/<int:client_id>/reviews/<int:review_id>/actions/<int:action_id>/done": Route(
            "coach", f"{review}/actions/{{ReviewAction}}/done", page=review
        ),
        "/admin/companies/<int:company_id>/coaches/<int:grant_id>/remove": Route(
            "admin",
            f"/admin/companies/{w.company.id}/coaches/{{CompanyCoach}}/remove",
            {"confirmed": "yes"},
            page=f"/admin/companies/{w.company.id}",
        ),
        "/my/reviews/<int:review_id>/confirm": Route(
            "client_user", "/my/reviews/{Review}/confirm", page="/my/reviews/{Review}"
        ),
        "/trainees/<int:client_id>/reviews/<int:review_id>/confirm": Route(
            "employer",
            f"/trainees/{w.client.id}/reviews/{{Review}}/confirm",
            page=f"/trainees/{w.client.id}/reviews/{{Review}}",
        ),
        # Once confirmed, the link's own page answers 410 before the form is read.
        "/reviews/confirm/<token>": Route(
            "employer",
            f"/reviews/confirm/{LINK_TOKEN}",
            {"name": "Veikko Varasto"},
            status=200,
            again=410,
        ),
        **plugin_actions(w),
    }


class FormValues(HTMLParser):
    """The values a browser would send for the first form posting to ``action`` on a page:
    through the form's own action, or through a button's ``formaction``."""

    def __init__(self, action: str) -> None:
        super().__init__()
        self.action, self.inside, self.done, self.matches = action, False, False, False
        self.values: dict[str, str] = {}
        self._current: dict[str, str] = {}
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and not self.done:
            self.inside = a.get("method", "").lower() == "post"
            self.matches = a.get("action", "") in ("", self.action)
            self._current = {}
        if not self.inside:
            return
        if a.get("formaction") == self.action:
            self.matches = True
        name = a.get("name")
        values = self._current
        if tag == "input" and name and a.get("type") not in ("submit", "checkbox", "radio"):
            values.setdefault(name, a.get("value", ""))
        elif tag == "input" and name and "checked" in a:
            values.setdefault(name, a.get("value", "y"))
        elif tag == "textarea":
            self._textarea = name
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and (self._select not in values or "selected" in a):
            values[self._select] = a.get("value", "")

    def handle_data(self, data):
        if self._textarea:
            self._current.setdefault(self._textarea, data.strip())

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form" and self.inside:
            self.inside = False
            if self.matches:
                self.values, self.done = self._current, True


def form_on(browser, route: Route) -> dict[str, str]:
    page = browser.get(route.page or route.url)
    assert page.status_code == 200, (route.url, page.status_code)
    parser = FormValues(route.url)
    parser.feed(page.get_data(as_text=True))
    assert parser.values, f"no form posting to {route.url} on {route.page or route.url}"
    return parser.values


def fingerprint() -> str:
    """Every row of every table but the bookkeeping ones (sessions, used tokens)."""
    skip = {"server_sessions", "form_submissions", "alembic_version", "audit_events"}
    meta = MetaData()
    meta.reflect(bind=db.engine)
    digest = hashlib.sha256()
    for name in sorted(set(meta.tables) - skip):
        rows = db.session.execute(text(f'SELECT * FROM "{name}"')).all()  # noqa: S608 - reflected
        digest.update(f"{name}:{sorted(map(repr, rows))}".encode())
    return digest.hexdigest()


def row_count() -> int:
    skip = {"server_sessions", "form_submissions", "audit_events"}
    meta = MetaData()
    meta.reflect(bind=db.engine)
    return sum(
        db.session.execute(select(db.func.count()).select_from(table)).scalar_one()
        for name, table in meta.tables.items()
        if name not in skip
    )


def resolve(route: Route, ids: dict[str, int]) -> Route:
    return replace(
        route,
        url=route.url.format(**ids),
        data={key.format(**ids): value.format(**ids) for key, value in route.data.items()},
        page=route.page.format(**ids) if route.page else None,
    )


def put_client_in(app, world, state: str) -> None:
    with app.app_context():
        db.session.get(Client, world.client.id).state = state
        db.session.commit()


@pytest.fixture
def walk(app, world, as_role):
    with app.app_context():
        ids = _rows(world)
    post_rules = {r.rule for r in app.url_map.iter_rules() if "POST" in (r.methods or ())}
    return ids, post_rules


def test_every_post_route_is_a_create_an_edit_or_named(app, world, walk):
    _ids, post_rules = walk
    walked = set(creates(world)) | set(edits(world)) | set(actions(world))
    assert post_rules - walked - EXEMPT == set(), "a new POST route: add it to a table"
    assert (walked | EXEMPT) - post_rules == set(), "a route in the tables no longer exists"
    assert walked & EXEMPT == set(), "a walked route is not exempt"


class _AnyRow:
    """Stands in for the world when only the rules of the tables are needed."""

    id = 0

    def __getattr__(self, name):
        return self


CREATE_RULES = sorted(creates(_AnyRow()))
EDIT_RULES = sorted(edits(_AnyRow()))
ACTION_RULES = sorted(actions(_AnyRow()))


def browser_for(app, world, as_role, role: str) -> Browser:
    """Signed in as one of the world's people; ``anonymous`` is someone with only a link."""
    return Browser(app.test_client()) if role == "anonymous" else as_role(role)


def opened_form(table, rule, app, world, walk, as_role):
    """Sign in as the route's role with the client in its phase, and read the form as sent."""
    ids, _rules = walk
    route = resolve(table(world)[rule], ids)
    put_client_in(app, world, route.state)
    browser = browser_for(app, world, as_role, route.role)
    return route, browser, {**form_on(browser, route), **route.data}


@pytest.mark.parametrize("rule", CREATE_RULES)
def test_a_create_sent_twice_is_stored_once(rule, app, world, walk, as_role):
    route, browser, data = opened_form(creates, rule, app, world, walk, as_role)
    assert data.get("form_token"), "the form carries no one-time token"
    with app.app_context():
        before = row_count()
    first = browser.client.post(route.url, data=data)
    assert first.status_code == route.status, first.get_data(as_text=True)[-3000:]
    with app.app_context():
        saved = row_count()
    assert saved > before
    again = browser.client.post(route.url, data=data)
    assert again.status_code == (route.again or first.status_code)
    with app.app_context():
        assert row_count() == saved
        assert db.session.get(FormSubmission, data["form_token"]).completed
    if route.again is None:
        assert again.location == first.location
    assert "Lomake oli jo tallennettu" in browser.get(again.location).get_data(as_text=True)


@pytest.mark.parametrize("rule", EDIT_RULES)
def test_a_stale_edit_is_refused_and_a_current_one_saved(rule, app, world, walk, as_role):
    route, browser, data = opened_form(edits, rule, app, world, walk, as_role)
    sent = data.get(route.version)
    assert sent, "the edit form carries no version"
    with app.app_context():
        before = fingerprint()
    older = int(sent) - 1 if int(sent) > 0 else 1  # a settings row not yet saved has 0
    stale = browser.client.post(route.url, data={**data, route.version: str(older)})
    assert stale.status_code == 409
    page = stale.get_data(as_text=True)
    assert route.conflict in page
    assert all(value in page for key, value in route.data.items() if not key.startswith("client-"))
    with app.app_context():
        assert fingerprint() == before
    fresh = form_on(browser, route)["form_token"]  # the page as the user opens it again
    saved = browser.client.post(route.url, data={**data, "form_token": fresh})
    assert saved.status_code in (302, 303), saved.get_data(as_text=True)[-3000:]
    with app.app_context():
        assert fingerprint() != before


NOT_VERSIONS = ["", "abc", "-1", "1.5", "99999999999999999999"]


@pytest.mark.parametrize("rule", EDIT_RULES)
def test_an_edit_without_a_well_formed_version_or_token_changes_nothing(
    rule, app, world, walk, as_role
):
    route, browser, data = opened_form(edits, rule, app, world, walk, as_role)
    without_version = {k: v for k, v in data.items() if k != route.version}
    without_token = {k: v for k, v in data.items() if k != "form_token"}
    sent = [without_version, without_token, {**data, "form_token": "made-up"}]
    sent += [{**data, route.version: bad} for bad in NOT_VERSIONS]
    with app.app_context():
        before = fingerprint()
    for body in sent:
        answer = browser.client.post(route.url, data=body)
        assert answer.status_code == 400, (body, answer.get_data(as_text=True)[-2000:])
        with app.app_context():
            assert fingerprint() == before, body


@pytest.mark.parametrize("rule", ACTION_RULES)
def test_an_action_sent_twice_is_done_once(rule, app, world, walk, as_role):
    route, browser, data = opened_form(actions, rule, app, world, walk, as_role)
    assert data.get("form_token"), "the form carries no one-time token"
    with app.app_context():
        before = fingerprint()
    first = browser.client.post(route.url, data=data)
    assert first.status_code == route.status, first.get_data(as_text=True)[-3000:]
    with app.app_context():
        done = fingerprint()
        assert db.session.get(FormSubmission, data["form_token"]).completed
    assert done != before
    again = browser.client.post(route.url, data=data)
    assert again.status_code == (route.again or first.status_code)
    with app.app_context():
        assert fingerprint() == done
    if route.again is None:
        assert again.location == first.location
        assert "Lomake oli jo tallennettu" in browser.get(again.location).get_data(as_text=True)


@pytest.mark.parametrize("rule", ACTION_RULES)
def test_an_action_with_a_token_it_was_not_given_does_nothing(rule, app, world, walk, as_role):
    route, browser, data = opened_form(actions, rule, app, world, walk, as_role)
    # Signed in first: signing in writes the account's own bookkeeping (its last TOTP step).
    other_session = form_on(browser_for(app, world, as_role, route.role), route)["form_token"]
    with app.app_context():
        before = fingerprint()
    for body in ({**data, "form_token": "x"}, {**data, "form_token": other_session}):
        answer = browser.client.post(route.url, data=body)
        assert answer.status_code < 500
        with app.app_context():
            assert fingerprint() == before, body


def test_a_token_is_used_once_and_old_tokens_are_dropped(app, world, monkeypatch):
    with app.test_request_context("/", method="POST"):
        assert once.claim("a") is None
        db.session.commit()  # the service's commit: the first request is still finishing
        monkeypatch.setattr(once, "WAIT_SECONDS", 0.1)
        assert once.claim("a") == once.Replay(finished=False)
        old = FormSubmission(token="old", created_at=clock.utcnow() - timedelta(days=3))
        db.session.add(old)
        db.session.commit()
        once.complete("a", db.session.get(Company, world.company.id))
        assert once.claim("a") == once.Replay(True, db.session.get(Company, world.company.id))
        assert db.session.get(FormSubmission, "old") is None
