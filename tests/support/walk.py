"""The built-in plugins' writing forms for the form walk (tests/test_no_lost_updates.py): the
rows they need, and how each is reached."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import timedelta

from plugins.assessments import definitions
from plugins.assessments.models import Assessment, AssessmentLink, Status
from plugins.onboarding.models import (
    OnboardingModel,
    OnboardingProgress,
    OnboardingSharedTemplate,
    OnboardingVersion,
)
from plugins.recognition.models import (
    RecognitionDemonstration,
    RecognitionEvidence,
    RecognitionMember,
    RecognitionPlan,
    RecognitionPlanUnit,
    RecognitionQualification,
    RecognitionUnit,
)
from portal.app import clock
from portal.app.extensions import db

TODAY = clock.today()
#: The supervisor's single-use link to the open assessment (only its hash is stored).
ASSESSMENT_LINK = "walk-assessment-link"
#: What a conflict says, in Finnish: the core's message, and the onboarding model's own.
CHANGED_MEANWHILE = "Joku muu tallensi muutoksia"
MODEL_CHANGED = "Malli on muuttunut"


@dataclass(frozen=True)
class Route:
    """How to reach one form: who signs in, the URL, the page showing the form, the data."""

    role: str
    url: str
    data: dict[str, str] = field(default_factory=dict)
    page: str | None = None  # the page with the form, when the route is POST-only
    state: str = "workplace_coaching"  # the world's client's phase for this form
    status: int = 302  # the answer to the first submission
    again: int | None = None  # the answer to the replay, when not the same as the first
    version: str = "version"  # the hidden field naming the version the form was rendered from
    conflict: str = CHANGED_MEANWHILE  # what the page says to a stale edit


def plugin_rows(w) -> dict[str, int]:
    """Rows of the plugins' forms: a recognition plan with its units, an onboarding model,
    and assessments."""
    return {**_recognition(w), **_onboarding(w), **_assessments(w)}


def _recognition(w) -> dict[str, int]:
    """A plan with one unit to work on (with evidence), one with a demonstration to grade, and
    a third unit of the qualification still outside the plan."""
    qualification = RecognitionQualification(source_id="q1", name={"fi": "Tutkinto"}, name_fi="T")
    units = [
        RecognitionUnit(code=f"u{n}", name={"fi": f"Osa {n}"}, name_fi=f"Osa {n}")
        for n in (1, 2, 3)
    ]
    db.session.add_all([qualification, *units])
    db.session.flush()
    plan = RecognitionPlan(client_id=w.client.id, qualification_id=qualification.id)
    members = [RecognitionMember(qualification_id=qualification.id, unit_id=u.id) for u in units]
    db.session.add_all([plan, *members])
    db.session.flush()
    worked, graded = (RecognitionPlanUnit(plan_id=plan.id, unit_id=u.id) for u in units[:2])
    db.session.add_all([worked, graded])
    db.session.flush()
    demo = RecognitionDemonstration(
        plan_unit_id=graded.id,
        company_id=w.company.id,
        start_date=TODAY - timedelta(days=3),
        end_date=TODAY,
        tasks="Keräily",
        teacher_name="Kaisa Opettaja",
        employer_assessor_id=w.employer.id,
    )
    evidence = RecognitionEvidence(plan_unit_id=worked.id, kind="note", label="Perehdytys")
    db.session.add_all([demo, evidence])
    db.session.commit()
    return {
        "RecognitionQualification": qualification.id,
        "RecognitionUnit": units[0].id,
        "GradedUnit": units[1].id,
        "FreeUnit": units[2].id,
        "RecognitionDemonstration": demo.id,
        "RecognitionEvidence": evidence.id,
    }


def _onboarding(w) -> dict[str, int]:
    """The company's model: version 1 agreed, version 2 (one step) not yet signed and followed
    by the placement; and an offer of another company's model waiting for a decision."""
    model = OnboardingModel(company_id=w.company.id, title="Perehdytys")
    db.session.add(model)
    db.session.flush()
    step = {
        "key": "s1",
        "week": 0,
        "responsible": "supervisor",
        "title": "Kierros",
        "description": "",
        "task_analysis": [],
        "skill_requirements": [],
    }
    now = clock.utcnow()
    agreed = OnboardingVersion(
        model_id=model.id,
        number=1,
        content={"steps": [], "fading_plan": []},
        coach_signed_by_id=w.coach.id,
        coach_signed_at=now,
        employer_signed_by_id=w.employer.id,
        employer_signed_at=now,
    )
    latest = OnboardingVersion(
        model_id=model.id, number=2, content={"steps": [step], "fading_plan": []}
    )
    db.session.add_all([agreed, latest])
    db.session.flush()
    progress = OnboardingProgress(placement_id=w.placement.id, version_id=latest.id)
    offer = OnboardingSharedTemplate(
        version_id=agreed.id, title="Perehdytys", content=agreed.content, offered_by_id=w.coach.id
    )
    db.session.add_all([progress, offer])
    db.session.commit()
    return {
        "OnboardingModel": model.id,
        "OnboardingProgress": progress.id,
        "OnboardingSharedTemplate": offer.id,
    }


def _assessments(w) -> dict[str, int]:
    """The supervisor's open assessment (with a link for the supervisor without an account)
    and a submitted one to amend."""
    content = definitions.available()["working_life_skills"]
    definition = definitions.stored(content)
    scores = {key: "4" for key in ("punctuality", "safety", "instructions", "cooperation")}
    scores |= {key: "4" for key in ("initiative", "customer_service", "quality", "learning")}

    def assessment(**fields) -> Assessment:
        return Assessment(
            client_id=w.client.id,
            placement_id=w.placement.id,
            definition_id=definition.id,
            form_key="working_life_skills",
            filled_by="supervisor",
            occasion="extra",
            due_on=TODAY,
            **fields,
        )

    open_one = assessment(status=Status.PENDING, answers={})
    submitted = assessment(
        status=Status.SUBMITTED, answers=scores, submitted_at=clock.utcnow(), respondent="V"
    )
    db.session.add_all([open_one, submitted])
    db.session.flush()
    db.session.add(
        AssessmentLink(
            assessment_id=open_one.id,
            token_hash=hashlib.sha256(ASSESSMENT_LINK.encode()).hexdigest(),
            email="",
            created_by_id=w.coach.id,
            expires_at=clock.utcnow() + timedelta(days=1),
        )
    )
    db.session.commit()
    return {"Assessment": open_one.id, "SubmittedAssessment": submitted.id}


def plugin_creates(w) -> dict[str, Route]:
    results = f"/p/assessments/clients/{w.client.id}"
    plan = f"/p/recognition/clients/{w.client.id}"
    return {
        "/p/assessments/<int:assessment_id>/amend": Route(
            "coach",
            "/p/assessments/{SubmittedAssessment}/amend",
            {"q_comment": "Korjattu arvio", "reason": "Väärä lomake"},
        ),
        # The link is shown once (only its hash is kept): sent again, back to the results.
        "/p/assessments/<int:assessment_id>/link": Route(
            "coach", "/p/assessments/{Assessment}/link", page=results, status=200, again=302
        ),
        "/p/onboarding/companies/<int:company_id>": Route(
            "coach", f"/p/onboarding/companies/{w.other_company.id}", {"title": "Kahvila"}
        ),
        "/p/onboarding/models/<int:model_id>/share": Route(
            "coach",
            "/p/onboarding/models/{OnboardingModel}/share",
            page="/p/onboarding/models/{OnboardingModel}",
        ),
        # A plan of its own for the other client, whom only the admin reaches.
        "/p/recognition/clients/<int:client_id>": Route(
            "admin",
            f"/p/recognition/clients/{w.other_client.id}",
            {"qualification": "{RecognitionQualification}"},
        ),
        "/p/recognition/clients/<int:client_id>/units": Route(
            "coach", f"{plan}/units", {"units": "{FreeUnit}"}, page=plan
        ),
    }


def plugin_edits(w) -> dict[str, Route]:
    model = "/p/onboarding/models/{OnboardingModel}"
    unit = f"/p/recognition/clients/{w.client.id}/units/{{RecognitionUnit}}"
    return {
        "/p/assessments/<int:assessment_id>": Route(
            "employer", "/p/assessments/{Assessment}", {"q_comment": "Oppii nopeasti"}
        ),
        "/p/assessments/a/<token>": Route(
            "anonymous", f"/p/assessments/a/{ASSESSMENT_LINK}", {"q_comment": "Reipas"}
        ),
        "/p/onboarding/models/<int:model_id>/steps/<key>": Route(
            "coach",
            f"{model}/steps/s1",
            {"title": "Kierros varastossa"},
            version="base",
            conflict=MODEL_CHANGED,
        ),
        "/p/onboarding/models/<int:model_id>/fading": Route(
            "coach",
            f"{model}/fading",
            {"plan": "1: Valmentaja mukana joka päivä"},
            version="base",
            conflict=MODEL_CHANGED,
        ),
        "/p/recognition/clients/<int:client_id>/units/<int:unit_id>/status": Route(
            "coach",
            f"{unit}/status",
            {"status": "evidence_gathered", "reason": "Näyttöä"},
            page=unit,
        ),
        "/p/recognition/clients/<int:client_id>/units/<int:unit_id>/decide": Route(
            "coach",
            f"{unit}/decide",
            {"outcome": "not_recognised", "reason": "Ei vielä riittävä"},
            page=unit,
        ),
        "/p/recognition/demonstrations/<int:demo_id>": Route(
            "coach",
            "/p/recognition/demonstrations/{RecognitionDemonstration}",
            {"overall": "1", "decided_by": "1", "discussion": "1", "comment": "Sujuva suoritus"},
        ),
    }


def plugin_actions(w) -> dict[str, Route]:
    model = "/p/onboarding/models/{OnboardingModel}"
    unit = f"/p/recognition/clients/{w.client.id}/units/{{RecognitionUnit}}"
    return {
        "/p/assessments/<int:assessment_id>/remind": Route(
            "coach",
            "/p/assessments/{Assessment}/remind",
            page=f"/p/assessments/clients/{w.client.id}",
        ),
        "/p/onboarding/shared/<int:offer_id>": Route(
            "admin", "/p/onboarding/shared/{OnboardingSharedTemplate}", page="/p/onboarding/shared"
        ),
        # Once removed, the step's address answers 404 before the form is read.
        "/p/onboarding/models/<int:model_id>/steps/<key>/delete": Route(
            "coach", f"{model}/steps/s1/delete", {"confirmed": "yes"}, page=model, again=404
        ),
        "/p/onboarding/models/<int:model_id>/sign": Route("coach", f"{model}/sign", page=model),
        "/p/onboarding/progress/<int:progress_id>/steps/<key>": Route(
            "employer",
            "/p/onboarding/progress/{OnboardingProgress}/steps/s1",
            page=f"/trainees/{w.client.id}",
        ),
        # Once removed, the unit is no longer in the plan: its address leads back to the plan.
        "/p/recognition/clients/<int:client_id>/units/<int:unit_id>/remove": Route(
            "coach", f"{unit}/remove", {"confirmed": "yes"}, page=unit, again=302
        ),
    }
