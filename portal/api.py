"""The public API of the core: the one module a plugin imports from ``portal``.

Everything a plugin needs is named here, and nothing else of the core is promised to stay
where it is. A test (``tests/test_plugin_boundary.py``) fails when a module under ``plugins/``
imports any other ``portal`` module. ``docs/plugins.md`` documents each name.
"""

from __future__ import annotations

from portal.access import audit
from portal.access.permissions import (
    CASEWORKERS,
    public,
    roles_required,
    signed_in_required,
)
from portal.access.scoping import (
    coach_company_ids,
    company_in_reach,
    employer_may_see,
    employer_placements,
    get_client_or_404,
    is_coach_of,
    own_client,
    visible_client_ids_for,
    visible_clients,
    visible_placement_ids_for,
)
from portal.app import clock
from portal.app.concurrency import CONFLICT, changed_since, commit_or_conflict, save_edit
from portal.app.confirm import confirmation_page
from portal.app.content_language import (
    InLocale,
    content_locales,
    html_lang,
    in_language,
    language_name,
    reader_locale,
    text_direction,
    translation_locales,
)
from portal.app.editing import Submission, submit_action, submit_form
from portal.app.extensions import db
from portal.app.forms import ConfirmForm, SearchForm, VersionedForm, form_data, show_rule_error
from portal.app.i18n import in_user_language
from portal.app.listing import ListFilter, keyset_page
from portal.app.mail import send_mail
from portal.app.memo import once_per_request
from portal.app.pagination import paginate
from portal.app.parsing import accepts_files, bounded_int
from portal.app.rules import RuleError
from portal.app.security import safe_next
from portal.app.sql import date_plus, json_elements, json_text, unindexed
from portal.app.tokens import new_token, token_hash
from portal.app.validators import MailAddress
from portal.attachments.service import attach, attachment_counts, attachments_of, read_upload
from portal.auth.accounts import public_url
from portal.auth.teachers import end_teacher_access, invite_teacher, teachers_of
from portal.hooks.manager import collect, fire
from portal.hooks.markers import hookimpl, hookspec
from portal.hooks.personal_data import AttachmentTarget, PersonalTable
from portal.hooks.translations import plugin_translations
from portal.hooks.types import (
    AgendaItem,
    ClientTask,
    EvidenceItem,
    ExportColumn,
    FormDefinition,
    FormField,
    FormSection,
    LinkResender,
    Localized,
    NavItem,
    OnboardingTemplate,
    Panel,
    ProgressMeter,
    QueueItem,
    ReportWidget,
    RiskSignal,
    RiskSignalQuery,
    SearchHit,
    SkillRequirementRef,
    TemplateStep,
    Widget,
    localized,
)
from portal.hooks.validation import returns
from portal.jobs.queue import inline as jobs_inline
from portal.jobs.queue import job_files
from portal.jobs.records import start_job
from portal.models import (
    Attachment,
    Client,
    Company,
    Placement,
    PlacementInterruption,
    PriorLearning,
    Project,
    Role,
    User,
)
from portal.models.base import Timestamped, Versioned
from portal.models.company import CompanyStatus
from portal.notify.service import link_to, notify
from portal.pathway.lists import Listing, several
from portal.reports.figures_kept import rewrite as rewrite_figures
from portal.reports.figures_read import read_for as read_figures
from portal.reports.kept import track as count_in_figures
from portal.reports.shares import plugin_share as figure_share
from portal.rest.auth import scope_required
from portal.rest.inputs import query as api_query
from portal.rest.schemas import PageQuery as ApiPageQuery
from portal.rest.spec import operation as api_operation
from portal.rest.views import json_answer as api_json
from portal.rest.views import page_of as api_page

__all__ = [
    "CASEWORKERS",
    "CONFLICT",
    "AgendaItem",
    "ApiPageQuery",
    "Attachment",
    "AttachmentTarget",
    "Client",
    "ClientTask",
    "Company",
    "CompanyStatus",
    "ConfirmForm",
    "EvidenceItem",
    "ExportColumn",
    "FormDefinition",
    "FormField",
    "FormSection",
    "InLocale",
    "LinkResender",
    "ListFilter",
    "Listing",
    "Localized",
    "MailAddress",
    "NavItem",
    "OnboardingTemplate",
    "Panel",
    "PersonalTable",
    "Placement",
    "PlacementInterruption",
    "PriorLearning",
    "ProgressMeter",
    "Project",
    "QueueItem",
    "ReportWidget",
    "RiskSignal",
    "RiskSignalQuery",
    "Role",
    "RuleError",
    "SearchForm",
    "SearchHit",
    "SkillRequirementRef",
    "Submission",
    "TemplateStep",
    "Timestamped",
    "User",
    "Versioned",
    "VersionedForm",
    "Widget",
    "accepts_files",
    "api_json",
    "api_operation",
    "api_page",
    "api_query",
    "attach",
    "attachment_counts",
    "attachments_of",
    "audit",
    "bounded_int",
    "changed_since",
    "clock",
    "coach_company_ids",
    "collect",
    "commit_or_conflict",
    "company_in_reach",
    "confirmation_page",
    "content_locales",
    "count_in_figures",
    "date_plus",
    "db",
    "employer_may_see",
    "employer_placements",
    "end_teacher_access",
    "figure_share",
    "fire",
    "form_data",
    "get_client_or_404",
    "hookimpl",
    "hookspec",
    "html_lang",
    "in_language",
    "in_user_language",
    "invite_teacher",
    "is_coach_of",
    "job_files",
    "jobs_inline",
    "json_elements",
    "json_text",
    "keyset_page",
    "language_name",
    "link_to",
    "localized",
    "new_token",
    "notify",
    "once_per_request",
    "own_client",
    "paginate",
    "plugin_translations",
    "public",
    "public_url",
    "read_figures",
    "read_upload",
    "reader_locale",
    "returns",
    "rewrite_figures",
    "roles_required",
    "safe_next",
    "save_edit",
    "scope_required",
    "send_mail",
    "several",
    "show_rule_error",
    "signed_in_required",
    "start_job",
    "submit_action",
    "submit_form",
    "teachers_of",
    "text_direction",
    "token_hash",
    "translation_locales",
    "unindexed",
    "visible_client_ids_for",
    "visible_clients",
    "visible_placement_ids_for",
]
