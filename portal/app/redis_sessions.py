"""The Redis session store (``REDIS_URL``): Flask-Session's, touched like the database store.
A module of its own because Flask-Session's Redis backend imports ``redis``, the optional
``redis`` extra: an installation without it never imports this module."""

from __future__ import annotations

from datetime import timedelta

from flask_session.base import ServerSideSession
from flask_session.redis import RedisSessionInterface

from portal.app import clock
from portal.app.sessions import TouchingSessionInterface
from portal.models import User


class RedisTouchingSessionInterface(TouchingSessionInterface, RedisSessionInterface):
    """Flask-Session's Redis store, with the time of the last write or touch in a key of its
    own beside the session (``<key>:seen``), read in the same round trip."""

    def _load(self, store_id: str, lifetime: timedelta) -> tuple[dict, float, User | None] | None:
        data, seen = self.client.pipeline().get(store_id).get(_seen_key(store_id)).execute()
        if not data:
            return None
        last_seen = float(seen) if seen else clock.utcnow().timestamp()
        return self.serializer.decode(data), last_seen, None

    def _touch(self, store_id: str, lifetime: timedelta) -> None:
        seconds = int(lifetime.total_seconds())
        pipe = self.client.pipeline()
        pipe.expire(store_id, seconds)
        pipe.set(_seen_key(store_id), clock.utcnow().timestamp(), ex=seconds)
        pipe.execute()

    def _upsert_session(self, session_lifetime, session: ServerSideSession, store_id: str) -> None:
        super()._upsert_session(session_lifetime, session, store_id)
        self.client.set(
            _seen_key(store_id),
            clock.utcnow().timestamp(),
            ex=int(session_lifetime.total_seconds()),
        )

    def _delete_session(self, store_id: str) -> None:
        self.client.delete(store_id, _seen_key(store_id))


def _seen_key(store_id: str) -> str:
    return f"{store_id}:seen"
