"""Reading qualification data as the national ePerusteet service publishes it.

Pure functions: bytes in, plain dataclasses out, no database. The service's JSON is awkward
(HTML inside text, several languages, nulls, three shapes of skill requirements across the
reforms), so every reader here takes what is usable and notes what it skipped: ``texts``
reads texts, ``units`` a unit, ``reading`` a whole file into the dataclasses of ``parsed``.
"""

from plugins.recognition.eperusteet.parsed import ImportRefused, Member, Qualification, Unit
from plugins.recognition.eperusteet.reading import parse
from plugins.recognition.eperusteet.texts import LANGUAGES, sort_key

__all__ = ["LANGUAGES", "ImportRefused", "Member", "Qualification", "Unit", "parse", "sort_key"]
