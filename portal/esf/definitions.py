"""Every row of the ESF+ indicator tables: its code, its words, its definition and its SQL.

A block is a table whose rows (except those ``within`` another) are mutually exclusive and add
up to the block's base, so it can be protected as a grid (``portal.esf.indicators``). The
definitions follow Regulation (EU) 2021/1057, Annex I, and the Commission's ESF+ common
indicators guidance; ADR 0024 says where Polku's data answers them and where it cannot.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, not_, or_, true

from portal.models import Client, ClientSensitive, EmploymentStatus, FollowUp, Outcome, OutcomeKind
from portal.models.outcome import StudyStatus
from portal.reports.figures import EMPLOYED

#: Gender columns: women, men, non-binary, declined to say, not asked ("").
GENDERS = ("female", "male", "non_binary", "declined", "")
GENDER_LABELS = {
    "female": _l("Women"),
    "male": _l("Men"),
    "non_binary": _l("Non-binary"),
    "declined": _l("Gender: declined"),
    "": _l("Gender: not asked"),
}

Condition = Callable[[dict[str, Any]], Any]


@dataclass
class RowDef:
    key: str
    code: str
    label: Any
    definition: Any
    condition: Condition
    kind: str = "indicator"
    within: str | None = None


@dataclass
class Block:
    section: str
    section_title: Any
    rows: list[RowDef] = field(default_factory=list)
    exclusive: bool = True


def _coded(column) -> Any:
    return func.coalesce(column, "")


def _answer_block(code: str, key: str, label, definition, column) -> Block:
    """Yes / no / declined / not asked, of a special-category answer."""
    value = _coded(column)
    return Block(
        "entry",
        _l("Participants at entry (output indicators)"),
        [
            RowDef(key, code, label, definition, lambda c: value == "yes"),
            RowDef(f"{key}_no", "", _l("No"), "", lambda c: value == "no", "breakdown"),
            RowDef(
                f"{key}_declined",
                "",
                _l("Declined to answer"),
                _l("Counted in the total only."),
                lambda c: value == "declined",
                "missing",
            ),
            RowDef(
                f"{key}_missing",
                "",
                _l("Missing: not asked"),
                "",
                lambda c: value.not_in(["yes", "no", "declined"]),
                "missing",
            ),
        ],
    )


def _fact_block(section, title, code, key, label, definition, base, column) -> Block:
    """Yes / no / missing among ``base`` (a condition of the context)."""
    value = _coded(column)
    return Block(
        section,
        title,
        [
            RowDef(key, code, label, definition, lambda c: and_(base(c), value == "yes")),
            RowDef(
                f"{key}_no", "", _l("No"), "", lambda c: and_(base(c), value == "no"), "breakdown"
            ),
            RowDef(
                f"{key}_missing",
                "",
                _l("Missing: not recorded"),
                "",
                lambda c: and_(base(c), value.not_in(["yes", "no"])),
                "missing",
            ),
        ],
    )


ENTRY = "entry"
ENTRY_TITLE = _l("Participants at entry (output indicators)")
LEAVING = "leaving"
LEAVING_TITLE = _l("Immediate results upon leaving")
LATER = "later"
LATER_TITLE = _l("Longer-term results six months after leaving")

STATUS = Client.employment_status
UNEMPLOYED = [EmploymentStatus.UNEMPLOYED, EmploymentStatus.LONG_TERM_UNEMPLOYED]
INACTIVE = [EmploymentStatus.INACTIVE, EmploymentStatus.IN_EDUCATION]
KNOWN_STATUS = [*UNEMPLOYED, *INACTIVE, EmploymentStatus.EMPLOYED]
ISCED = ["isced_0_2", "isced_3_4", "isced_5_8"]


def _left(c):
    return c["left"]


def _in_education():
    return and_(
        Outcome.kind == OutcomeKind.STUDY_PLACE,
        Outcome.study_status.in_([StudyStatus.ACCEPTED, StudyStatus.STARTED]),
    )


def _sane_age(c):
    return c["age"].between(0, 120)


RESULT_6 = _coded(FollowUp.result)
IMPROVED = _coded(FollowUp.improved_situation)

BLOCKS: list[Block] = [
    Block(
        ENTRY,
        ENTRY_TITLE,
        [
            RowDef(
                "participants",
                "EECO01",
                _l("Total number of participants"),
                _l("Everyone who entered the project in the period (in scope)."),
                lambda c: true(),
            )
        ],
    ),
    Block(
        ENTRY,
        ENTRY_TITLE,
        [
            RowDef(
                "unemployed",
                "EECO02",
                _l("Unemployed, including long-term unemployed"),
                _l("Labour-market status at entry: unemployed or long-term unemployed."),
                lambda c: STATUS.in_(UNEMPLOYED),
            ),
            RowDef(
                "long_term_unemployed",
                "EECO03",
                _l("Long-term unemployed"),
                _l("Unemployed over 6 months in a row (under 25) or over 12 months (25 or over)."),
                lambda c: STATUS == EmploymentStatus.LONG_TERM_UNEMPLOYED,
                within="unemployed",
            ),
            RowDef(
                "inactive",
                "EECO04",
                _l("Inactive"),
                _l("Outside the labour force at entry, including those in education."),
                lambda c: STATUS.in_(INACTIVE),
            ),
            RowDef(
                "employed",
                "EECO05",
                _l("Employed, including self-employed"),
                _l("In work or self-employed at entry."),
                lambda c: STATUS == EmploymentStatus.EMPLOYED,
            ),
            RowDef(
                "status_missing",
                "",
                _l("Labour-market status missing"),
                _l("Not recorded at entry."),
                lambda c: STATUS.not_in(KNOWN_STATUS),
                "missing",
            ),
        ],
    ),
    Block(
        ENTRY,
        ENTRY_TITLE,
        [
            RowDef(
                "under_18",
                "EECO06",
                _l("Children below 18 years of age"),
                _l("Age at entry: the year of entry minus the year of birth."),
                lambda c: and_(_sane_age(c), c["age"] < 18),
            ),
            RowDef(
                "age_18_29",
                "EECO07",
                _l("Young people between 18 and 29 years of age"),
                _l("Age at entry 18–29."),
                lambda c: c["age"].between(18, 29),
            ),
            RowDef(
                "age_30_54",
                "",
                _l("Aged 30–54"),
                _l("Not a common indicator; shown so the ages add up."),
                lambda c: c["age"].between(30, 54),
                "breakdown",
            ),
            RowDef(
                "age_55",
                "EECO08",
                _l("Participants 55 years of age and above"),
                _l("Age at entry 55 or over."),
                lambda c: c["age"].between(55, 120),
            ),
            RowDef(
                "age_missing",
                "",
                _l("Age missing or impossible"),
                _l("The year of birth gives an age below 0 or above 120."),
                lambda c: not_(_sane_age(c)),
                "missing",
            ),
        ],
    ),
    Block(
        ENTRY,
        ENTRY_TITLE,
        [
            RowDef(
                "isced_0_2",
                "EECO09",
                _l("With lower secondary education or less (ISCED 0–2)"),
                _l("Highest completed education at entry, ISCED 2011 levels 0–2."),
                lambda c: Client.isced_level == "isced_0_2",
            ),
            RowDef(
                "isced_3_4",
                "EECO10",
                _l("With upper secondary or post-secondary education (ISCED 3–4)"),
                _l("Highest completed education at entry, ISCED 2011 levels 3–4."),
                lambda c: Client.isced_level == "isced_3_4",
            ),
            RowDef(
                "isced_5_8",
                "EECO11",
                _l("With tertiary education (ISCED 5–8)"),
                _l("Highest completed education at entry, ISCED 2011 levels 5–8."),
                lambda c: Client.isced_level == "isced_5_8",
            ),
            RowDef(
                "isced_missing",
                "",
                _l("Education level missing"),
                _l("Not asked on the ESF+ form."),
                lambda c: Client.isced_level.not_in(ISCED),
                "missing",
            ),
        ],
    ),
    _answer_block(
        "EECO12",
        "disability",
        _l("Participants with disabilities"),
        _l("The young person's own answer: a disability or long-term illness that limits them."),
        ClientSensitive.disability,
    ),
    _answer_block(
        "EECO13",
        "third_country_national",
        _l("Third-country nationals"),
        _l("Not a citizen of an EU country, including stateless people."),
        ClientSensitive.third_country_national,
    ),
    _answer_block(
        "EECO14",
        "foreign_background",
        _l("Participants with a foreign background"),
        _l("Born abroad, or both parents born abroad."),
        ClientSensitive.foreign_background,
    ),
    _answer_block(
        "EECO15",
        "minority",
        _l("Minorities (including marginalised communities such as the Roma)"),
        _l("The young person's own answer."),
        ClientSensitive.minority,
    ),
    _answer_block(
        "EECO16",
        "homeless",
        _l("Homeless or affected by housing exclusion"),
        _l("Without a home, in temporary or insecure housing, or about to lose their home."),
        ClientSensitive.homeless,
    ),
    Block(
        ENTRY,
        ENTRY_TITLE,
        [
            RowDef(
                "rural",
                "EECO17",
                _l("Participants from rural areas"),
                _l(
                    "Home municipality in Statistics Finland's class of rural municipalities; "
                    "otherwise the coach's answer."
                ),
                lambda c: c["rural"] == "yes",
            ),
            RowDef("rural_no", "", _l("No"), "", lambda c: c["rural"] == "no", "breakdown"),
            RowDef(
                "rural_missing",
                "",
                _l("Missing: municipality not classified and not asked"),
                "",
                lambda c: func.coalesce(c["rural"], "").not_in(["yes", "no"]),
                "missing",
            ),
        ],
    ),
    Block(
        LEAVING,
        LEAVING_TITLE,
        [
            RowDef(
                "left",
                "",
                _l("Participants who have left"),
                _l("An outcome with a leaving date on or after entry, and not in the future."),
                _left,
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
    _fact_block(
        LEAVING,
        LEAVING_TITLE,
        "EECR01",
        "job_searching",
        _l("Participants engaged in job searching upon leaving"),
        _l("Recorded at exit: actively looking for work (e.g. registered as a jobseeker)."),
        _left,
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
                lambda c: and_(c["left"], _in_education()),
            ),
            RowDef(
                "in_education_no",
                "",
                _l("No"),
                "",
                lambda c: and_(
                    c["left"],
                    not_(_in_education()),
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
    _fact_block(
        LEAVING,
        LEAVING_TITLE,
        "EECR03",
        "qualification",
        _l("Participants gaining a qualification upon leaving"),
        _l("Recorded at exit: a qualification or a certified part of one gained in the project."),
        _left,
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
]

TARGETS = "targets"
BLOCKS.append(
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
                lambda c: and_(c["left"], or_(Outcome.kind.in_(EMPLOYED), _in_education())),
            ),
        ],
        exclusive=False,
    )
)

#: Common indicators Polku's data cannot answer, and why.
NOT_ANSWERED = [
    (
        "EECO18",
        _l("Number of public administrations or public services supported"),
        _l("Polku records young people and partner companies, not support to public bodies."),
    ),
    (
        "EECO19",
        _l("Number of micro, small and medium-sized enterprises supported"),
        _l(
            "Partner companies are not recorded as supported enterprises and their size "
            "class is not stored."
        ),
    ),
]
