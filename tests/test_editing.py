"""The one helper behind every form page: what a view gets back, and what the user is told."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from flask import get_flashed_messages, session
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired

from portal.app import once
from portal.app.editing import submit_action, submit_form
from portal.app.extensions import db
from portal.app.forms import VersionedForm
from portal.app.rules import RuleError
from portal.models import Company, FormSubmission

#: The CSRF secret of the browser session the tests' forms were rendered in.
SESSION_SECRET = "the-sessions-csrf-secret"


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


def rendered_token(app, secret: str = SESSION_SECRET) -> str:
    """The one-time token a form rendered in the session with ``secret`` carries."""
    with app.test_request_context("/"):
        session["csrf_token"] = secret
        return once.new_token()


@contextmanager
def post(app, path: str = "/", secret: str = SESSION_SECRET, **data) -> Iterator[None]:
    """A form posted to ``path`` from the session with ``secret`` (with a token it was given,
    unless ``form_token`` is among ``data``)."""
    data = {"form_token": rendered_token(app, secret), **data}
    with app.test_request_context(path, method="POST", data=data):
        session["csrf_token"] = SESSION_SECRET
        yield


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


def test_an_edit_without_a_well_formed_version_is_refused_unchecked_never(app, company):
    for sent in ({}, {"version": ""}, {"version": "abc"}, {"version": "-1"}, {"version": "1e3"}):
        with post(app, name="Uusi Oy", **sent):
            form = NameForm()
            submission = submit_form(form, rename(company, "Uusi Oy"), record=company)
        assert (submission.saved, submission.status) == (False, 400), sent
        assert form.form_errors and form.version.data == company.version
    with post(app, name="Uusi Oy", version="99999999999999999999"):
        assert submit_form(NameForm(), rename(company, "Uusi Oy"), record=company).status == 400
    db.session.expire_all()
    assert db.session.get(Company, company.id).name == "Varasto Oy"


def test_an_edit_without_its_token_saves_nothing(app, company):
    with post(app, name="Uusi Oy", version=str(company.version), form_token=""):
        form = NameForm()
        submission = submit_form(form, rename(company, "Uusi Oy"), record=company)
    assert (submission.saved, submission.status) == (False, 400)
    assert form.form_errors
    db.session.expire_all()
    assert db.session.get(Company, company.id).name == "Varasto Oy"


def test_a_form_with_a_made_up_token_saves_nothing(app, company):
    calls = []
    for token in ("made-up", "nonce.0123456789abcdef01234567", "x" * 200):
        with post(app, name="Uusi Oy", form_token=token):
            submission = submit_form(NameForm(), lambda: calls.append(1))
            assert not submit_action(ButtonForm(), lambda: calls.append(1))
            flashed = get_flashed_messages(with_categories=True)
        assert (submission.saved, submission.status, calls) == (False, 400, []), token
        assert [category for category, _ in flashed] == ["error"]


def test_a_token_sent_again_after_success_answers_as_the_first_time(app, company):
    token = rendered_token(app)
    results = []
    for _time in range(2):
        with post(app, name="Uusi Oy", form_token=token):
            results.append(submit_form(NameForm(), lambda: company, success="Tallennettu."))
            flashed = get_flashed_messages(with_categories=True)
    assert [(r.saved, r.result) for r in results] == [(True, company), (True, company)]
    assert flashed == [("info", "Lomake oli jo tallennettu, eikä sitä tallennettu uudelleen.")]
    assert db.session.get(FormSubmission, token).completed


def test_a_token_from_another_session_is_refused(app, company):
    calls = []
    with post(app, name="Uusi Oy", form_token=rendered_token(app, "another-session")):
        submission = submit_form(NameForm(), lambda: calls.append(1))
    assert (submission.saved, submission.status, calls) == (False, 400, [])


def test_a_token_used_on_one_form_is_refused_on_another(app, company):
    token = rendered_token(app)
    with post(app, "/groups/new", name="Uusi", form_token=token):
        assert submit_form(NameForm(), lambda: company).saved
    calls = []
    with post(app, "/admin/companies/new", name="Uusi Oy", form_token=token):
        submission = submit_form(NameForm(), lambda: calls.append(1))
        flashed = get_flashed_messages(with_categories=True)
    assert (submission.saved, submission.status, calls) == (False, 400, [])
    assert [category for category, _ in flashed] == ["error"]
