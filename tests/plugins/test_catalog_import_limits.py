"""Malformed and hostile ePerusteet files: each is refused or partly skipped with a listed
reason, never a 500, and nothing imported breaks a page later."""

import copy
import io
import json

import pytest
from sqlalchemy import select

from plugins.recognition import catalog
from plugins.recognition.eperusteet import ImportRefused, limits, parse
from plugins.recognition.models import (
    RecognitionQualification,
    RecognitionTarget,
    RecognitionUnit,
)
from portal.app.extensions import db
from tests.plugins.test_recognition import DATA, run_import


def small_qualification() -> dict:
    """A hand-made peruste using every part the reader knows: structure, points, subject
    areas, criteria on a scale, HTML requirements, validity."""
    unit = {
        "id": 1,
        "koodiUri": "tutkinnonosat_1",
        "nimi": {"fi": "Osa", "sv": "Del"},
        "kuvaus": {"fi": "<p>Kuvaus</p>"},
        "ammattitaitovaatimukset": {"fi": "<p>Osaa</p><ul><li>yksi</li><li>kaksi</li></ul>"},
        "arviointi": {
            "lisatiedot": {"fi": "lisää"},
            "arvioinninKohdealueet": [
                {
                    "otsikko": {"fi": "Alue"},
                    "arvioinninKohteet": [
                        {
                            "otsikko": {"fi": "Kohde"},
                            "_arviointiAsteikko": "2",
                            "osaamistasonKriteerit": [
                                {"_osaamistaso": "2", "kriteerit": [{"fi": "tekee"}]}
                            ],
                        }
                    ],
                }
            ],
        },
        "osaAlueet": [
            {
                "nimi": {"fi": "Osa-alue"},
                "osaamistavoitteet": [{"tavoitteet": {"fi": "<ul><li>tavoite</li></ul>"}}],
            }
        ],
    }
    return {
        "id": 77,
        "nimi": {"fi": "Pieni tutkinto"},
        "diaarinumero": "9/2020",
        "voimassaoloAlkaa": 1_600_000_000_000,
        "voimassaoloLoppuu": 1_900_000_000_000,
        "suoritustavat": [
            {
                "suoritustapakoodi": "reformi",
                "laajuusYksikko": "OSAAMISPISTE",
                "tutkinnonOsaViitteet": [{"id": 5, "_tutkinnonOsa": "1", "laajuus": 10}],
                "rakenne": {
                    "nimi": {"fi": "Pieni"},
                    "muodostumisSaanto": {"laajuus": {"minimi": 10}},
                    "osat": [
                        {
                            "nimi": {"fi": "Ryhmä"},
                            "osaamisala": {"nimi": {"fi": "Ala"}},
                            "osat": [{"_tutkinnonOsaViite": 5, "pakollinen": True}],
                        }
                    ],
                },
            }
        ],
        "tutkinnonOsat": [unit],
    }


def paths(value, prefix=()):
    """Every place in a JSON value, as a path of keys and indexes."""
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from paths(item, (*prefix, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from paths(item, (*prefix, i))


def replaced(value, path, new):
    out = copy.deepcopy(value)
    if not path:
        return new
    target = out
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = new
    return out


WRONG = [None, 1e308, True, "tutkinnonosat_1", [], {}, [None, 3], {"fi": 3}]


def test_a_wrong_type_anywhere_is_skipped_or_refused_and_pages_still_work(app, as_role, world):
    """Every value of a small qualification replaced in turn by every wrong type: the import
    succeeds with notes or is refused, and the pages of whatever was stored answer 200."""
    base = small_qualification()
    outcomes = {"stored": 0, "refused": 0}
    with app.test_request_context():
        for path in list(paths(base)):
            for wrong in WRONG:
                data = json.dumps(replaced(base, path, wrong)).encode()
                try:
                    catalog.import_all([("f.json", lambda data=data: data)])
                    outcomes["stored"] += 1
                except catalog.FileRefused as refused:
                    assert str(refused.reason)
                    outcomes["refused"] += 1
        quals = [q.id for q in db.session.scalars(select(RecognitionQualification))]
        units = [u.id for u in db.session.scalars(select(RecognitionUnit))]
    assert outcomes["stored"] > 100 and outcomes["refused"] > 5, outcomes
    coach = as_role("coach", world)
    for qual_id in quals:
        assert coach.get(f"/p/recognition/qualifications/{qual_id}").status_code == 200
    for unit_id in units:
        assert coach.get(f"/p/recognition/units/{unit_id}").status_code == 200
    assert coach.get("/p/recognition/").status_code == 200


@pytest.mark.parametrize("name", ["eperusteet-tutkinnonosa-asteikko3.json", "rakenne-valma.json"])
def test_real_files_with_a_wrong_type_anywhere_never_crash_the_reader(name):
    base = json.loads((DATA / name).read_text())
    every = list(paths(base))
    for path in every[:: max(1, len(every) // 50)]:
        for wrong in (None, 3, [], {"a": []}):
            try:
                parse(json.dumps(replaced(base, path, wrong)).encode())
            except ImportRefused as refused:
                assert str(refused)


def deep(levels: int) -> bytes:
    return b'{"tutkinnonOsat": ' + b"[" * levels + b"]" * levels + b"}"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (deep(200_000), "rakenne on liian syvä"),
        (deep(60), "yli 40 sisäkkäistä tasoa"),
        (b'{"id": 1, "nimi": {"fi": "N"}, "tutkinnonOsat": [{"laajuus": NaN}]}', "kelvollista"),
        (b'{"id": 1, "nimi": ["N"], "tutkinnonOsat": [{"koodiUri": "tutkinnonosat_1"}]}', "nimeä"),
    ],
)
def test_deep_nesting_and_odd_json_are_refused_with_the_reason(app, tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    result = run_import(app, path)
    assert result.exit_code == 1 and message in result.output, result.output


def write(tmp_path, raw) -> str:
    path = tmp_path / "q.json"
    path.write_text(json.dumps(raw))
    return path


def test_a_code_that_is_not_a_uri_is_replaced_and_reported(app, tmp_path):
    raw = small_qualification()
    raw["tutkinnonOsat"][0]["koodiUri"] = "../../<b>osa 1</b>"
    result = run_import(app, write(tmp_path, raw))
    assert result.exit_code == 0, result.output
    assert "ei ole koodiston URI; käytetään tunnusta eperusteet_1" in result.output
    raw["tutkinnonOsat"][0]["koodiUri"] = None
    raw["tutkinnonOsat"][0]["koodi"] = "not a uri"
    assert run_import(app, write(tmp_path, raw)).exit_code == 0
    with app.app_context():
        assert set(db.session.scalars(select(RecognitionUnit.code))) == {"eperusteet_1"}


def test_assessment_as_a_list_is_skipped_and_the_unit_kept(app, tmp_path):
    raw = small_qualification()
    raw["tutkinnonOsat"][0]["arviointi"] = [{"arvioinninKohdealueet": []}]
    result = run_import(app, write(tmp_path, raw))
    assert result.exit_code == 0, result.output
    assert "tutkinnonosat_1: arviointi ei ole objekti; ohitettiin" in result.output
    with app.app_context():
        assert db.session.scalar(select(RecognitionUnit.code)) == "tutkinnonosat_1"


def test_huge_lists_are_cut_with_a_note(app, tmp_path):
    raw = small_qualification()
    level = raw["tutkinnonOsat"][0]["arviointi"]["arvioinninKohdealueet"][0]["arvioinninKohteet"][
        0
    ]["osaamistasonKriteerit"][0]
    level["kriteerit"] = [{"fi": f"kriteeri {i}"} for i in range(limits.MAX_ITEMS + 500)]
    result = run_import(app, write(tmp_path, raw))
    assert result.exit_code == 0, result.output
    assert f"luettiin vain {limits.MAX_ITEMS} ensimmäistä {limits.MAX_ITEMS + 500}" in result.output
    with app.app_context():
        target = db.session.scalar(select(RecognitionTarget))
        assert len(target.criteria["2"]) == limits.MAX_ITEMS


def test_too_many_rows_and_too_much_time_are_refused(app, tmp_path, monkeypatch):
    raw = small_qualification()
    monkeypatch.setattr(limits, "MAX_CRITERIA", 0)
    result = run_import(app, write(tmp_path, raw))
    assert result.exit_code == 1 and "enemmän ammattitaitovaatimuksia" in result.output
    monkeypatch.setattr(limits, "MAX_CRITERIA", 100_000)
    monkeypatch.setattr(limits, "MAX_SECONDS", 0)
    result = run_import(app, write(tmp_path, raw))
    assert result.exit_code == 1 and "kesti liian kauan" in result.output
    with app.app_context():
        assert db.session.scalar(select(RecognitionUnit)) is None


@pytest.mark.parametrize(
    "content",
    [
        deep(200_000),
        deep(60),
        json.dumps({**small_qualification(), "suoritustavat": {"rakenne": []}}).encode(),
        json.dumps([{"osanTyyppi": "tutkinnonosa", "koodi": 5, "arviointi": [1]}]).encode(),
        json.dumps({**small_qualification(), "tutkinnonOsat": "text"}).encode(),
    ],
)
def test_the_admin_upload_answers_a_page_never_a_500(as_role, content):
    admin = as_role("admin")
    data = {"files": [(io.BytesIO(content), "odd.json")]}
    response = admin.post("/p/recognition/import", data, content_type="multipart/form-data")
    assert response.status_code in (200, 400)
    assert "odd.json" in response.get_data(as_text=True) or response.status_code == 200


def test_a_huge_structure_is_cut_so_its_page_stays_page_sized(app, tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_STRUCTURE", 30)
    raw = small_qualification()
    rakenne = raw["suoritustavat"][0]["rakenne"]
    rakenne["osat"] = [{"nimi": {"fi": f"Ryhmä {i}"}, "osat": []} for i in range(200)]
    result = run_import(app, write(tmp_path, raw))
    assert result.exit_code == 0 and "Rakenteessa on yli 30 osaa" in result.output
    with app.app_context():
        qual = db.session.scalar(select(RecognitionQualification))
        assert len(qual.structure[0]["children"]) == 30
