"""The versioned catalog: qualification versions never change each other, units keep their
places per structure group and specialisation, texts in any language, validity, and the same
catalog whatever order the files are imported in."""

import copy
import itertools
import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import delete, select

from plugins.recognition.models import (
    RecognitionMember,
    RecognitionPlanUnit,
    RecognitionQualification,
    RecognitionRequirement,
    RecognitionTarget,
    RecognitionUnit,
)
from portal.app import clock
from portal.app.extensions import db
from tests.conftest import count_queries
from tests.plugins.test_recognition import DATA, HAIR, run_import

COMMON = "tutkinnonosat_101053"  # Viestintä- ja vuorovaikutusosaaminen, shared by qualifications


def epoch_ms(day) -> int:
    """Midnight of ``day`` in Finland as ePerusteet gives it (milliseconds since 1970)."""
    midnight_utc = datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp() * 1000
    return int(midnight_utc) - 2 * 3600 * 1000


def canonical_dump() -> list:
    """The catalog without database ids: every qualification version with its members, every
    unit version with its requirements and targets."""
    units = {u.id: u for u in db.session.scalars(select(RecognitionUnit))}
    reqs: dict[int, list] = {}
    for r in db.session.scalars(select(RecognitionRequirement).order_by("position")):
        reqs.setdefault(r.unit_id, []).append(r.text)
    targets: dict[int, list] = {}
    for t in db.session.scalars(select(RecognitionTarget).order_by("position")):
        targets.setdefault(t.unit_id, []).append([t.area, t.title, t.scale, t.criteria])
    members: dict[int, list] = {}
    for m in db.session.scalars(select(RecognitionMember).order_by("position")):
        unit = units[m.unit_id]
        members.setdefault(m.qualification_id, []).append(
            [unit.code, unit.fingerprint, m.points, m.mandatory, m.placements]
        )
    quals = [
        [
            q.source_id,
            q.version,
            q.diary_number,
            q.name,
            str(q.valid_from),
            q.structure,
            members.get(q.id),
        ]
        for q in db.session.scalars(select(RecognitionQualification))
    ]
    unit_rows = [
        [u.code, u.fingerprint, u.name, u.requirements_note, reqs.get(u.id), targets.get(u.id)]
        for u in units.values()
    ]
    return [sorted(quals, key=json.dumps), sorted(unit_rows, key=json.dumps)]


ALL = sorted(DATA.glob("*.json"))


def empty_the_catalog() -> None:
    for model in (
        RecognitionMember,
        RecognitionRequirement,
        RecognitionTarget,
        RecognitionQualification,
        RecognitionUnit,
    ):
        db.session.execute(delete(model))
    db.session.commit()


def test_every_import_order_gives_the_same_catalog(app):
    orders = [ALL, list(reversed(ALL))] + [
        list(p) for p in itertools.islice(itertools.permutations(ALL), 7, 40, 11)
    ]
    dumps = []
    for order in orders:
        result = run_import(app, *order[:3])
        result2 = run_import(app, *order[3:])
        assert result.exit_code == 0 and result2.exit_code == 0, result.output + result2.output
        with app.app_context():
            dumps.append(canonical_dump())
            empty_the_catalog()
    assert len(orders) >= 5
    assert all(d == dumps[0] for d in dumps[1:])
    assert len(dumps[0][0]) == 3 and len(dumps[0][1]) == 3 + 15 + 4 + 7


def newer_hair(tmp_path):
    """The hair-dressing file as a newer published version: another id and record number, a
    changed common unit, the rest as it was."""
    raw = json.loads(HAIR.read_text())
    new = copy.deepcopy(raw)
    new["id"] = 9_999_001
    new["diaarinumero"] = "OPH-1-2026"
    new["voimassaoloAlkaa"] = epoch_ms(clock.today() - timedelta(days=10))
    unit = next(u for u in new["tutkinnonOsat"] if u["koodiUri"] == COMMON)
    goal = unit["osaAlueet"][0]["osaamistavoitteet"][0]
    level = goal["arviointi"]["arvioinninKohdealueet"][0]["arvioinninKohteet"][0][
        "osaamistasonKriteerit"
    ][0]
    level["kriteerit"].append({"fi": "Uusi kriteeri vuodelta 2026"})
    del level["kriteerit"][0]
    path = tmp_path / "hair-2026.json"
    path.write_text(json.dumps(new))
    return path


def unit_criteria(unit_id: int) -> list:
    return [
        t.criteria
        for t in db.session.scalars(
            select(RecognitionTarget)
            .where(RecognitionTarget.unit_id == unit_id)
            .order_by(RecognitionTarget.position)
        )
    ]


def test_a_newer_version_sharing_units_leaves_the_older_one_intact(app, tmp_path, as_role, world):
    assert run_import(app, HAIR).exit_code == 0
    with app.app_context():
        old_qual = db.session.scalar(select(RecognitionQualification))
        old_common = db.session.scalar(
            select(RecognitionUnit).where(RecognitionUnit.code == COMMON)
        )
        old_ids, before = old_qual.id, unit_criteria(old_common.id)
        old_common_id = old_common.id
    coach = as_role("coach", world)
    base = f"/p/recognition/clients/{world.client.id}"
    assert coach.post(base, {"qualification": old_ids}).status_code == 302
    assert coach.post(f"{base}/units", {"units": [old_common_id]}).status_code == 302

    result = run_import(app, newer_hair(tmp_path))
    assert result.exit_code == 0, result.output
    assert "1 tutkintoversio(ta), 1 tutkinnon osan versio(ta)" in result.output
    with app.app_context():
        quals = db.session.scalars(select(RecognitionQualification)).all()
        assert len(quals) == 2
        commons = db.session.scalars(
            select(RecognitionUnit).where(RecognitionUnit.code == COMMON)
        ).all()
        assert len(commons) == 2
        assert unit_criteria(old_common_id) == before  # the older version is untouched
        new_qual = next(q for q in quals if q.id != old_ids)
        members = {
            q.id: {
                m.unit_id
                for m in db.session.scalars(
                    select(RecognitionMember).where(RecognitionMember.qualification_id == q.id)
                )
            }
            for q in quals
        }
        shared = members[old_ids] & members[new_qual.id]
        assert len(shared) == 14 and old_common_id not in members[new_qual.id]
        pinned = db.session.scalar(select(RecognitionPlanUnit))
        assert (pinned.unit_id, pinned.qualification_id) == (old_common_id, old_ids)
    page = coach.get(f"/p/recognition/units/{old_common_id}").get_data(as_text=True)
    assert "Tutkinnon osasta on uudempi versio" in page
    assert "Uusi kriteeri vuodelta 2026" in page  # criteria added
    new_page = coach.get(f"/p/recognition/units/{commons[1].id}").get_data(as_text=True)
    assert "uudempi versio" not in new_page
    # Importing the older file again changes nothing.
    assert run_import(app, HAIR).exit_code == 0
    with app.app_context():
        assert len(db.session.scalars(select(RecognitionQualification)).all()) == 2


def qualification(units, structure, **extra):
    """A hand-made peruste with ``units`` (code, id) and a structure of groups."""
    return {
        "id": extra.pop("id", 501),
        "nimi": {"fi": "Testitutkinto", "sv": "Testexamen"},
        "diaarinumero": extra.pop("diaarinumero", "1/2020"),
        "suoritustavat": [
            {
                "suoritustapakoodi": "reformi",
                "laajuusYksikko": "OSAAMISPISTE",
                "tutkinnonOsaViitteet": [
                    {"id": 10 + i, "_tutkinnonOsa": str(uid), "laajuus": 15}
                    for i, (_code, uid) in enumerate(units)
                ],
                "rakenne": structure,
            }
        ],
        "tutkinnonOsat": [
            {
                "id": uid,
                "koodiUri": code,
                "nimi": {"fi": f"Osa {code}"},
                "ammattitaitovaatimukset": {"fi": "<ul><li>osaa</li></ul>"},
            }
            for code, uid in units
        ],
        **extra,
    }


def group(name, children, field=None):
    node = {"nimi": {"fi": name}, "osat": children}
    if field:
        node["osaamisala"] = {"nimi": {"fi": field}, "osaamisalakoodiUri": "osaamisala_1"}
    return node


def leaf(ref, mandatory):
    return {"_tutkinnonOsaViite": ref, "pakollinen": mandatory}


def test_mandatory_in_one_specialisation_optional_in_another(app, tmp_path, as_role, world):
    units = [("tutkinnonosat_1", 1), ("tutkinnonosat_2", 2)]
    structure = group(
        "Testitutkinto",
        [
            group("Pakolliset", [leaf(11, True)], field="Kampaamo"),
            group("Valinnaiset", [leaf(10, False), leaf(11, False)], field="Parturi"),
            group("Kaikille", [leaf(10, True)]),
        ],
    )
    path = tmp_path / "q.json"
    path.write_text(json.dumps(qualification(units, structure)))
    assert run_import(app, path).exit_code == 0
    with app.app_context():
        qual = db.session.scalar(select(RecognitionQualification))
        member = db.session.scalar(
            select(RecognitionMember)
            .join(RecognitionUnit)
            .where(RecognitionUnit.code == "tutkinnonosat_2")
        )
        assert [(p["specialisation"], p["mandatory"]) for p in member.placements] == [
            ("Kampaamo", True),
            ("Parturi", False),
        ]
        assert member.mandatory is False
    page = as_role("coach", world).get(f"/p/recognition/qualifications/{qual.id}")
    html = page.get_data(as_text=True)
    mandatory_part = html.split("Pakolliset", 1)[1].split("Valinnaiset", 1)[0]
    optional_part = html.split("Valinnaiset", 1)[1].split("Kaikille", 1)[0]
    assert "Osa tutkinnonosat_2" in mandatory_part and "pakollinen" in mandatory_part
    assert "Osa tutkinnonosat_2" in optional_part and "pakollinen" not in optional_part
    assert "Osaamisala: Kampaamo" in html


def test_swedish_only_texts_paragraphs_notes_and_duplicated_codes(app, tmp_path, as_role, world):
    raw = qualification([("tutkinnonosat_1", 1), ("tutkinnonosat_1", 2)], group("T", []))
    unit = raw["tutkinnonOsat"][0]
    unit["ammattitaitovaatimukset"] = {
        "fi": "<p>Opiskelija osaa toimia alalla.</p><p>Toinen kappale.</p>",
        "sv": "<p>Den studerande kan arbeta.</p>",
    }
    unit["arviointi"] = {
        "lisatiedot": {"fi": "<p>Arvioinnin lisätieto</p>"},
        "arvioinninKohdealueet": [
            {
                "otsikko": {"sv": "Bedömningsområde"},
                "arvioinninKohteet": [
                    {
                        "otsikko": {"sv": "Arbetsprocessen"},
                        "_arviointiAsteikko": "2",
                        "osaamistasonKriteerit": [
                            {"_osaamistaso": "2", "kriteerit": [{"sv": "planerar sitt arbete"}]}
                        ],
                    }
                ],
            }
        ],
    }
    path = tmp_path / "q.json"
    path.write_text(json.dumps(raw))
    result = run_import(app, path)
    assert result.exit_code == 0, result.output
    assert "1 tutkinnon osaa, 0 ammattitaitovaatimusta ja 1 arviointikriteeriä" in result.output
    assert result.output.count("tutkinnonosat_1: koodi on tiedostossa 2 kertaa") == 1
    with app.app_context():
        stored = db.session.scalar(select(RecognitionUnit))
        assert stored.requirements_note["fi"] == "Opiskelija osaa toimia alalla.\nToinen kappale."
        assert stored.requirements_note["sv"] == "Den studerande kan arbeta."
        assert stored.assessment_notes == {"fi": "<p>Arvioinnin lisätieto</p>"}
        target = db.session.scalar(select(RecognitionTarget))
        assert target.criteria == {"2": [{"sv": "planerar sitt arbete"}]}
        unit_id = stored.id
    page = as_role("coach", world).get(f"/p/recognition/units/{unit_id}").get_data(as_text=True)
    assert '<span lang="sv">planerar sitt arbete</span> <span class="muted">(på svenska)' in page
    assert "Opiskelija osaa toimia alalla." in page and "Arvioinnin lisätieto" in page


def test_expired_versions_are_marked_and_offered_only_when_asked(app, tmp_path, as_role, world):
    today = clock.today()
    old = qualification(
        [("tutkinnonosat_1", 1)],
        group("T", [leaf(10, True)]),
        id=601,
        voimassaoloAlkaa=epoch_ms(today - timedelta(days=900)),
        voimassaoloLoppuu=epoch_ms(today - timedelta(days=30)),
        siirtymaPaattyy=epoch_ms(today + timedelta(days=300)),
    )
    new = qualification(
        [("tutkinnonosat_1", 1)],
        group("T", [leaf(10, True)]),
        id=602,
        voimassaoloAlkaa=epoch_ms(today - timedelta(days=29)),
    )
    for name, raw in (("old.json", old), ("new.json", new)):
        (tmp_path / name).write_text(json.dumps(raw))
    assert run_import(app, tmp_path / "old.json", tmp_path / "new.json").exit_code == 0
    with app.app_context():
        by_source = {q.source_id: q for q in db.session.scalars(select(RecognitionQualification))}
        assert by_source["601"].valid_until == today - timedelta(days=30)
        assert by_source["601"].transition_ends == today + timedelta(days=300)
        assert by_source["602"].valid_from == today - timedelta(days=29)
        old_id, new_id = by_source["601"].id, by_source["602"].id
    coach = as_role("coach", world)
    base = f"/p/recognition/clients/{world.client.id}"
    page = coach.get(base).get_data(as_text=True)
    assert f'value="{new_id}"' in page and f'value="{old_id}"' not in page
    assert "1/2020" in page and "versio 1" in page and "voimassa" in page
    assert coach.post(base, {"qualification": old_id}).status_code == 400
    shown = coach.get(f"{base}?expired=1").get_data(as_text=True)
    assert f'value="{old_id}"' in shown and "päättynyt" in shown
    assert coach.post(f"{base}?expired=1", {"qualification": old_id}).status_code == 302
    # The chosen expired version stays in the picker, and its page says it has expired.
    assert f'value="{old_id}"' in coach.get(base).get_data(as_text=True)
    assert "Tämä versio on päättynyt" in coach.get(
        f"/p/recognition/qualifications/{old_id}"
    ).get_data(as_text=True)


@pytest.mark.parametrize("pages", ["unit", "qualification"])
def test_catalog_pages_run_a_fixed_number_of_queries(app, tmp_path, as_role, world, pages):
    assert run_import(app, HAIR, newer_hair(tmp_path)).exit_code == 0
    with app.app_context():
        ids = {
            "unit": [u.id for u in db.session.scalars(select(RecognitionUnit))],
            "qualification": [q.id for q in db.session.scalars(select(RecognitionQualification))],
        }[pages]
    coach = as_role("coach", world)
    coach.get(f"/p/recognition/{pages}s/{ids[0]}")
    counted = []
    for object_id in ids[:3]:
        with count_queries(app) as queries:
            assert coach.get(f"/p/recognition/{pages}s/{object_id}").status_code == 200
        counted.append(len(queries))
    assert max(counted) <= 20  # whatever the unit or qualification, however many versions
