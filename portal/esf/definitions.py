"""Every row of the ESF+ indicator tables: its code, its words, its definition and its SQL.

The definitions follow Regulation (EU) 2021/1057, Annex I, and the Commission's ESF+ common
indicators guidance; ADR 0024 says where Polku's data answers them and where it cannot. The
participants' data at entry is here; the results after leaving are in
``portal.esf.result_rows``.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, not_, true

from portal.esf.result_rows import RESULT_BLOCKS
from portal.esf.rows import (
    ENTRY,
    ENTRY_TITLE,
    GENDER_LABELS,
    GENDERS,
    INACTIVE,
    ISCED,
    KNOWN_STATUS,
    STATUS,
    UNEMPLOYED,
    Block,
    RowDef,
    answer_block,
    sane_age,
)
from portal.models import Client, ClientSensitive, EmploymentStatus

__all__ = ["BLOCKS", "GENDERS", "GENDER_LABELS", "NOT_ANSWERED", "Block", "RowDef"]

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
                lambda c: and_(sane_age(c), c["age"] < 18),
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
                lambda c: not_(sane_age(c)),
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
    answer_block(
        "EECO12",
        "disability",
        _l("Participants with disabilities"),
        _l("The young person's own answer: a disability or long-term illness that limits them."),
        ClientSensitive.disability,
    ),
    answer_block(
        "EECO13",
        "third_country_national",
        _l("Third-country nationals"),
        _l("Not a citizen of an EU country, including stateless people."),
        ClientSensitive.third_country_national,
    ),
    answer_block(
        "EECO14",
        "foreign_background",
        _l("Participants with a foreign background"),
        _l("Born abroad, or both parents born abroad."),
        ClientSensitive.foreign_background,
    ),
    answer_block(
        "EECO15",
        "minority",
        _l("Minorities (including marginalised communities such as the Roma)"),
        _l("The young person's own answer."),
        ClientSensitive.minority,
    ),
    answer_block(
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
]
BLOCKS += RESULT_BLOCKS

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
