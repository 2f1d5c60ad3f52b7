"""The password policy (security checklist rows 1 and 2): 12 to 128 characters, no common
password, nothing built only from the product's name, the person's own name or email, a season
and a year, or a keyboard walk."""

from __future__ import annotations

import pytest
from zxcvbn.frequency_lists import FREQUENCY_LISTS

from portal.auth.passwords import password_problems
from tests.conftest import PASSWORD

PASSPHRASE_128 = ("kolme kirjaa ja kahvikuppi pöydällä, sade ropisee ikkunaan " * 3)[:128]
#: The twenty most common passwords of the bundled list that the length rule alone would pass.
COMMON_LONG = [p for p in FREQUENCY_LISTS["passwords"] if len(p) >= 12][:20]
GUESSABLE = [
    "polkupolkupolku",
    "Polku2026!!!",
    "PolkuPortaali2026",
    "Kesä2026Kesä2026",
    "Syksy2025!!!!!",
    "Summer2026Summer!",
    "Talvi-2027-Talvi",
    "Sommar2026Sommar",
    "qwertyuiopå123",
    "asdfghjklöä2026",
    "1qaz2wsx3edc4rfv",
    "zxcvbnm,.-1234",
    "KaisaValmentaja1",
    "Valmentaja-2026!",
    "coach@example.fi2026",
    "P0lku-K3sä-2026",
]


def _change(browser, new: str):
    return browser.post("/account/password", {"current": PASSWORD, "password": new, "confirm": new})


@pytest.mark.parametrize(
    ("password", "accepted"),
    [
        ("kolme kirja", False),
        ("kolme kirjaa", True),
        (PASSPHRASE_128, True),
        (PASSPHRASE_128 + "x", False),
    ],
    ids=["11", "12", "128", "129"],
)
def test_length_policy_on_the_password_form(as_role, password, accepted):
    response = _change(as_role("coach"), password)
    assert (response.status_code == 302) is accepted, response.get_data(as_text=True)[:300]


@pytest.mark.parametrize("password", COMMON_LONG)
def test_common_passwords_are_refused(app, password):
    assert len(COMMON_LONG) == 20
    with app.test_request_context():
        assert password_problems(password)


@pytest.mark.parametrize("password", GUESSABLE)
def test_guessable_passwords_are_refused(app, password):
    with app.test_request_context():
        assert password_problems(password, personal=("Kaisa Valmentaja", "coach@example.fi"))


@pytest.mark.parametrize(
    "password",
    [
        "correct horse battery staple",
        "Kesäloma mökillä ilman nettiä",
        "polku vie metsän läpi järvelle",
    ],
)
def test_passphrases_of_ones_own_pass(app, password):
    with app.test_request_context():
        assert password_problems(password, personal=("Kaisa Valmentaja", "coach@example.fi")) == []


def test_the_form_refuses_the_users_own_name(as_role):
    response = _change(as_role("coach"), "Kaisa Valmentaja 2026")
    assert response.status_code == 200
    assert "helppo arvata" in response.get_data(as_text=True)
