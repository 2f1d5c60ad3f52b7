"""The second factor: TOTP codes (RFC 6238, 30-second steps) and single-use recovery codes.

A code is accepted for the step before, the current and the next one (clock drift), and never
twice: the last accepted step is kept on the user and moved forward with a conditional UPDATE,
so two requests racing with the same code cannot both win. Recovery codes are 80 random bits;
only their SHA-256 is stored (ample for random values: nothing to guess from the hash).
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import secrets

import pyotp
import segno
from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, or_, update

from portal.access import audit
from portal.app import clock
from portal.app.extensions import db
from portal.app.rules import RuleError
from portal.models import RecoveryCode, User
from portal.models.base import utcnow

STEP_SECONDS = 30
RECOVERY_CODE_COUNT = 10
#: No 0/O, 1/I/L: the codes are read off paper.
RECOVERY_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
RECOVERY_LENGTH = 16
ISSUER = "Polku"


def required_for(user: User) -> bool:
    """Whether the user's role must sign in with a second factor (``MFA_REQUIRED_ROLES``)."""
    return user.role in current_app.config["MFA_REQUIRED_ROLES"]


def new_secret() -> str:
    return pyotp.random_base32()  # 160 bits


def provisioning_uri(secret: str, user: User) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def qr_svg(uri: str) -> str:
    """The enrolment QR code as inline SVG markup, drawn here: no image service, no script."""
    return _drawn_qr(uri, _("QR code for the authenticator app"))


@functools.lru_cache(maxsize=64)
def _drawn_qr(uri: str, title: str) -> str:
    """Drawing a code takes ~10 ms; the enrolment page shows the same one (the setup secret
    kept in the session) until the code is confirmed, so each is drawn once."""
    return segno.make(uri, error="m").svg_inline(scale=4, title=title, svgclass="qr")


def _current_step() -> int:
    return int(clock.utcnow().timestamp()) // STEP_SECONDS


def matching_step(secret: str, code: str) -> int | None:
    """The step (previous, current or next) whose code ``code`` is, or ``None``."""
    code = "".join(code.split())
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret)
    now = _current_step()
    for step in (now - 1, now, now + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def _claim_step(user: User, step: int) -> bool:
    """Record ``step`` as used unless it (or a later one) was used already."""
    result = db.session.execute(
        update(User)
        .where(
            User.id == user.id,
            or_(User.totp_last_step.is_(None), User.totp_last_step < step),
        )
        .values(totp_last_step=step)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def _normalise_recovery(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def _recovery_hash(code: str) -> str:
    return hashlib.sha256(_normalise_recovery(code).encode()).hexdigest()


def _use_recovery_code(user: User, code: str) -> bool:
    if len(_normalise_recovery(code)) != RECOVERY_LENGTH:
        return False
    result = db.session.execute(
        update(RecoveryCode)
        .where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == _recovery_hash(code),
            RecoveryCode.used_at.is_(None),
        )
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def check_code(user: User, code: str) -> bool:
    """Accept a TOTP code not used before, or an unused recovery code (which is then spent).

    Writes (the used step or code) but does not commit: the caller commits with its audit.
    """
    if not user.totp_secret:
        return False
    step = matching_step(user.totp_secret, code)
    if step is not None:
        return _claim_step(user, step)
    return _use_recovery_code(user, code)


def _new_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes with ten fresh ones; the plain codes are returned once."""
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = []
    for _n in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _c in range(RECOVERY_LENGTH))
        codes.append("-".join(raw[i : i + 4] for i in range(0, RECOVERY_LENGTH, 4)))
        db.session.add(RecoveryCode(user_id=user.id, code_hash=_recovery_hash(raw)))
    return codes


def enrol(user: User, secret: str, code: str) -> list[str]:
    """Turn the second factor on once the user shows a code from ``secret``; every other login
    of the user ends. Returns the recovery codes to show once."""
    if user.totp_secret:
        raise RuleError(_l("Two-step sign-in is already on."), field="code")
    step = matching_step(secret, code)
    if step is None:
        audit.record("auth.mfa_enrolled", actor=user, outcome="failed")
        db.session.commit()
        raise RuleError(_l("The code is not correct. Check the time on your phone."), field="code")
    user.totp_secret = secret
    user.totp_last_step = step
    user.login_generation = (user.login_generation or 1) + 1
    codes = _new_recovery_codes(user)
    audit.record("auth.mfa_enrolled", actor=user, object_type="user", object_id=user.id)
    db.session.commit()
    return codes


def renew_recovery_codes(user: User) -> list[str]:
    """Ten new recovery codes; the old ones stop working."""
    if not user.totp_secret:
        raise RuleError(_l("Two-step sign-in is not on."))
    codes = _new_recovery_codes(user)
    audit.record("auth.mfa_recovery_renewed", actor=user, object_type="user", object_id=user.id)
    db.session.commit()
    return codes


def remaining_recovery_codes(user: User) -> int:
    return db.session.scalar(
        db.select(db.func.count(RecoveryCode.id)).where(
            RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)
        )
    )


def _clear(user: User) -> None:
    user.totp_secret = None
    user.totp_last_step = None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))


def turn_off(user: User) -> None:
    """The user turns their own second factor off: only where their role does not need it."""
    if required_for(user):
        raise RuleError(_l("Your role needs two-step sign-in: it cannot be turned off."))
    if not user.totp_secret:
        raise RuleError(_l("Two-step sign-in is not on."))
    _clear(user)
    audit.record("auth.mfa_disabled", actor=user, object_type="user", object_id=user.id)
    db.session.commit()


def reset(user: User, actor: User) -> None:
    """The admin removes a user's second factor (a lost phone): the user's logins end, and a
    role that needs it enrols again at the next sign-in."""
    _clear(user)
    user.login_generation = (user.login_generation or 1) + 1
    audit.record("user.mfa_reset", actor=actor, object_type="user", object_id=user.id)
    db.session.commit()
