import pytest

from portal import create_app
from portal.app.config import InsecureSecretKey, ProductionConfig, TestingConfig

STRONG = "x7Gq2v9LmP0aR4sT8wY1zB5cD3eF6hJ9kN2"


@pytest.mark.parametrize(
    "secret",
    [
        "",
        "short-secret",
        "polku-dev-secret-not-for-production",
        "changeme",
        TestingConfig.SECRET_KEY,
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
