"""The answers of ESF+ participant data at entry and of the results after leaving.

Every answer is a short code and the empty string means "not asked yet" (unknown), which is
never the same as "no" or as "declined to answer": the indicators count each of the three
apart (``portal.esf``, ADR 0024).
"""

from __future__ import annotations

import enum

#: Not asked yet, or not known: the stored empty string.
NOT_ASKED = ""


class Gender(enum.StrEnum):
    FEMALE = "female"
    MALE = "male"
    NON_BINARY = "non_binary"
    DECLINED = "declined"


class IscedLevel(enum.StrEnum):
    """Highest completed education on the ISCED 2011 scale, in the three ESF+ bands."""

    ISCED_0_2 = "isced_0_2"
    ISCED_3_4 = "isced_3_4"
    ISCED_5_8 = "isced_5_8"


class Answer(enum.StrEnum):
    """Yes or no, for questions the person may decline (special-category data)."""

    YES = "yes"
    NO = "no"
    DECLINED = "declined"


class Fact(enum.StrEnum):
    """Yes or no, for facts the coach records (not asked of the person as sensitive)."""

    YES = "yes"
    NO = "no"


#: The special-category answers, kept in ``client_sensitive`` (GDPR art. 9; origin and health).
SENSITIVE_ANSWERS = (
    "disability",
    "third_country_national",
    "foreign_background",
    "minority",
    "homeless",
)
