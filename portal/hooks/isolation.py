"""Each implementation of a lifecycle hook writes in its own savepoint (docs/adr/0003).

The core commits after every implementation that succeeds, so a plugin does not commit. One
that fails has only its own writes rolled back: what the plugins before it wrote is already
committed, and nothing it left behind can be committed by the plugins after it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from portal.app.extensions import db


@contextmanager
def own_savepoint() -> Iterator[None]:
    """Run the block in a savepoint: commit it when the block succeeds, undo it when it raises."""
    savepoint = db.session.begin_nested()
    try:
        yield
        if savepoint.is_active:
            savepoint.commit()  # flushes: a constraint the plugin broke fails here, still inside
    except BaseException:
        if savepoint.is_active:
            savepoint.rollback()
        else:
            # The plugin committed or rolled back itself: drop whatever it wrote since.
            db.session.rollback()
        raise
    try:
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
