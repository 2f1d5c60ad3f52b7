"""The one helper behind every form page: what a view gets back, and what the user is told."""

from __future__ import annotations

import pytest
from flask import get_flashed_messages
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired

from portal.app.editing import submit_action, submit_form
from portal.app.extensions import db
from portal.app.forms import VersionedForm
from portal.app.rules import RuleError
from portal.models import Company


class NameForm(VersionedForm):
    class Meta:
        csrf = False

    name = StringField(validators=[DataRequired()])


class ButtonForm(FlaskForm):
    class Meta:
        csrf = False


@pytest.fixture
def company(ctx, world) -> Company:
    return db.session.get(Company, world.company.id)


def post(app, **data):
    return app.test_request_context("/", method="POST", data=data)


def rename(company: Company, name: str):
    def save() -> None:
        if name == "Kielletty Oy":
            raise RuleError("Ei tätä nimeä.", field="name")
        company.name = name

    return save


def test_a_form_shown_first_is_not_saved_and_carries_the_version(app, company):
    with app.test_request_context("/"):
        form = NameForm()
        submission = submit_form(form, rename(company, "X"), record=company)
    assert (submission.saved, submission.status) == (False, 200)
    assert form.version.data == company.version


def test_invalid_input_answers_the_pages_rejected_status(app, company):
    for status in (400, 200):
        with post(app, name="", version=str(company.version)):
            submission = submit_form(NameForm(), rename(company, "X"), rejected_status=status)
        assert (submission.saved, submission.status) == (False, status)


def test_a_refused_rule_is_shown_on_its_field_and_nothing_is_kept(app, company):
    with post(app, name="Kielletty Oy", version=str(company.version)):
        form = NameForm()
        submission = submit_form(form, rename(company, "Kielletty Oy"), record=company)
    assert (submission.saved, submission.status) == (False, 400)
    assert form.name.errors == ["Ei tätä nimeä."]
    assert db.session.get(Company, company.id).name == "Varasto Oy"


def test_an_edit_of_a_row_changed_meanwhile_is_refused(app, company):
    calls = []
    with post(app, name="Uusi Oy", version=str(company.version - 1)):
        form = NameForm()
        submission = submit_form(form, lambda: calls.append(1), record=company)
        flashed = get_flashed_messages(with_categories=True)
    assert (submission.saved, submission.status, calls) == (False, 409, [])
    assert flashed[0][0] == "error"
    assert form.version.data == company.version  # the form now offers the current row


def test_a_saved_edit_is_committed_and_said_so(app, company):
    version = company.version
    with post(app, name="Uusi Oy", version=str(version)):
        submission = submit_form(NameForm(), rename(company, "Uusi Oy"), record=company)
        flashed = get_flashed_messages(with_categories=True)
    db.session.expire_all()
    assert submission.saved and db.session.get(Company, company.id).name == "Uusi Oy"
    assert db.session.get(Company, company.id).version == version + 1
    assert [category for category, _ in flashed] == ["success"]


def test_a_new_record_comes_back_with_the_success_message(app, company):
    with post(app, name="Uusi Oy"):
        submission = submit_form(NameForm(), lambda: 42, success="Tallennettu.")
        flashed = get_flashed_messages(with_categories=True)
    assert (submission.saved, submission.result) == (True, 42)
    assert flashed == [("success", "Tallennettu.")]


def test_a_one_button_action_tells_why_it_was_refused(app, company):
    def refuse() -> None:
        raise RuleError("Check Point on jo auki.")

    with post(app):
        assert not submit_action(ButtonForm(), refuse, success="Tehty.")
        assert submit_action(ButtonForm(), lambda: None, success="Tehty.")
        flashed = get_flashed_messages(with_categories=True)
    assert flashed == [("error", "Check Point on jo auki."), ("success", "Tehty.")]
