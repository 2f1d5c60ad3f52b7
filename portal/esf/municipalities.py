"""Which municipalities count as rural for the ESF+ indicator "participants from rural areas".

The classes are Statistics Finland's statistical grouping of municipalities (*tilastollinen
kuntaryhmitys*): 1 urban, 2 semi-urban, 3 rural. A rural municipality has less than 60 % of its
population in urban settlements and a largest settlement under 15,000 people, or 60-90 % in
urban settlements and a largest settlement under 4,000 (stat.fi classification, class 3). Only
class 3 counts as rural. The table holds the municipalities the project meets most; one that
is not in it is not guessed: the coach's own answer on the ESF+ form is used instead, and
without one the participant is counted as "missing" (ADR 0024).
"""

from __future__ import annotations

RURAL = 3

#: Finnish and Swedish name, lower case -> class.
CLASSES: dict[str, int] = {}

_TABLE = """
Helsinki Helsingfors 1
Espoo Esbo 1
Vantaa Vanda 1
Kauniainen Grankulla 1
Turku Åbo 1
Tampere Tammerfors 1
Oulu Uleåborg 1
Jyväskylä Jyväskylä 1
Kuopio Kuopio 1
Lahti Lahtis 1
Pori Björneborg 1
Joensuu Joensuu 1
Lappeenranta Villmanstrand 1
Vaasa Vasa 1
Kerava Kervo 1
Järvenpää Träskända 1
Hyvinkää Hyvinge 1
Kotka Kotka 1
Hämeenlinna Tavastehus 1
Utsjoki Utsjoki 3
Enontekiö Enontekis 3
Savukoski Savukoski 3
Pelkosenniemi Pelkosenniemi 3
Salla Salla 3
Posio Posio 3
Taivalkoski Taivalkoski 3
Puolanka Puolanka 3
Hyrynsalmi Hyrynsalmi 3
Ristijärvi Ristijärvi 3
Luhanka Luhanka 3
Kinnula Kinnula 3
Kivijärvi Kivijärvi 3
Pertunmaa Pertunmaa 3
Hirvensalmi Hirvensalmi 3
Rautavaara Rautavaara 3
Kustavi Gustavs 3
Halsua Halsua 3
Lestijärvi Lestijärvi 3
Perho Perho 3
Karijoki Bötom 3
Isojoki Storå 3
Honkajoki Honkajoki 3
Kaavi Kaavi 3
Tuusniemi Tuusniemi 3
Merijärvi Merijärvi 3
Pyhäntä Pyhäntä 3
Sottunga Sottunga 3
Kökar Kökar 3
Föglö Föglö 3
Brändö Brändö 3
Geta Geta 3
"""

for _line in _TABLE.strip().splitlines():
    _fi, _sv, _class = _line.split()
    CLASSES[_fi.lower()] = CLASSES[_sv.lower()] = int(_class)


def normalise(name: str) -> str:
    return " ".join(name.split()).lower()


def rural_class(name: str) -> str:
    """ "rural", "not_rural" or "" (not in the table) for a municipality's name."""
    found = CLASSES.get(normalise(name or ""))
    if found is None:
        return ""
    return "rural" if found == RURAL else "not_rural"


def names(rural: bool) -> list[str]:
    """The lower-case names (Finnish and Swedish) of the rural or of the other municipalities."""
    return sorted(n for n, c in CLASSES.items() if (c == RURAL) == rural)
