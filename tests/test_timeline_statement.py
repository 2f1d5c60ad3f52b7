"""The timeline's statement is built once, the client bound at each run: building the UNION
ALL of fourteen kinds and its cache key anew took longer than running it."""

from __future__ import annotations

from portal.app.extensions import db
from portal.clients import timeline
from portal.models import ContactNote


def test_the_union_is_built_once_and_each_run_reads_its_own_client(app, world, monkeypatch):
    built = []
    branches = timeline._branches
    monkeypatch.setattr(timeline, "_branches", lambda cid: built.append(cid) or branches(cid))
    timeline._statement.cache_clear()
    try:
        with app.app_context():
            db.session.add(
                ContactNote(
                    client_id=world.client.id, on=world.placement.start_date, summary="Soitto"
                )
            )
            db.session.commit()
            mine = timeline.load_timeline(world.client.id)
            other = timeline.load_timeline(world.other_client.id)
    finally:
        timeline._statement.cache_clear()
    assert len(built) == 1
    assert "Soitto" in [entry.text for entry in mine]
    assert "Soitto" not in [entry.text for entry in other]
