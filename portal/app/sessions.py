"""Server-side sessions: signing out really ends the session.

Redis (``REDIS_URL``) through Flask-Session's own backend, otherwise our database table
``server_sessions``. The database backend is ours rather than Flask-Session's because that
one defines its table at run time on the shared metadata (so it cannot live in our
migrations or in two apps in one process) and commits the request's ORM session.

A request writes its session only when the session changed. Otherwise the store's expiry is
the idle clock: it is moved on by a *touch* (a short UPDATE of the expiry, or a Redis
EXPIRE) at most every ``SESSION_TOUCH_INTERVAL``, never by rewriting the session. The time
of the last touch is ``session.last_seen``. With the database store the session row and its
signed-in user come in one statement (see ADR 0018).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from datetime import timedelta

from flask import Flask, Request, Response, current_app, request
from flask_session.base import ServerSideSession, ServerSideSessionInterface
from sqlalchemy import bindparam, delete, insert, select, update

from portal.app import clock
from portal.app.extensions import db
from portal.models import ServerSession, User
from portal.models.project import SIGNED_IN_USER
from portal.notify.service import any_unread, note_unread
from portal.rest import PREFIX as API_PREFIX

TABLE = ServerSession.__table__
#: The session row, its signed-in user and whether they have any unread notification, built
#: once: a request only binds the session's id and the time.
LOAD = (
    select(TABLE.c.data, TABLE.c.expiry, User, any_unread(TABLE.c.user_id).label("any_unread"))
    .outerjoin(User, User.id == TABLE.c.user_id)
    .where(TABLE.c.id == bindparam("store_id"), TABLE.c.expiry > bindparam("now"))
    .options(*SIGNED_IN_USER)
)


class PortalSession(ServerSideSession):
    """A session that knows when its store last saw it (None for a new session)."""

    last_seen: float | None = None
    #: The signed-in user when the store loaded it with the session; holding it here keeps it
    #: in the ORM session's identity map (which holds objects weakly) for Flask-Login.
    user: User | None = None


def signed_in_user_id(session: ServerSideSession) -> int | None:
    """The user id of Flask-Login's ``"id:generation"`` in the session, for the store."""
    raw = str(session.get("_user_id") or "").split(":")[0]
    return int(raw) if raw.isascii() and raw.isdigit() else None


class TouchingSessionInterface(ServerSideSessionInterface, ABC):
    """Saves a changed session whole; an unchanged one only has its expiry moved on, at most
    every ``SESSION_TOUCH_INTERVAL``. A store gives ``_load`` and ``_touch``."""

    session_class = PortalSession

    @abstractmethod
    def _load(self, store_id: str, lifetime: timedelta) -> tuple[dict, float, User | None] | None:
        """The stored data, the time it was last written or touched and, where the store can,
        the signed-in user; None when there is no such session or it expired."""

    @abstractmethod
    def _touch(self, store_id: str, lifetime: timedelta) -> None:
        """Move the stored session's expiry on by ``lifetime`` without rewriting it."""

    def _retrieve_session_data(self, store_id: str) -> dict | None:
        found = self._load(store_id, self.app.permanent_session_lifetime)
        return found[0] if found else None

    def open_session(self, app: Flask, request: Request) -> PortalSession:
        sid = request.cookies.get(app.config["SESSION_COOKIE_NAME"])
        if request.path.startswith(API_PREFIX):  # the API signs in by token, never by cookie
            return self.session_class(sid=self._generate_sid(self.sid_length), permanent=False)
        if sid:
            found = self._load(self._get_store_id(sid), app.permanent_session_lifetime)
            if found is not None:
                session = self.session_class(found[0], sid=sid)
                session.last_seen, session.user = found[1], found[2]
                return session
        return self.session_class(sid=self._generate_sid(self.sid_length), permanent=True)

    def save_session(self, app: Flask, session: PortalSession, response: Response) -> None:
        if request.path.startswith(API_PREFIX):
            return
        if session and not session.modified and self._touch_due(app, session):
            self._touch(self._get_store_id(session.sid), app.permanent_session_lifetime)
            self._set_cookie(app, session, response)
            return
        super().save_session(app, session, response)

    @staticmethod
    def _touch_due(app: Flask, session: PortalSession) -> bool:
        if session.last_seen is None:
            return False
        interval = app.config["SESSION_TOUCH_INTERVAL"].total_seconds()
        return clock.utcnow().timestamp() - session.last_seen >= interval

    def _set_cookie(self, app: Flask, session: PortalSession, response: Response) -> None:
        """The cookie again, with an expiry as far off as the store's."""
        response.set_cookie(
            key=self.get_cookie_name(app),
            value=session.sid,
            expires=self.get_expiration_time(app, session),
            httponly=self.get_cookie_httponly(app),
            domain=self.get_cookie_domain(app),
            path=self.get_cookie_path(app),
            secure=self.get_cookie_secure(app),
            samesite=self.get_cookie_samesite(app),
        )
        response.vary.add("Cookie")


class DatabaseSessionInterface(TouchingSessionInterface):
    ttl = False  # expired rows are removed every SESSION_CLEANUP_N_REQUESTS requests

    def _load(self, store_id: str, lifetime: timedelta) -> tuple[dict, float, User | None] | None:
        """The row with its signed-in user in one statement, through the request's ORM
        session, so that Flask-Login's ``db.session.get(User, id)`` finds the user loaded."""
        row = db.session.execute(LOAD, {"store_id": store_id, "now": clock.utcnow()}).first()
        if row is None:
            return None
        if row.User is not None:
            note_unread(row.User, row.any_unread)
        last_seen = clock.aware(row.expiry).timestamp() - lifetime.total_seconds()
        return self.serializer.decode(row.data), last_seen, row.User

    def _touch(self, store_id: str, lifetime: timedelta) -> None:
        with db.engine.begin() as conn:
            conn.execute(
                update(TABLE).where(TABLE.c.id == store_id).values(expiry=clock.utcnow() + lifetime)
            )

    def _delete_session(self, store_id: str) -> None:
        with db.engine.begin() as conn:
            conn.execute(delete(TABLE).where(TABLE.c.id == store_id))

    def _upsert_session(self, session_lifetime, session: ServerSideSession, store_id: str) -> None:
        values = {
            "data": self.serializer.encode(session),
            "expiry": clock.utcnow() + session_lifetime,
            "user_id": signed_in_user_id(session),
        }
        with db.engine.begin() as conn:
            updated = conn.execute(update(TABLE).where(TABLE.c.id == store_id).values(**values))
            if updated.rowcount == 0:
                conn.execute(insert(TABLE).values(id=store_id, **values))

    def _delete_expired_sessions(self) -> None:
        with db.engine.begin() as conn:
            conn.execute(delete(TABLE).where(TABLE.c.expiry <= clock.utcnow()))


def init_sessions(app: Flask) -> None:
    cfg = app.config
    options = {
        "key_prefix": "",
        "use_signer": False,
        "permanent": True,
        "sid_length": 32,
        "serialization_format": "msgpack",
    }
    if cfg.get("REDIS_URL"):
        import redis  # the optional `redis` extra, needed only with REDIS_URL

        from portal.app.redis_sessions import RedisTouchingSessionInterface

        prefix = cfg.get("SESSION_KEY_PREFIX") or f"polku:{cfg.get('ENV_NAME', '')}:session:"
        app.session_interface = RedisTouchingSessionInterface(
            app, client=redis.from_url(cfg["REDIS_URL"]), **{**options, "key_prefix": prefix}
        )
        return
    app.session_interface = DatabaseSessionInterface(
        app, cleanup_n_requests=cfg["SESSION_CLEANUP_N_REQUESTS"], **options
    )


def idle_counts_from(session: ServerSideSession) -> float:
    """When the store's idle clock starts once this request is answered: now, when the
    session is written or touched; otherwise at its last touch, up to
    ``SESSION_TOUCH_INTERVAL`` ago (so a warning before the end is not late)."""
    now = clock.utcnow().timestamp()
    last_seen = getattr(session, "last_seen", None)
    interval = current_app.config["SESSION_TOUCH_INTERVAL"].total_seconds()
    if last_seen is None or session.modified or now - last_seen >= interval:
        return now
    return last_seen
