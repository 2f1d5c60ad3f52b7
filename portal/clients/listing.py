"""The client list's sort orders and filters (phase, coach, group, company, risk signal)."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import Select, or_, select

from portal.access.pickers import company_choice_list, group_choice_list
from portal.app import clock
from portal.app.choices import ShortList, load
from portal.app.listing import ListFilter
from portal.models import Client, PathwayState, Placement, Role, User, group_members
from portal.models.labels import label
from portal.pathway.plugin_risks import plugin_risk_signals
from portal.pathway.risks import SIGNAL_QUERIES, signalled

#: "any" is a risk signal of any kind, "other" one the plugins raise (``plugin_risks``);
#: the others are the core's kinds of ``portal.pathway.risks``.
ANY_RISK, OTHER_RISK = "any", "other"
RISKS = (ANY_RISK, *SIGNAL_QUERIES, OTHER_RISK)

#: The group filter offers the most recent groups; an older one still filters by its id.
GROUP_CHOICES = 60

SORTS = {
    "name": (Client.last_name, Client.first_name),
    "born": (Client.birth_year,),
    "municipality": (Client.municipality,),
    "phase": (Client.state,),
    "entry": (Client.entry_date,),
}


def _in_group(query: Select, group_id: int) -> Select:
    members = select(group_members.c.client_id).where(group_members.c.group_id == group_id)
    return query.where(Client.id.in_(members))


def _at_company(query: Select, company_id: int) -> Select:
    placed = select(Placement.client_id).where(Placement.company_id == company_id)
    return query.where(Client.id.in_(placed))


def _raised_by_plugins(ids: Select, today: date) -> list[int]:
    """The clients the plugins raise a signal for: every plugin's queries for the set in one
    statement."""
    return list({s.client_id for s in plugin_risk_signals(ids, today)})


def _with_risk(query: Select, kind: str) -> Select:
    """Clients with a risk signal, computed in SQL over the (already scoped) list itself;
    those already in a Check Point are left out, as on the worklist."""
    ids = query.with_only_columns(Client.id).order_by(None)
    today = clock.today()
    wanted = []
    if kind != OTHER_RISK:
        wanted.append(Client.id.in_(signalled(ids, today, None if kind == ANY_RISK else kind)))
    if kind in (ANY_RISK, OTHER_RISK):
        wanted.append(Client.id.in_(_raised_by_plugins(ids, today)))
    return query.where(or_(*wanted), Client.state != PathwayState.CHECKPOINT)


FILTERS = (
    ListFilter("phase", lambda q, v: q.where(Client.state == v), choices=tuple(PathwayState)),
    ListFilter("coach", lambda q, v: q.where(Client.coach_id == v), integer=True),
    ListFilter("group", _in_group, integer=True),
    ListFilter("company", _at_company, integer=True),
    ListFilter("risk", _with_risk, choices=RISKS),
)


def filter_options(viewer: User) -> dict[str, list[tuple[object, object]]]:
    """The choices of the filters; groups and companies within what the viewer sees."""
    coaches, groups, companies = load(
        ShortList(select(User.id, User.name).where(User.role == Role.COACH), (User.name, User.id)),
        group_choice_list(viewer, GROUP_CHOICES),
        company_choice_list(viewer),
    )
    return {
        "phase": [(state.value, label(state.value, "state")) for state in PathwayState],
        "coach": [tuple(row) for row in coaches],
        "group": [tuple(row) for row in groups],
        "company": [tuple(row) for row in companies],
        "risk": [
            (ANY_RISK, _("Any risk signal")),
            ("no_contact", _("No contact for 14 days")),
            ("absences", _("Two unexcused absences in a row")),
            ("no_next_step", _("Placement ends within 7 days with no next step")),
            (OTHER_RISK, _("Other risk signals (assessments, onboarding)")),
        ],
    }
