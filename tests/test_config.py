import secrets

import pytest

from portal import create_app
from portal.app.config import InsecureSecretKey, InsecureSettings, ProductionConfig, TestingConfig

STRONG = "x7Gq2v9LmP0aR4sT8wY1zB5cD3eF6hJ9kN2"


@pytest.mark.parametrize(
    "secret",
    [
        "",
        "short-secret",
        "polku-dev-secret-not-for-production",
        "changeme",
        TestingConfig.SECRET_KEY,
        "k" * 40 + "unique-production-key",  # long, but mostly one character
        "0123456789abcdef0123456789abcdef0123",  # a typed sequence, repeated
        "abababababababababababababababababab",
        "Polku2026Polku2026Polku2026Polku2026",
    ],
)
def test_production_refuses_weak_secret(secret):
    with pytest.raises(InsecureSecretKey):
        create_app(
            {
                "CONFIG_CLASS": ProductionConfig,
                "SECRET_KEY": secret,
                "SQLALCHEMY_DATABASE_URI": "sqlite://",
            }
        )


def test_production_starts_with_strong_secret_and_safe_settings():
    app = create_app(
        {
            "CONFIG_CLASS": ProductionConfig,
            "SECRET_KEY": STRONG,
            "SQLALCHEMY_DATABASE_URI": "sqlite://",
            "DEBUG": True,
        }
    )
    assert app.config["DEBUG"] is False
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert app.config["SESSION_COOKIE_NAME"].startswith("__Host-")


def test_production_password_hash_parameters_meet_owasp():
    app = create_app(
        {
            "CONFIG_CLASS": ProductionConfig,
            "SECRET_KEY": STRONG,
            "SQLALCHEMY_DATABASE_URI": "sqlite://",
        }
    )
    from portal.auth.passwords import hash_password

    with app.app_context():
        stored = hash_password("a long enough passphrase")
    assert stored.startswith("$argon2id$")
    params = dict(p.split("=") for p in stored.split("$")[3].split(","))
    assert int(params["m"]) >= 19456 and int(params["t"]) >= 2


def _production(**config):
    return create_app(
        {
            "CONFIG_CLASS": ProductionConfig,
            "SECRET_KEY": STRONG,
            "SQLALCHEMY_DATABASE_URI": "sqlite://",
            **config,
        }
    )


@pytest.mark.parametrize("flag", ["1", "true"])
def test_production_refuses_to_start_with_the_debugger(monkeypatch, flag):
    monkeypatch.setenv("FLASK_DEBUG", flag)
    with pytest.raises(InsecureSettings, match="debugger"):
        _production()


def test_flask_run_with_debug_in_production_stops_before_serving(monkeypatch):
    """`flask --debug run` sets FLASK_DEBUG before loading the app, which then refuses."""
    from flask.cli import ScriptInfo

    monkeypatch.setenv("FLASK_DEBUG", "1")
    info = ScriptInfo(create_app=lambda: _production())
    with pytest.raises(InsecureSettings):
        info.load_app()


def test_production_answers_only_its_own_host():
    app = _production(PUBLIC_URL="https://polku.example.fi")
    assert app.config["TRUSTED_HOSTS"] == ["polku.example.fi"]
    client = app.test_client()
    foreign = client.get("/accessibility", headers={"Host": "evil.example"})
    assert foreign.status_code == 400
    assert "Traceback" not in foreign.get_data(as_text=True)
    own = client.get("/accessibility", headers={"Host": "polku.example.fi"})
    assert own.status_code != 400


def test_trusted_hosts_come_from_the_environment(monkeypatch):
    from portal.app import config

    monkeypatch.setenv("TRUSTED_HOSTS", "polku.example.fi, .polku.example.fi")
    assert config._hosts_from_env() == ["polku.example.fi", ".polku.example.fi"]
    monkeypatch.delenv("TRUSTED_HOSTS")
    assert config._hosts_from_env() is None


@pytest.mark.parametrize("make", [lambda: secrets.token_urlsafe(48), lambda: secrets.token_hex(32)])
def test_production_starts_with_generated_secrets(make):
    for _ in range(20):
        create_app(
            {
                "CONFIG_CLASS": ProductionConfig,
                "SECRET_KEY": make(),
                "SQLALCHEMY_DATABASE_URI": "sqlite://",
            }
        )


def test_session_cookie_attributes_in_production():
    """Row 13: every Set-Cookie of a sign-in page has the __Host- prefix, Secure, HttpOnly,
    SameSite and no Domain."""
    app = create_app(
        {
            "CONFIG_CLASS": ProductionConfig,
            "SECRET_KEY": STRONG,
            "SQLALCHEMY_DATABASE_URI": "sqlite://",
            "TRUSTED_HOSTS": ["localhost"],
        }
    )
    with app.app_context():
        from portal.app.extensions import db

        db.create_all()
    response = app.test_client().get("/login", base_url="https://localhost")
    cookies = response.headers.getlist("Set-Cookie")
    assert cookies
    for cookie in cookies:
        parts = [p.strip().lower() for p in cookie.split(";")]
        assert cookie.startswith("__Host-")
        assert "secure" in parts and "httponly" in parts
        assert "samesite=lax" in parts or "samesite=strict" in parts
        assert not any(p.startswith("domain=") for p in parts)


def test_remember_me_is_off():
    """Row 14: no "remember me" cookie for anyone."""
    assert ProductionConfig.REMEMBER_COOKIE_DURATION.total_seconds() == 0


def test_second_factor_is_required_for_admins_coaches_and_project_managers_by_default():
    required = {"admin", "coach", "project_manager"}
    assert set(ProductionConfig.MFA_REQUIRED_ROLES) == required
    assert set(TestingConfig.MFA_REQUIRED_ROLES) == required
