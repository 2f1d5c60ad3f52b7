"""What workplace supervisors said of their trainees, per partner company, kept as data.

Every submitted supervisor's assessment adds to its company's figures: the end-of-placement
answers (would hire, will take trainees again) and the skill scores (every scale question that
names a skill, whatever form and version asked it, counted when the answers were saved:
``plugins.assessments.scores``). Each young person's share is kept with the dashboard's
(``portal_figure_shares``) and summed per project, coach and month, so the page reads a few rows
per company whatever the number of assessments. The last three "what to learn next" texts of
each company are read from an index of their own, in a second statement.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, func, literal, select, true
from sqlalchemy.orm import aliased

from plugins.assessments.models import Assessment, Status
from plugins.assessments.scores import READ
from portal.api import (
    Client,
    Company,
    Placement,
    Role,
    User,
    count_in_figures,
    db,
    figure_share,
    json_text,
    read_figures,
    visible_clients,
)

#: The figure the shares are kept as.
PART = "a.companies"
#: How many of the latest "what to learn next" texts a company's row shows.
LEARN_NEXT = 3


# An assessment written rewrites its young person's shares in the same transaction (an update
# only when what the shares read changed: not a reminder sent).
count_in_figures(Assessment, columns=(*READ, "client_id"))


@dataclass
class CompanyFeedback:
    company_id: int
    company: str
    answers: int
    would_hire: int
    more_trainees: int
    average: float | None
    learn_next: list[str]


def shares() -> Any:
    """Per young person and company: the supervisors' submitted assessments, the
    end-of-placement ones, their yes to hiring and to more trainees, the skill scores' sum and
    number."""
    # An end-of-placement answer is one that says whether they would hire: only those count.
    ended = json_text(Assessment.answers, "would_hire").is_not(None)
    yes = lambda key: func.count().filter(  # noqa: E731
        and_(ended, json_text(Assessment.answers, key) == "yes")
    )
    return (
        select(
            *figure_share(
                PART,
                Placement.company_id,
                literal(""),
                func.count(),
                func.count().filter(ended),
                yes("would_hire"),
                yes("more_trainees"),
                func.sum(Assessment.skill_total),
                func.sum(Assessment.skill_count),
            )
        )
        .join(Assessment, Assessment.client_id == Client.id)
        .join(Placement, Placement.id == Assessment.placement_id)
        .where(Assessment.status == Status.SUBMITTED, Assessment.filled_by == "supervisor")
        .group_by(Client.id, Placement.company_id)
    )


def _latest_texts(viewer: User, company_ids: list[int]) -> Any:
    """Each company's name and its latest LEARN_NEXT texts among ``viewer``'s young people:
    for each company, from the newest down its range of the index until three are found."""
    said = aliased(Assessment)
    # Submitted supervisors' end-of-placement answers (``scores.says_what_to_learn_next``).
    latest = select(said.id.label("id"), json_text(said.answers, "learn_next").label("text"))
    latest = latest.where(said.learn_next_company_id == Company.id)
    if viewer.role != Role.ADMIN:
        # Each candidate's young person looked up until three are in view.
        mine = visible_clients(viewer).with_only_columns(literal(1))
        latest = latest.where(mine.where(Client.id == said.client_id).exists())
    latest = latest.order_by(said.id.desc()).limit(LEARN_NEXT)
    companies = select(Company.id, Company.name).where(Company.id.in_(company_ids))
    if db.engine.dialect.name == "postgresql":
        # A LATERAL join: PostgreSQL planned "id IN (correlated subquery with LIMIT)" as a
        # walk of every assessment, the subquery run for each (22 minutes at 100,000).
        found = latest.lateral("latest")
        return companies.add_columns(found.c.id, found.c.text).outerjoin(found, true())
    # SQLite has no LATERAL; it runs the correlated subquery once per company.
    ids = latest.with_only_columns(said.id).correlate(Company)
    return companies.add_columns(
        Assessment.id, json_text(Assessment.answers, "learn_next")
    ).outerjoin(Assessment, Assessment.id.in_(ids))


def company_feedback(viewer: User) -> list[CompanyFeedback]:
    """Per partner company, by name: the end-of-placement answers of the supervisors'
    assessments of the young people ``viewer`` works with, the average skill score, the latest
    things to learn next. Two statements: the kept figures, the names and the texts."""
    sums: dict[int, list[int]] = defaultdict(lambda: [0] * 6)
    for company_id, _k2, _month, *values in read_figures(viewer, (PART,))[PART]:
        sums[company_id] = [a + int(b or 0) for a, b in zip(sums[company_id], values, strict=True)]
    if not sums:
        return []
    names: dict[int, str] = {}
    texts: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for company_id, name, assessment_id, text in db.session.execute(
        _latest_texts(viewer, sorted(sums))
    ):
        names[company_id] = name
        if assessment_id is not None:
            texts[company_id].append((assessment_id, text))
    rows = [
        CompanyFeedback(
            company_id,
            names[company_id],
            ended,
            would_hire,
            more,
            round(total / count, 1) if count else None,
            [text for _id, text in sorted(texts[company_id], reverse=True)],
        )
        for company_id, (_all, ended, would_hire, more, total, count) in sums.items()
        if company_id in names
    ]
    return sorted(rows, key=lambda row: row.company)
