"""What workplace supervisors said of their trainees, per partner company, counted in SQL.

Every submitted supervisor's assessment of the young people in scope adds to its company's
row: the end-of-placement answers (would hire, will take trainees again) and the skill scores
(every scale question that names a skill, whatever form and version asked it, counted when the
answers were saved: ``plugins.assessments.scores``). The last three "what to learn next" texts
of each company come in a statement of their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, case, func, select

from plugins.assessments.models import Assessment, Status
from portal.api import Company, Placement, db, json_text

#: How many of the latest "what to learn next" texts a company's row shows.
LEARN_NEXT = 3


@dataclass
class CompanyFeedback:
    company_id: int
    company: str
    answers: int
    would_hire: int
    more_trainees: int
    average: float | None
    learn_next: list[str]


def _submitted(client_ids) -> Any:
    return and_(
        Assessment.client_id.in_(client_ids),
        Assessment.status == Status.SUBMITTED,
        Assessment.filled_by == "supervisor",
    )


def _statements(client_ids) -> list[Any]:
    # An end-of-placement answer is one that says whether they would hire: only those count.
    ended = json_text(Assessment.answers, "would_hire").is_not(None)
    yes = lambda key: func.sum(  # noqa: E731
        case((and_(ended, json_text(Assessment.answers, key) == "yes"), 1), else_=0)
    )
    per_company = (
        select(
            Company.id,
            Company.name,
            func.sum(case((ended, 1), else_=0)),
            yes("would_hire"),
            yes("more_trainees"),
            func.sum(Assessment.skill_total),
            func.sum(Assessment.skill_count),
        )
        .select_from(Assessment)
        .join(Placement, Placement.id == Assessment.placement_id)
        .join(Company, Company.id == Placement.company_id)
        .where(_submitted(client_ids))
        .group_by(Company.id, Company.name)
    )
    text = json_text(Assessment.answers, "learn_next")
    latest = (
        select(
            Placement.company_id.label("company_id"),
            text.label("text"),
            func.row_number()
            .over(partition_by=Placement.company_id, order_by=Assessment.id.desc())
            .label("n"),
        )
        .join(Placement, Placement.id == Assessment.placement_id)
        .where(_submitted(client_ids), ended, func.coalesce(text, "") != "")
        .subquery()
    )
    learn = select(latest.c.company_id, latest.c.n, latest.c.text).where(latest.c.n <= LEARN_NEXT)
    return [per_company, learn]


def company_feedback(client_ids) -> list[CompanyFeedback]:
    """Per partner company, by name: the end-of-placement answers of the supervisors' assessments
    of ``client_ids`` (a SELECT of client ids), the average skill score, the latest things to
    learn next. Two statements: the counts, the texts."""
    companies, learn = (db.session.execute(query).all() for query in _statements(client_ids))
    texts: dict[int, list[tuple[int, str]]] = {}
    for company_id, n, text in learn:
        texts.setdefault(company_id, []).append((int(n), text))
    rows = [
        CompanyFeedback(
            company_id,
            name,
            int(answers or 0),
            int(would_hire or 0),
            int(more or 0),
            round(float(total) / int(count), 1) if count else None,
            [text for _n, text in sorted(texts.get(company_id, []), reverse=True)],
        )
        for company_id, name, answers, would_hire, more, total, count in companies
    ]
    return sorted(rows, key=lambda row: row.company)
