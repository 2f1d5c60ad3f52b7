"""Server-side sessions: signing out really ends the session.

Redis (``REDIS_URL``) through Flask-Session's own backend, otherwise our database table
``server_sessions``. The database backend is ours rather than Flask-Session's because that
one defines its table at run time on the shared metadata (so it cannot live in our
migrations or in two apps in one process) and commits the request's ORM session; ours
uses its own short connection.
"""

from __future__ import annotations

from flask import Flask
from flask_session import Session
from flask_session.base import ServerSideSession, ServerSideSessionInterface
from sqlalchemy import delete, insert, select, update

from portal.app import clock
from portal.app.extensions import db
from portal.models import ServerSession

TABLE = ServerSession.__table__


class DatabaseSessionInterface(ServerSideSessionInterface):
    ttl = False  # expired rows are removed every SESSION_CLEANUP_N_REQUESTS requests

    def _retrieve_session_data(self, store_id: str) -> dict | None:
        now = clock.utcnow()
        with db.engine.connect() as conn:
            data = conn.scalar(
                select(TABLE.c.data).where(TABLE.c.id == store_id, TABLE.c.expiry > now)
            )
        return self.serializer.decode(data) if data is not None else None

    def _delete_session(self, store_id: str) -> None:
        with db.engine.begin() as conn:
            conn.execute(delete(TABLE).where(TABLE.c.id == store_id))

    def _upsert_session(self, session_lifetime, session: ServerSideSession, store_id: str) -> None:
        values = {
            "data": self.serializer.encode(session),
            "expiry": clock.utcnow() + session_lifetime,
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
    if cfg.get("REDIS_URL"):
        import redis  # the optional `redis` extra, needed only with REDIS_URL

        cfg["SESSION_TYPE"] = "redis"
        cfg["SESSION_REDIS"] = redis.from_url(cfg["REDIS_URL"])
        cfg.setdefault("SESSION_KEY_PREFIX", f"polku:{cfg.get('ENV_NAME', '')}:session:")
        Session(app)
        return
    app.session_interface = DatabaseSessionInterface(
        app,
        key_prefix="",
        use_signer=False,
        permanent=True,
        sid_length=32,
        serialization_format="msgpack",
        cleanup_n_requests=cfg["SESSION_CLEANUP_N_REQUESTS"],
    )
