"""The pathway's record-keeping services, called as the views call them: rules, audit, commit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.app import clock
from portal.app.extensions import db
from portal.app.rules import RuleError
from portal.models import (
    AuditEvent,
    CheckpointSource,
    Client,
    Consent,
    Decision,
    JobSearchActivity,
    NetworkPartner,
    PathwayState,
    User,
)
from portal.pathway import checkpoints, jobsearch, records, referrals
from portal.pathway.intensified import PlanData


def actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def load(world) -> tuple[Client, User]:
    return db.session.get(Client, world.client.id), db.session.get(User, world.coach.id)


def test_a_shared_support_text_needs_the_words_the_client_agreed_to(ctx, world):
    client, coach = load(world)
    with pytest.raises(RuleError) as refused:
        records.add_consent(client, records.ConsentData("support_text"), coach)
    assert refused.value.field == "shared_text"
    db.session.rollback()
    assert db.session.scalar(select(func.count(Consent.id))) == 0
    consent = records.add_consent(
        client, records.ConsentData("support_text", "Ohjeet mieluiten suullisesti"), coach
    )
    db.session.expire_all()
    assert db.session.get(Consent, consent.id).recorded_by_id == coach.id
    assert actions() == ["consent.create"]


def test_withdrawing_a_consent_again_changes_nothing(ctx, world):
    client, coach = load(world)
    consent = records.add_consent(client, records.ConsentData("intake_summary"), coach)
    records.withdraw_consent(consent, coach)
    first = db.session.get(Consent, consent.id).withdrawn_at
    records.withdraw_consent(consent, coach)
    assert first is not None and db.session.get(Consent, consent.id).withdrawn_at == first
    assert actions() == ["consent.create", "consent.withdraw"]


def test_prior_learning_and_contacts_are_kept_with_who_recorded_them(ctx, world):
    client, coach = load(world)
    records.add_prior_learning(client, records.PriorLearningData("Hygieniapassi"), coach)
    note = records.add_contact(
        client, records.ContactData(clock.today(), "phone", "Sovittu tapaaminen"), coach
    )
    assert note.author_id == coach.id
    events = db.session.execute(
        select(AuditEvent.action, AuditEvent.actor_id, AuditEvent.client_id).order_by(AuditEvent.id)
    ).all()
    assert [tuple(e) for e in events] == [
        ("prior_learning.create", coach.id, client.id),
        ("contact.create", coach.id, client.id),
    ]


def test_the_job_search_log_and_its_results(ctx, world):
    client, coach = load(world)
    entry = jobsearch.add_entry(
        client,
        jobsearch.JobSearchData(clock.today(), "application", "Varasto Oy", "pending"),
        coach,
    )
    jobsearch.update_result(entry, "interview", coach)
    db.session.expire_all()
    saved = db.session.get(JobSearchActivity, entry.id)
    assert (saved.result, saved.author_id) == ("interview", coach.id)
    assert actions() == ["job_search.create", "job_search.update"]


def test_a_referral_and_how_it_turned_out(ctx, world):
    client, coach = load(world)
    partner = NetworkPartner(name="Ohjaamo", kind="ohjaamo")
    db.session.add(partner)
    db.session.commit()
    referral = referrals.add_referral(
        client, referrals.ReferralData(partner.id, "out", clock.today(), "Asuminen"), coach
    )
    referrals.record_result(referral, "Sai asunnon", coach)
    db.session.expire_all()
    assert referral.result == "Sai asunnon" and referral.author_id == coach.id
    assert actions() == ["referral.create", "referral.update"]


def test_a_check_point_is_assessed_and_its_actions_done_only_while_open(ctx, world):
    client, coach = load(world)
    client.state = PathwayState.WORKPLACE_COACHING
    db.session.commit()
    cp = checkpoints.open_checkpoint(
        client, coach, source=CheckpointSource.COACH, difficulty="Myöhästelee"
    )
    action = checkpoints.add_action(
        cp, coach, description="Soita aamulla", owner="Valmentaja", due=clock.today()
    )
    checkpoints.complete_action(action, cp, coach)
    done_at = action.done_at
    checkpoints.complete_action(action, cp, coach)  # again: nothing more happens
    assert done_at is not None and action.done_at == done_at
    decided = checkpoints.Assessment(
        reassessment="3/5",
        decision=Decision.CONTINUE_INTENSIFIED,
        decision_notes="Aamusoitot auttavat",
        next_meeting=clock.today() + timedelta(days=7),
    )
    plan = PlanData(2, 4, 1, "punctuality", clock.today())
    checkpoints.record_assessment(cp, decided, coach, plan)
    db.session.commit()
    checkpoints.close(cp, client, coach)
    with pytest.raises(RuleError):
        checkpoints.record_assessment(cp, checkpoints.Assessment(reassessment="myöhässä"), coach)
    db.session.rollback()
    assert cp.reassessment == "3/5"
    checkpoint_events = [a for a in actions() if a.startswith("checkpoint.")]
    assert checkpoint_events == [
        "checkpoint.open",
        "checkpoint.action",
        "checkpoint.action_done",
        "checkpoint.update",
        "checkpoint.close",
    ]
