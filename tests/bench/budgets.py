"""What ``make bench`` measures and the budgets it holds every page to.

Ratios are a page's requests per second over a bare Flask route's (no session, no
extensions) in the same process and the same run, at ``LARGE`` clients: a noisy machine moves
both alike. Statement counts are exact: the same at ``SMALL`` and ``LARGE`` clients (nothing
grows with the data) and at most ``MAX_STATEMENTS`` for any page.
"""

from __future__ import annotations

from dataclasses import dataclass

SMALL = 100
LARGE = 100_000
MAX_STATEMENTS = 10

#: The lowest ratio to the bare route a page of each kind may reach, uncached.
FLOORS: dict[str, float] = {
    "static": 0.10,  # signed in, nothing but the layout and a form or a text
    "list": 1 / 15,  # a page of rows: lists, start pages of staff, pickers
    "client": 1 / 25,  # one person's composite page; the young person's start page
    "detail": 1 / 25,  # one record's page (a group, a plan, an edit form)
    "worklist": 1 / 20,
    "report": 1 / 20,  # dashboards and reports, with the figure cache off
}

STAFF = ("coach", "admin")
EVERYONE = ("coach", "admin", "employer", "client", "teacher")


@dataclass(frozen=True)
class Page:
    """A page as ``role`` opens it; ``path`` names ids that ``harness.ids`` finds."""

    endpoint: str
    path: str
    kind: str
    roles: tuple[str, ...]


PAGES: tuple[Page, ...] = (
    # Static: the layout and a form.
    Page("main.accessibility", "/accessibility", "static", EVERYONE),
    Page("auth.change_password", "/account/password", "static", EVERYONE),
    Page("mfa.settings", "/account/mfa", "static", EVERYONE),
    Page("clients.new", "/clients/new", "static", STAFF),
    Page("groups.new", "/groups/new", "static", STAFF),
    Page("admin.new_user", "/admin/users/new", "static", ("admin",)),
    Page("admin.new_company", "/admin/companies/new", "static", ("admin",)),
    Page("tokens.new", "/admin/tokens/new", "static", ("admin",)),
    Page("imports.people", "/imports/clients", "static", STAFF),
    Page("imports.companies", "/imports/companies", "static", ("admin",)),
    Page("webhooks.new", "/admin/webhooks/new", "static", ("admin",)),
    Page("api_reference.index", "/developers/api", "static", ("admin", "client")),
    # Start pages.
    Page("main.index", "/", "list", ("coach", "admin", "employer", "teacher")),
    Page("main.index", "/", "client", ("client",)),
    # Lists.
    Page("clients.index", "/clients/", "list", STAFF),
    Page("groups.index", "/groups/", "list", STAFF),
    Page("groups.members", "/groups/{group}/members", "list", STAFF),
    Page("trainees.index", "/trainees/", "list", ("employer",)),
    Page("admin.index", "/admin/", "list", ("admin",)),
    Page("admin.users", "/admin/users", "list", ("admin",)),
    Page("admin.companies", "/admin/companies", "list", ("admin",)),
    Page("admin.audit_log", "/admin/audit", "list", ("admin",)),
    Page("admin.outbox", "/admin/outbox", "list", ("admin",)),
    Page("admin.feedback", "/admin/feedback", "list", ("admin",)),
    Page("partners.index", "/admin/partners/", "list", ("admin",)),
    Page("tokens.index", "/admin/tokens/", "list", ("admin",)),
    Page("webhooks.index", "/admin/webhooks/", "list", ("admin",)),
    Page("reviews.index", "/clients/{client}/reviews", "list", STAFF),
    Page("assessments.index", "/p/assessments/", "list", ("coach", "admin", "employer", "client")),
    Page("assessments.companies", "/p/assessments/companies", "list", STAFF),
    Page("onboarding.index", "/p/onboarding/", "list", STAFF),
    Page("onboarding.shared", "/p/onboarding/shared", "list", ("admin",)),
    Page("recognition.index", "/p/recognition/", "list", ("coach", "admin", "employer", "teacher")),
    # One person's or one record's page.
    Page("clients.detail", "/clients/{client}", "client", STAFF),
    Page("trainees.detail", "/trainees/{trainee}", "client", ("employer",)),
    Page("mypath.information", "/my/information", "client", ("client",)),
    Page("mydata.index", "/my/data/", "client", ("client",)),
    Page("privacy.my_data", "/my/copy", "client", ("client",)),
    Page("pathway.timeline", "/clients/{client}/timeline", "detail", STAFF),
    Page("clients.edit", "/clients/{client}/edit", "detail", STAFF),
    Page("clients.sensitive", "/clients/{client}/sensitive", "detail", ("coach",)),
    Page("groups.detail", "/groups/{group}", "detail", STAFF),
    Page("groups.edit", "/groups/{group}/edit", "detail", STAFF),
    Page("admin.access_log", "/admin/clients/{client}/access-log", "detail", ("admin",)),
    Page("privacy.client_privacy", "/admin/clients/{client}/privacy", "detail", ("admin",)),
    Page("privacy.client_data", "/admin/clients/{client}/privacy/data", "detail", ("admin",)),
    Page("admin.edit_user", "/admin/users/{coach_user}", "detail", ("admin",)),
    Page("admin.edit_company", "/admin/companies/{company}", "detail", ("admin",)),
    Page("assessments.client_results", "/p/assessments/clients/{client}", "detail", STAFF),
    Page("recognition.plan", "/p/recognition/clients/{client}", "detail", (*STAFF, "teacher")),
    Page(
        "recognition.school_record",
        "/p/recognition/clients/{client}/record",
        "detail",
        (*STAFF, "teacher"),
    ),
    Page("onboarding.model", "/p/onboarding/models/{model}", "detail", (*STAFF, "employer")),
    # Work and reports.
    Page("worklist.index", "/worklist", "worklist", STAFF),
    Page("reports.dashboard", "/reports/", "report", STAFF),
    Page("reports.funder_report", "/reports/funder", "report", STAFF),
    Page("reports.settings", "/reports/settings", "detail", ("admin",)),
    # Projects.
    Page("projects.index", "/projects/", "list", ("admin",)),
    Page("projects.new", "/projects/new", "static", ("admin",)),
    Page("projects.organisation", "/projects/organisation", "static", ("admin",)),
    Page("projects.edit", "/projects/{project}/edit", "detail", ("admin",)),
    Page("projects.people", "/projects/{project}/people", "detail", ("admin",)),
    Page("esf.report_page", "/reports/esf", "report", ("admin",)),
    Page("notifications.index", "/notifications/", "list", EVERYONE),
    Page("quality.index", "/reports/quality/", "report", STAFF),
    Page("compare.index", "/reports/compare/", "report", STAFF),
    Page("organisation.projects", "/reports/projects", "report", ("admin",)),
    Page("distance.change_report", "/reports/distance", "report", STAFF),
    Page("distance.rounds", "/clients/{client}/distance", "detail", ("coach",)),
    Page("distance.mine", "/my/distance", "client", ("client",)),
    Page("mypath.job_search", "/my/job-search", "client", ("client",)),
    Page("mypath.review_list", "/my/reviews", "client", ("client",)),
    Page("mypath.card", "/my/more/onboarding", "client", ("client",)),
)

#: GET endpoints the table leaves out, and why; every other GET endpoint must be in PAGES.
NOT_MEASURED: dict[str, str] = {
    "main.healthz": "a probe, no page",
    "ops.livez": "a probe, no page",
    "ops.readyz": "a probe, no page",
    "ops.metrics": "for the monitoring, no page",
    "auth.login": "before signing in",
    "mfa.code": "before signing in",
    "auth.accept_invitation": "a single-use link",
    "assessments.by_link": "a single-use link",
    "reviews.by_link": "a single-use link",
    "reports.client_export": "a download: measured by the export benchmark",
    "reports.funder_download": "a download: measured by the export benchmark",
    "privacy.client_data_json": "a download of one person's data",
    "privacy.my_data_json": "a download of one person's data",
    "recognition.school_record_json": "a download of one person's record",
    "mfa.confirm": "a step inside the enrolment",
    "mfa.recovery_codes": "shown once after the enrolment",
    "recognition.import_files": "an upload form",
    "recognition.school_details": "needs a teacher's school OIDs set up first",
    "onboarding.company": "redirects to the company's model (measured)",
    "auth.keep_alive": "the timeout warning's keep-alive, no page",
    "esf.report_download": "a download: measured by the ESF+ benchmark",
    "organisation.came_back_csv": "a download of the came-back table the organisation view "
    "shows (measured with it); its statements are counted in tests/test_came_back.py",
    "jobs.status": "one job's status: needs a job the benchmark does not start",
    "jobs.download": "a download: measured by the export-job benchmark",
    "attachments.open_file": "a file download: two statements and a storage read",
    "reports.export_job": "measured by tests/bench/test_bench_export_jobs.py",
    "search.results": "measured by the search benchmark (tests/bench/test_bench_search.py)",
    "rest.me": "the JSON API, no page: its statements are counted in tests/test_api.py",
    "rest.clients": "the JSON API, no page: its statements are counted in tests/test_api.py",
    "rest.client": "the JSON API, no page: its statements are counted in tests/test_api.py",
    "rest.trainees": "the JSON API, no page: the employer's list, paged by key as /trainees/",
    "rest.pathway": "the JSON API, no page: one young person's records, a statement per kind",
    "rest.openapi": "the JSON API's document, made once per process",
    "rest.placements": "the JSON API, no page: a list paged by key (tests/test_api_records.py)",
    "rest.checkpoints": "the JSON API, no page: a list paged by key (tests/test_api_records.py)",
    "rest.outcomes": "the JSON API, no page: a list paged by key (tests/test_api_records.py)",
    "rest.follow_ups": "the JSON API, no page: a list paged by key (tests/test_api_records.py)",
    "rest.groups": "the JSON API, no page: a list paged by key (tests/test_api_records.py)",
    "rest.companies": "the JSON API, no page: a list paged by key (tests/test_api_records.py)",
    "rest.users": "the JSON API, no page: a list paged by key (tests/test_api_records.py)",
    "rest.group": "the JSON API, no page: one group and the members the account sees",
    "rest.company": "the JSON API, no page: one company",
    "rest.placement": "the JSON API, no page: one placement",
    "rest.checkpoint": "the JSON API, no page: one Check Point",
    "rest.funder": "the JSON API: the funder report's tables, measured with the report page",
    "imports.people_template": "a download of a header row, no data",
    "imports.companies_template": "a download of a header row, no data",
    "imports.people_preview": "an uploaded file's preview: its cost grows with the file's "
    "rows (at most IMPORT_MAX_ROWS), not with the data; counted in tests/test_import.py",
    "imports.companies_preview": "an uploaded file's preview, as the young people's",
    "onboarding_api.progress": "the JSON API, no page: the onboarding panel's one statement",
    "assessments_api.client_assessments": "the JSON API, no page: one young person's list",
    "recognition_api.ehoks_record": "the JSON API, no page: the record download's document",
}

#: GET pages of one record not yet in the table (they need ids of records the benchmark
#: does not find yet): left out on purpose, listed so that nothing is left out silently.
NOT_YET: frozenset[str] = frozenset(
    {
        "webhooks.show",
        "pathway.checkpoint",
        "pathway.open_checkpoint",
        "esf.entry",
        "distance.fill",
        "distance.record",
        "worklist.mark",
        "pathway.add_consent",
        "pathway.add_contact",
        "pathway.record_follow_up",
        "pathway.add_job_search",
        "pathway.record_outcome",
        "pathway.edit_placement",
        "pathway.end_placement",
        "pathway.add_interruption",
        "pathway.add_placement",
        "pathway.review_plan",
        "pathway.add_prior_learning",
        "pathway.edit_referral",
        "pathway.add_referral",
        "pathway.visit_done",
        "pathway.visit_missed",
        "reviews.review",
        "reviews.open_checkpoint",
        "reviews.schedule",
        "groupwork.attendance",
        "groupwork.new",
        "mypath.checkpoint",
        "mypath.review",
        "mydata.withdraw_consent",
        "partners.edit",
        "trainees.review",
        "assessments.fill",
        "assessments.amend",
        "onboarding.fading",
        "onboarding.print_view",
        "onboarding.step",
        "onboarding.translate",
        "onboarding.version",
        "recognition.plan_unit",
        "recognition.demonstration",
        "recognition.qualification",
        "recognition.unit",
        "clients.duplicates",
        "clients.merge",
    }
)
