"""The rows of the ESF+ results: upon leaving (EECR01-EECR04), six months after leaving
(EECR05-EECR06), and the project's own targets. See ``portal.esf.definitions``."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, not_, or_

from portal.esf.rows import (
    IMPROVED,
    LATER,
    LATER_TITLE,
    LEAVING,
    LEAVING_TITLE,
    RESULT_6,
    STATUS,
    Block,
    RowDef,
    fact_block,
    has_left,
    in_education,
)
from portal.models import ClientSensitive, EmploymentStatus, Outcome, OutcomeKind
from portal.reports.categories import EMPLOYED

TARGETS = "targets"

RESULT_BLOCKS: list[Block] = [
    Block(
        LEAVING,
        LEAVING_TITLE,
        [
            RowDef(
                "left",
                "",
                _l("Participants who have left"),
                _l("An outcome with a leaving date on or after entry, and not in the future."),
                has_left,
                "breakdown",
            ),
            RowDef(
                "not_left",
                "",
                _l("Not left yet"),
                "",
                lambda c: Outcome.id.is_(None),
                "breakdown",
            ),
            RowDef(
                "leaving_date_wrong",
                "",
                _l("Missing: leaving date impossible"),
                _l("Before entry, before 2000 or in the future: fix the outcome's date."),
                lambda c: and_(Outcome.id.is_not(None), not_(c["left"])),
                "missing",
            ),
        ],
    ),
    fact_block(
        LEAVING,
        LEAVING_TITLE,
        "EECR01",
        "job_searching",
        _l("Participants engaged in job searching upon leaving"),
        _l("Recorded at exit: actively looking for work (e.g. registered as a jobseeker)."),
        has_left,
        Outcome.job_searching,
    ),
    Block(
        LEAVING,
        LEAVING_TITLE,
        [
            RowDef(
                "in_education",
                "EECR02",
                _l("Participants in education or training upon leaving"),
                _l("Outcome at exit: a study place accepted or started."),
                lambda c: and_(c["left"], in_education()),
            ),
            RowDef(
                "in_education_no",
                "",
                _l("No"),
                "",
                lambda c: and_(
                    c["left"],
                    not_(in_education()),
                    or_(
                        Outcome.kind != OutcomeKind.STUDY_PLACE,
                        func.coalesce(Outcome.study_status, "") != "",
                    ),
                ),
                "breakdown",
            ),
            RowDef(
                "in_education_missing",
                "",
                _l("Missing: study place without a status"),
                "",
                lambda c: and_(
                    c["left"],
                    Outcome.kind == OutcomeKind.STUDY_PLACE,
                    func.coalesce(Outcome.study_status, "") == "",
                ),
                "missing",
            ),
        ],
    ),
    fact_block(
        LEAVING,
        LEAVING_TITLE,
        "EECR03",
        "qualification",
        _l("Participants gaining a qualification upon leaving"),
        _l("Recorded at exit: a qualification or a certified part of one gained in the project."),
        has_left,
        Outcome.qualification_gained,
    ),
    Block(
        LEAVING,
        LEAVING_TITLE,
        [
            RowDef(
                "in_employment",
                "EECR04",
                _l("Participants in employment, including self-employment, upon leaving"),
                _l("Outcome at exit: employed by the coaching company or another employer."),
                lambda c: and_(c["left"], Outcome.kind.in_(EMPLOYED)),
            ),
            RowDef(
                "in_employment_no",
                "",
                _l("No"),
                "",
                lambda c: and_(c["left"], Outcome.kind.not_in(EMPLOYED)),
                "breakdown",
            ),
        ],
    ),
    Block(
        LATER,
        LATER_TITLE,
        [
            RowDef(
                "due",
                "",
                _l("Left six months ago or earlier"),
                _l("Six calendar months have passed since a sensible leaving date."),
                lambda c: c["due"],
                "breakdown",
            ),
            RowDef(
                "not_due",
                "",
                _l("Not yet six months after leaving"),
                _l("Includes those who have not left and impossible leaving dates."),
                lambda c: not_(c["due"]),
                "breakdown",
            ),
        ],
    ),
    Block(
        LATER,
        LATER_TITLE,
        [
            RowDef(
                "employed_6",
                "EECR05",
                _l(
                    "Participants in employment, including self-employment, "
                    "six months after leaving"
                ),
                _l("The 6-month follow-up found them in work."),
                lambda c: and_(c["due"], RESULT_6 == "employed"),
            ),
            RowDef(
                "employed_6_no",
                "",
                _l("No"),
                _l("Studying, unemployed or back in the city's services."),
                lambda c: and_(
                    c["due"], RESULT_6.in_(["studying", "unemployed", "back_in_services"])
                ),
                "breakdown",
            ),
            RowDef(
                "employed_6_missing",
                "",
                _l("Missing: no follow-up result"),
                _l("Not recorded, or the young person was not reached."),
                lambda c: and_(
                    c["due"],
                    RESULT_6.not_in(["employed", "studying", "unemployed", "back_in_services"]),
                ),
                "missing",
            ),
        ],
    ),
    Block(
        LATER,
        LATER_TITLE,
        [
            RowDef(
                "improved",
                "EECR06",
                _l(
                    "Participants with an improved labour-market situation six months after leaving"
                ),
                _l(
                    "Employed at entry, and six months after leaving in more stable or fuller "
                    "work, a more demanding job or promoted (recorded at the follow-up)."
                ),
                lambda c: and_(c["due"], STATUS == EmploymentStatus.EMPLOYED, IMPROVED == "yes"),
            ),
            RowDef(
                "improved_no",
                "",
                _l("No"),
                "",
                lambda c: and_(c["due"], STATUS == EmploymentStatus.EMPLOYED, IMPROVED == "no"),
                "breakdown",
            ),
            RowDef(
                "improved_missing",
                "",
                _l("Missing: not recorded at the follow-up"),
                "",
                lambda c: and_(
                    c["due"], STATUS == EmploymentStatus.EMPLOYED, IMPROVED.not_in(["yes", "no"])
                ),
                "missing",
            ),
            RowDef(
                "improved_not_applicable",
                "",
                _l("Not employed at entry (not counted)"),
                "",
                lambda c: and_(c["due"], STATUS != EmploymentStatus.EMPLOYED),
                "breakdown",
            ),
        ],
    ),
    Block(
        TARGETS,
        _l("The project's own targets"),
        [
            RowDef(
                "immigrants",
                "",
                _l("Immigrant background"),
                _l("Recorded under support needs and language; share of the participants."),
                lambda c: ClientSensitive.immigrant_background.is_(True),
            ),
            RowDef(
                "positive",
                "",
                _l("Employed or studying upon leaving"),
                _l("Employed, or a study place accepted or started; share of those who left."),
                lambda c: and_(c["left"], or_(Outcome.kind.in_(EMPLOYED), in_education())),
            ),
        ],
        exclusive=False,
    ),
]
