"""``portal.api.once_per_request``: rows read once per request, never kept past a write or
the request itself."""

from __future__ import annotations

from sqlalchemy import select

from portal.api import db, once_per_request


def test_a_loader_runs_once_per_request_and_again_after_a_commit(app):
    calls: list[int] = []

    def load() -> int:
        calls.append(1)
        return len(calls)

    with app.test_request_context():
        assert once_per_request(("rows", 1), load) == 1
        assert once_per_request(("rows", 1), load) == 1
        assert once_per_request(("rows", 2), load) == 2  # another key, read apart
        db.session.commit()
        assert once_per_request(("rows", 1), load) == 3
        db.session.execute(select(1))  # a transaction to roll back, as after a failed write
        db.session.rollback()
        assert once_per_request(("rows", 1), load) == 4
    with app.test_request_context():  # the next request reads again
        assert once_per_request(("rows", 1), load) == 5
    with app.app_context():  # outside a request nothing is kept
        assert once_per_request(("rows", 1), load) == 6
        assert once_per_request(("rows", 1), load) == 7
