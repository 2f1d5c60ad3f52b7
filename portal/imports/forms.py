"""The import's forms: the file (with, for young people, the intake form's choices that apply to
every row) and the commit of a preview."""

from __future__ import annotations

from flask import request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import HiddenField, SelectField, SubmitField, TextAreaField
from wtforms.validators import Length, Optional

from portal.app.parsing import bounded_int
from portal.app.widgets import FlatSelect
from portal.clients.intake_form import client_form
from portal.models import Role

FILE_HINT = _l("CSV (UTF-8, separated by semicolons or commas) or XLSX; at most %(size)s MB.")


class CompaniesUploadForm(FlaskForm):
    file = FileField(_l("File"), render_kw={"accept": ".csv,.xlsx,text/csv"})
    submit = SubmitField(_l("Check the file"))


class PeopleUploadForm(CompaniesUploadForm):
    project_id = SelectField(
        _l("Project"), coerce=bounded_int, validators=[Optional()], widget=FlatSelect()
    )
    group_id = SelectField(
        _l("Group"),
        coerce=bounded_int,
        widget=FlatSelect(),
        validators=[Optional()],
        description=_l("Optional: the group the client joins. Members can also be added later."),
    )
    coach_id = SelectField(
        _l("Responsible coach"), coerce=bounded_int, validators=[Optional()], widget=FlatSelect()
    )


def people_upload_form() -> PeopleUploadForm:
    """The file and the intake form's choices for every row: the same projects, open groups
    and coaches that the intake form offers the viewer (and the coach themself by default)."""
    form = PeopleUploadForm()
    intake = client_form(formdata=None)
    form.coach_id.choices = intake.coach_id.choices
    form.group_id.choices = intake.group_id.choices
    if "project_id" in intake:
        form.project_id.choices = intake.project_id.choices
    else:
        del form.project_id
    if request.method == "GET" and current_user.role == Role.COACH:
        form.coach_id.data = current_user.id
    return form


class CommitForm(FlaskForm):
    """Saves the preview; ``plan`` is the fingerprint of what the preview showed."""

    plan = HiddenField()
    #: Asked when the file's young people would leave their group outside 8-15 members.
    exception_reason = TextAreaField(
        _l("Reason for a group size outside 8-15"), validators=[Length(max=2000)]
    )
