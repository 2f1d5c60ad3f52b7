"""Failed sign-ins are limited per (account, address) and per address, never per account alone
(security checklist rows 4 and 5)."""

from __future__ import annotations

import os
import re
import statistics
import time
import uuid

import pyotp
import pytest

from tests.conftest import PASSWORD, Browser, World

TOO_MANY = "Liian monta yritystä"


def _from(app, address: str) -> Browser:
    browser = Browser(app.test_client())
    browser.client.environ_base["REMOTE_ADDR"] = address
    return browser


@pytest.fixture
def world_in():
    def build(app) -> World:
        with app.app_context():
            return World()

    return build


@pytest.fixture
def limited(make_app):
    return make_app(RATELIMIT_ENABLED=True)


def test_sixth_failure_from_one_address_is_refused_for_a_minute(limited, world_in):
    world = world_in(limited)
    browser = _from(limited, "10.1.1.1")
    codes = [browser.login(world.employer.email, "wrong password!!").status_code for _ in range(6)]
    assert codes == [200] * 5 + [429]
    refused = browser.login(world.employer.email)  # even the right password, from here
    assert refused.status_code == 429
    assert TOO_MANY in refused.get_data(as_text=True)


def test_many_accounts_from_one_address_are_refused(limited, world_in):
    world_in(limited)
    browser = _from(limited, "10.1.1.2")
    codes = [
        browser.login(f"person{i}@example.fi", "wrong password!!").status_code for i in range(12)
    ]
    assert codes[:10] == [200] * 10
    assert codes[10:] == [429, 429]


def test_attacks_from_other_addresses_do_not_lock_the_real_user_out(limited, world_in):
    world = world_in(limited)
    for n in range(8):
        attacker = _from(limited, f"10.2.0.{n}")
        for _ in range(6):
            attacker.login(world.coach.email, "guessing the password")
    user = _from(limited, "10.3.0.1")
    assert user.login(world.coach.email).status_code == 302
    assert user.get("/clients/").status_code == 200


def test_wrong_codes_count_as_failures(limited, world_in):
    world = world_in(limited)
    browser = _from(limited, "10.1.1.3")
    for _ in range(2):
        assert browser.login(world.coach.email, second_factor=False).status_code == 302
        for _ in range(3):
            browser.post("/login/code", {"code": "000000"})
    code = pyotp.TOTP(world.coach.totp_secret).now()
    assert browser.post("/login/code", {"code": code}).status_code == 429


def test_successful_sign_ins_are_not_counted(limited, world_in):
    world = world_in(limited)
    browser = _from(limited, "10.1.1.4")
    for _ in range(7):
        assert browser.login(world.employer.email).status_code == 302
        browser.logout()


def test_unknown_account_and_wrong_password_look_the_same(make_app, world_in):
    """Row 5: identical status and body; the timings are the same order (the unknown account
    still pays for a password hash)."""
    app = make_app(ARGON2_TIME_COST=2, ARGON2_MEMORY_COST=19456)
    world = world_in(app)
    known, unknown, times = [], [], {"known": [], "unknown": []}
    for _ in range(5):
        for kind, email, bodies in (
            ("known", world.coach.email, known),
            ("unknown", "nobody.here@example.fi", unknown),
        ):
            browser = Browser(app.test_client())
            browser.get("/login")
            start = time.perf_counter()
            response = browser.login(email, "wrong password!!")
            times[kind].append(time.perf_counter() - start)
            html = response.get_data(as_text=True)
            bodies.append((response.status_code, _without_tokens(html)))
    assert known[0] == unknown[0]
    assert len(known[0][1]) == len(unknown[0][1])
    gap = abs(statistics.median(times["known"]) - statistics.median(times["unknown"]))
    assert gap < 0.05


def _without_tokens(html: str) -> str:
    """The page less its per-request values: the hidden tokens and the email typed back."""
    return re.sub(r'value="[^"]*"', 'value=""', html)


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs Redis (REDIS_URL)")
def test_limit_is_shared_by_two_app_instances_through_redis(make_app, world_in):
    """Row 4: the 6th failed attempt within 60 s gives 429 on either of two instances."""
    shared = {
        "RATELIMIT_ENABLED": True,
        "REDIS_URL": os.environ["REDIS_URL"],
        "RATELIMIT_KEY_PREFIX": f"polku-test-{uuid.uuid4().hex}",
    }
    first, second = make_app(**shared), make_app(**shared)
    world = world_in(first)
    a, b = _from(first, "10.4.0.1"), _from(second, "10.4.0.1")
    statuses = [
        (a if n % 2 else b).login(world.employer.email, "wrong password!!").status_code
        for n in range(5)
    ]
    assert statuses == [200] * 5
    assert a.login(world.employer.email, "wrong password!!").status_code == 429
    assert b.login(world.employer.email, PASSWORD).status_code == 429
