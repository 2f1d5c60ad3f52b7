"""docs/plugins.md cannot drift: its examples are the files in docs/examples/, which this suite
loads as a plugin and checks hook by hook through the core; every public name and every field
of every data type is documented.

After changing an example, ``python -m tests.test_docs`` copies the files into the guide.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

import portal.api
from portal.app import clock
from portal.app.extensions import db
from portal.hooks.manager import collect, fire, plugin_manager
from portal.models import Checkpoint, Client, Company, OutboxMessage, Outcome, Placement, User
from tests.importing import imported_from
from tests.support.api import api_get, token_for
from tests.test_public_api import core_imports

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "plugins.md"
EXAMPLES = ROOT / "docs" / "examples"
INCLUDED = re.compile(
    r"<!-- example: (?P<path>\S+) -->\n```(?P<lang>\S+)\n(?P<code>.*?)```\n<!-- /example -->",
    re.DOTALL,
)
#: Going away: a plugin's migrations/ folder is found by convention.
#: portal_link_resenders is shown with the assessments plugin, whose links it resends: the
#: example plugin mails no secret links. portal_search_results is shown with the recognition
#: plugin, whose qualifications it finds. portal_risk_signals is kept for plugins written before
#: portal_risk_signal_queries, which the example shows instead.
WITHOUT_EXAMPLE = {
    "portal_migration_dirs",
    "portal_link_resenders",
    "portal_search_results",
    "portal_risk_signals",
}
TODAY = clock.today()
PERIOD = {"start": (TODAY - timedelta(days=365)).isoformat(), "end": TODAY.isoformat()}


def _guide() -> str:
    return GUIDE.read_text(encoding="utf-8")


def with_examples_included(text: str) -> str:
    """The guide with every example block replaced by its file's current text."""

    def include(block: re.Match) -> str:
        code = (ROOT / block["path"]).read_text(encoding="utf-8")
        return (
            f"<!-- example: {block['path']} -->\n```{block['lang']}\n{code}```\n<!-- /example -->"
        )

    return INCLUDED.sub(include, text)


@pytest.fixture(scope="module")
def worksafe():
    with imported_from(EXAMPLES, "worksafe") as module:
        yield module


@pytest.fixture
def app(make_app, worksafe):
    """Every installed plugin and the example; ``world`` and ``as_role`` build on this app."""
    return make_app(PORTAL_EXTRA_PLUGINS={"worksafe": worksafe})


def _outbox() -> list[tuple[str, str]]:
    return [
        tuple(row)
        for row in db.session.execute(select(OutboxMessage.recipient, OutboxMessage.subject))
    ]


# --- the guide and the files ------------------------------------------------------------------


def test_each_included_example_is_the_file_itself():
    blocks = list(INCLUDED.finditer(_guide()))
    assert len(blocks) >= 20
    for block in blocks:
        code = (ROOT / block["path"]).read_text(encoding="utf-8")
        assert code == block["code"], f"{block['path']} changed: run python -m tests.test_docs"


def test_every_example_module_is_included_in_the_guide():
    included = {block["path"] for block in INCLUDED.finditer(_guide())}
    modules = {str(p.relative_to(ROOT)) for p in EXAMPLES.rglob("*.py")}
    assert modules <= included, modules - included


def test_every_hook_has_an_example(app, worksafe):
    declared = {
        name
        for name, caller in vars(plugin_manager(app).hook).items()
        if name.startswith("portal_") and caller.spec is not None
    }
    implemented = {name for name in dir(worksafe) if name.startswith("portal_")}
    assert declared - WITHOUT_EXAMPLE <= implemented, declared - WITHOUT_EXAMPLE - implemented
    assert "worksafe" in app.blueprints


def test_examples_import_only_the_public_api():
    for path in EXAMPLES.rglob("*.py"):
        assert [m for _line, m in core_imports(path) if m != "portal.api"] == [], path


def test_every_public_name_is_documented():
    text = _guide()
    missing = [name for name in portal.api.__all__ if f"`{name}`" not in text]
    assert missing == []


@pytest.mark.parametrize(
    "kind",
    [
        value
        for value in vars(portal.api).values()
        if isinstance(value, type) and dataclasses.is_dataclass(value)
    ],
    ids=lambda kind: kind.__name__,
)
def test_every_field_of_every_data_type_is_documented(kind):
    section = re.search(rf"^### `{kind.__name__}`$(.*?)(?=^##)", _guide(), re.M | re.S)
    assert section, f"no section for {kind.__name__}"
    for field in dataclasses.fields(kind):
        assert f"| `{field.name}` |" in section.group(1), f"{kind.__name__}.{field.name}"


def _tree_folders(text: str) -> set[str]:
    """The folders of the layout tree in docs/development.md (two spaces a level)."""
    tree = re.search(r"<!-- layout -->\n```\n(.*?)```\n<!-- /layout -->", text, re.S)[1]
    folders: set[str] = set()
    parents: list[str] = []
    for line in tree.splitlines():
        depth = (len(line) - len(line.lstrip(" "))) // 2
        parents[depth:] = [line.split()[0].rstrip("/")]
        folders.add("/".join(parents))
    return folders


def test_the_layout_in_the_developer_guide_names_every_core_folder():
    documented = _tree_folders((ROOT / "docs" / "development.md").read_text(encoding="utf-8"))
    # Folders inside catalogs and inside the scaffold's template are not listed one by one.
    inside = re.compile(r"__pycache__|translations/|scaffold/template/")
    folders = {
        rel
        for path in [ROOT / "portal", *(ROOT / "portal").rglob("*")]
        if path.is_dir() and not inside.search(rel := str(path.relative_to(ROOT)))
    }
    assert folders - documented == set()
    assert {f for f in documented if f.startswith("portal")} - folders == set()


# --- pages, menu, cards and panels ------------------------------------------------------------


def test_blueprint_page_lists_the_viewer_s_placements_and_refuses_other_roles(as_role, world):
    page = as_role("coach").get("/p/worksafe/")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Aino Virtanen" in html and "Varasto Oy" in html
    assert "Eetu" not in html  # another coach's client
    assert as_role("client_user").get("/p/worksafe/").status_code == 403
    assert as_role("employer").get("/p/worksafe/").status_code == 403


def test_hook_portal_api_blueprints(app, world):
    with app.app_context():
        soon = Placement(
            client_id=world.client.id,
            company_id=world.company.id,
            start_date=TODAY + timedelta(days=5),
            end_date=TODAY + timedelta(days=60),
        )
        db.session.add(soon)
        db.session.commit()
        soon_id = soon.id
    coach = api_get(app, "/p/worksafe/briefings", token_for(app, world.coach.id))
    assert coach.status_code == 200
    assert [b["placement_id"] for b in coach.json["items"]] == [soon_id]  # not Eetu's
    admin = api_get(app, "/p/worksafe/briefings?limit=1", token_for(app, world.admin.id)).json
    assert len(admin["items"]) == 1 and admin["next"] is not None
    employer = api_get(app, "/p/worksafe/briefings", token_for(app, world.employer.id))
    assert employer.status_code == 403
    unscoped = api_get(app, "/p/worksafe/briefings", token_for(app, world.coach.id, scopes=()))
    assert unscoped.status_code == 403
    assert "/p/worksafe/briefings" in app.test_client().get("/api/v1/openapi.json").json["paths"]


def test_nav_item_for_coaches_and_the_admin_only(as_role):
    assert 'href="/p/worksafe/"' in as_role("coach").get("/").get_data(as_text=True)
    assert 'href="/p/worksafe/"' in as_role("admin").get("/").get_data(as_text=True)
    assert 'href="/p/worksafe/"' not in as_role("employer").get("/").get_data(as_text=True)


def test_dashboard_widget_shows_each_supervisor_their_own_trainees(as_role):
    own = as_role("employer").get("/").get_data(as_text=True)
    assert "Safety in the first weeks" in own and "Aino" in own and "Eetu" not in own
    other = as_role("other_employer").get("/").get_data(as_text=True)
    assert "Eetu" in other and "Aino" not in other
    assert "Safety in the first weeks" not in as_role("coach").get("/").get_data(as_text=True)


def test_client_task_and_progress_on_the_young_person_s_home_in_the_first_weeks(
    app, world, as_role
):
    home = as_role("client_user").get("/").get_data(as_text=True)
    tasks = home[home.index('id="tasks"') : home.index('id="progress-h"')]
    assert "Check your safety shoes and gloves before work" in tasks and "#shield" in tasks
    assert "My first two weeks, safely" in home and 'max="14" value="11"' in home
    with app.app_context():
        db.session.get(Placement, world.placement.id).start_date = TODAY - timedelta(days=20)
        db.session.commit()
    later = as_role("client_user").get("/").get_data(as_text=True)
    assert "Check your safety shoes" not in later and 'max="14" value="14"' in later


def test_client_panel_shows_supervisors_only_their_company_s_placement(app, as_role, world):
    with app.app_context():
        db.session.add(
            Placement(
                client_id=world.client.id,
                company_id=world.other_company.id,
                start_date=TODAY + timedelta(days=60),
                end_date=TODAY + timedelta(days=90),
            )
        )
        db.session.commit()
    ours = "Safety briefing at Varasto Oy before the first task. Tasks: Keräily"
    theirs = "Safety briefing at Kahvila Oy before the first task."
    coach_page = as_role("coach").get(f"/clients/{world.client.id}").get_data(as_text=True)
    assert ours in coach_page and theirs in coach_page
    trainee_page = as_role("employer").get(f"/trainees/{world.client.id}").get_data(as_text=True)
    assert ours in trainee_page and theirs not in trainee_page


# --- lifecycle hooks: called with the committed objects ---------------------------------------


def test_client_created_mails_the_coach(app, world):
    with app.test_request_context():
        client = db.session.get(Client, world.client.id)
        fire("portal_client_created", client=client, actor=db.session.get(User, world.coach.id))
        assert _outbox() == [(world.coach.email, "Book a safety briefing")]


def test_user_created_welcomes_supervisors_only(app, world):
    with app.test_request_context():
        admin = db.session.get(User, world.admin.id)
        fire("portal_user_created", user=db.session.get(User, world.coach.id), actor=admin)
        fire("portal_user_created", user=db.session.get(User, world.employer.id), actor=None)
        assert _outbox() == [(world.employer.email, "Work safety for trainees")]
        body = db.session.scalar(select(OutboxMessage.body))
        assert "http://127.0.0.1:5000/" in body


def test_placement_started_and_ended_mail_the_supervisor(app, world):
    with app.test_request_context():
        placement = db.session.get(Placement, world.placement.id)
        coach = db.session.get(User, world.coach.id)
        fire("portal_placement_started", placement=placement, actor=coach)
        placement.ended_on = TODAY
        fire("portal_placement_ended", placement=placement, actor=coach, reason="Muutto")
        assert _outbox() == [
            (world.employer.email, "First-day safety checklist"),
            (world.employer.email, "Collect keys and protective equipment"),
        ]
        assert "Reason: Muutto" in db.session.scalars(select(OutboxMessage.body)).all()[1]


def test_checkpoint_opened_about_safety_tells_the_admins(app, world):
    with app.test_request_context():
        coach = db.session.get(User, world.coach.id)
        for difficulty in ("Myöhästelee", "Tapaturma trukin kanssa"):
            checkpoint = Checkpoint(client_id=world.client.id, difficulty=difficulty)
            db.session.add(checkpoint)
            db.session.flush()
            fire("portal_checkpoint_opened", checkpoint=checkpoint, actor=coach)
        assert _outbox() == [(world.admin.email, "A Check Point about work safety")]


def test_checkpoint_closed_with_a_change_of_placement_reminds_the_coach(app, world):
    with app.test_request_context():
        coach = db.session.get(User, world.coach.id)
        for decision in ("continue_intensified", "change_placement"):
            checkpoint = Checkpoint(client_id=world.client.id, decision=decision)
            fire("portal_checkpoint_closed", checkpoint=checkpoint, actor=coach)
        assert _outbox() == [(coach.email, "Book a safety briefing for the new placement")]


def test_outcome_recorded_tells_the_hiring_company_s_supervisors(app, world):
    with app.test_request_context():
        coach = db.session.get(User, world.coach.id)
        for kind in ("study_place", "employed_coaching_company"):
            outcome = Outcome(
                client_id=world.client.id, kind=kind, on=TODAY, company_id=world.company.id
            )
            fire("portal_outcome_recorded", outcome=outcome, actor=coach)
        assert _outbox() == [(world.employer.email, "Your trainee is now your employee")]


def test_assessment_submitted_with_a_low_score_mails_the_coach(app, world):
    with app.test_request_context():
        client = db.session.get(Client, world.client.id)
        placement = db.session.get(Placement, world.placement.id)
        for key, ppe in (("worksafe_check", "3"), ("other_form", "1"), ("worksafe_check", "1")):
            fire(
                "portal_assessment_submitted",
                form_key=key,
                client=client,
                placement=placement,
                answers={"ppe": ppe},
                actor=None,
            )
        assert _outbox() == [(world.coach.email, "Protective equipment not used yet")]


def test_demo_data_adds_the_company_once(app):
    with app.app_context():
        fire("portal_demo_data", today=TODAY)
        fire("portal_demo_data", today=TODAY)
        names = db.session.scalars(select(Company.name).where(Company.business_id == "1234567-1"))
        assert names.all() == ["Turvavaruste Oy"]


# --- lists the core and other plugins gather ------------------------------------------------


def test_risk_signal_on_the_worklist_for_a_placement_without_tasks(app, world, as_role):
    message = "Placement starts soon with no tasks recorded for the safety briefing"
    assert message not in as_role("coach").get("/worklist").get_data(as_text=True)
    with app.app_context():
        placement = db.session.get(Placement, world.placement.id)
        placement.start_date, placement.tasks = TODAY + timedelta(days=2), ""
        db.session.commit()
    html = as_role("coach").get("/worklist").get_data(as_text=True)
    assert message in html and "Aino Virtanen" in html


def test_review_agenda_asks_about_the_briefing_at_the_first_review_only(app, world):
    with app.test_request_context():
        placement = db.session.get(Placement, world.placement.id)
        first = collect("portal_review_agenda", placement=placement, since=placement.start_date)
        later = collect("portal_review_agenda", placement=placement, since=TODAY)
        ours = [i for i in first if i.key.startswith("worksafe:")]
        assert [(i.key, i.detail) for i in ours] == [
            (f"worksafe:briefing:{placement.id}", "Keräily")
        ]
        assert not [i for i in later if i.key.startswith("worksafe:")]


def test_export_column_counts_each_client_s_briefings(app, world, as_role):
    with app.app_context():
        db.session.add(
            Placement(
                client_id=world.client.id,
                company_id=world.company.id,
                start_date=TODAY - timedelta(days=120),
                end_date=TODAY - timedelta(days=60),
            )
        )
        db.session.commit()
    export = as_role("admin").get("/reports/clients.csv", query_string=PERIOD)
    rows = list(csv.reader(io.StringIO(export.get_data(as_text=True))))
    assert rows[0][-1] == "Safety briefings"
    assert {row[0]: row[-1] for row in rows[1:]} == {
        str(world.client.id): "2",
        str(world.other_client.id): "1",
    }


def test_report_widget_counts_within_the_viewer_s_scope_and_hides_small_counts(app, world, as_role):
    def shown(role):
        html = as_role(role).get("/reports/", query_string=PERIOD).get_data(as_text=True)
        return re.search(r'plugin-worksafe-briefings.*?class="figure">([^<]*)<', html, re.S)[1]

    assert shown("admin") == "&lt;5"
    with app.app_context():
        for weeks in range(5):
            start = TODAY - timedelta(weeks=weeks + 20)
            db.session.add(
                Placement(
                    client_id=world.client.id,
                    company_id=world.company.id,
                    start_date=start,
                    end_date=start + timedelta(days=6),
                )
            )
        db.session.commit()
    assert (shown("admin"), shown("coach")) == ("7", "6")


def test_cli_command_lists_placements_starting_soon(app, world):
    result = app.test_cli_runner().invoke(args=["worksafe", "starting", "--days", "7"])
    assert result.exit_code == 0, result.output
    assert result.output == f"{TODAY:%d.%m.%Y}  Kahvila Oy  Eetu\n"


def test_onboarding_template_is_offered_for_a_company_s_model(as_role, world):
    page = as_role("coach").get(f"/p/onboarding/companies/{world.company.id}")
    assert "Turvallinen aloitus varastossa (2)" in page.get_data(as_text=True)


def test_skill_requirements_match_the_text_in_any_language(app):
    with app.app_context():
        found = collect("portal_skill_requirements", text="SUOJ", limit=5)
        assert [item.ref for item in found] == ["worksafe:ppe"]
        assert len(collect("portal_skill_requirements", text="", limit=1)) == 1


def test_evidence_items_name_each_started_placement(app, world):
    with app.test_request_context():
        client = db.session.get(Client, world.client.id)
        items = collect("portal_evidence_items", client=client)
        assert [(i.ref, str(i.label), i.on) for i in items if i.kind == "worksafe_briefing"] == [
            (
                f"worksafe:briefing:{world.placement.id}",
                "Safety briefing at Varasto Oy",
                world.placement.start_date,
            )
        ]


def test_assessment_form_is_asked_for_rendered_and_answered(as_role, world):
    coach, employer = as_role("coach"), as_role("employer")
    results = f"/p/assessments/clients/{world.client.id}"
    assert 'value="worksafe_check"' in coach.get(results).get_data(as_text=True)
    asked = coach.post(
        f"{results}/request",
        {"form": "worksafe_check", "placement": str(world.placement.id)},
        form_url=results,
    )
    assert asked.status_code == 302
    start = employer.get("/").get_data(as_text=True)
    url = re.search(r'href="(/p/assessments/\d+)"', start)[1]
    form = employer.get(url).get_data(as_text=True)
    for text in ("Työturvallisuus", "Suojaimet", "Ei vielä", "Itsenäisesti", "Mitä tapahtui?"):
        assert text in form, text
    version = re.search(r'name="version" type="hidden" value="(\d+)"', form)[1]
    answers = {"q_ppe": "2", "q_shoes": "lent", "q_reported": "no", "q_what": ""}
    submitted = employer.post(url, {**answers, "action": "submit", "version": version})
    assert submitted.status_code == 302


if __name__ == "__main__":
    GUIDE.write_text(with_examples_included(_guide()), encoding="utf-8")
