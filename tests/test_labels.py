"""One map of words per stored code, read by forms, templates and reports alike."""

from __future__ import annotations

import enum

import pytest
from flask import render_template_string
from flask_babel import force_locale

from portal import models
from portal.app.extensions import db
from portal.clients.forms import ClientForm
from portal.models import Consent, StateTransition, labels
from portal.pathway.forms import ConsentForm, OutcomeForm

#: Each enum of the models and the map that names its members.
ENUM_LABELS = [
    (models.ActionOwner, labels.ACTION_OWNER_LABELS),
    (models.AttendanceStatus, labels.ATTENDANCE_LABELS),
    (models.CheckpointSource, labels.SOURCE_LABELS),
    (models.CompanyStatus, labels.COMPANY_STATUS_LABELS),
    (models.ConsentChannel, labels.CONSENT_CHANNEL_LABELS),
    (models.ConsentScope, labels.CONSENT_LABELS),
    (models.Decision, labels.DECISION_LABELS),
    (models.Education, labels.EDUCATION_LABELS),
    (models.EmploymentStatus, labels.EMPLOYMENT_LABELS),
    (models.FollowUpResult, labels.FOLLOW_UP_LABELS),
    (models.Goal, labels.GOAL_LABELS),
    (models.JobSearchKind, labels.JOB_KIND_LABELS),
    (models.JobSearchResult, labels.JOB_RESULT_LABELS),
    (models.JobState, labels.JOB_STATE_LABELS),
    (models.MarkState, labels.MARK_STATE_LABELS),
    (models.OutcomeKind, labels.OUTCOME_LABELS),
    (models.PartnerKind, labels.PARTNER_KIND_LABELS),
    (models.PathwayState, labels.STATE_LABELS),
    (models.PlacementType, labels.PLACEMENT_TYPE_LABELS),
    (models.ReviewParty, labels.REVIEW_PARTY_LABELS),
    (models.PlanReviewOutcome, labels.PLAN_REVIEW_LABELS),
    (models.Role, labels.ROLE_LABELS),
    (models.RoundKind, labels.DISTANCE_ROUND_LABELS),
    (models.SessionTopic, labels.SESSION_TOPIC_LABELS),
    (models.StudyStatus, labels.STUDY_STATUS_LABELS),
    (models.VisitStatus, labels.VISIT_STATUS_LABELS),
]


def test_every_enum_of_the_models_has_its_map():
    enums = {
        value
        for value in vars(models).values()
        if isinstance(value, type) and issubclass(value, enum.Enum)
    }
    assert enums == {e for e, _ in ENUM_LABELS}


@pytest.mark.parametrize(("kind", "mapping"), ENUM_LABELS, ids=lambda v: getattr(v, "__name__", ""))
def test_every_member_has_words(kind, mapping):
    assert list(mapping) == list(kind)


def test_every_map_is_reachable_from_templates():
    named = {id(m) for m in labels.LABEL_SETS.values()}
    assert all(id(mapping) in named for _, mapping in ENUM_LABELS)


def test_templates_read_the_words_in_the_users_language(ctx):
    template = "{{ 'workplace_coaching'|label('state') }}|{{ 'new_code'|label('state') }}|" + (
        "{{ none|label('state') }}|{{ labels('plugin_state')['loaded'] }}"
    )
    with ctx.test_request_context("/"), force_locale("fi"):
        assert render_template_string(template) == "Työssävalmennus|new_code||käytössä"
    with ctx.test_request_context("/"), force_locale("en"):
        assert render_template_string(template) == "Workplace coaching|new_code||in use"


def test_forms_offer_the_same_words(ctx):
    with ctx.test_request_context("/"):
        for choices, words in (
            (ConsentForm().scope.choices, labels.CONSENT_LABELS),
            (OutcomeForm().kind.choices, labels.OUTCOME_LABELS),
            (ClientForm().goal.choices, labels.GOAL_LABELS),
        ):
            assert {c.value: c.label for c in choices} == words


def test_the_timeline_names_phases_and_consents_in_words(app, world, as_role):
    cid = world.client.id
    with app.app_context():
        db.session.add(StateTransition(client_id=cid, from_state="referred", to_state="intake"))
        db.session.add(Consent(client_id=cid, scope="intake_summary"))
        db.session.commit()
    html = as_role("coach").get(f"/clients/{cid}/timeline").get_data(as_text=True)
    assert "Ohjattu → Alkukartoitus" in html
    assert "Jaa aiempi osaaminen ja tavoitteet työnantajalle" in html
    assert "intake_summary" not in html and "referred →" not in html
