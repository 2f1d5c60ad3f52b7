"""An uploaded file kept between its preview and its commit: its rows as read, in the job
files' folder (shared by every web process), under a random key and bound to the person who
uploaded it. It is removed when it is saved, and when it is older than ``IMPORT_PREVIEW_KEPT``
(whoever uploads next, or ``flask imports clean`` within the hour, removes it then): it holds
personal data. Its age is its file's: nobody's preview is opened to find out whether it expired.
"""

from __future__ import annotations

import json
import os
import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from flask import current_app

from portal.app import clock
from portal.imports.files import Table
from portal.jobs.queue import job_files
from portal.models import User

FOLDER = "imports"
KEPT = timedelta(hours=2)
_KEY = re.compile(r"^[A-Za-z0-9_-]{32}$")


@dataclass
class Preview:
    key: str
    user_id: int
    kind: str
    #: The uploaded file's name, for the audit trail and the page.
    name: str
    created: datetime
    table: Table
    #: The upload form's choices that apply to every row (project, coach, group).
    options: dict[str, Any] = field(default_factory=dict)


def _folder() -> Path:
    folder = Path(job_files()) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _kept() -> timedelta:
    return current_app.config.get("IMPORT_PREVIEW_KEPT", KEPT)


def file_name(name: str) -> str:
    """The uploaded file's own name (no folders), printable and short."""
    base = re.split(r"[\\/]", name or "")[-1]
    return "".join(c for c in base if c.isprintable())[:100]


def save(user: User, kind: str, name: str, table: Table, options: dict[str, Any]) -> str:
    """Keep the file's rows for ``user``; the key of the preview."""
    remove_expired()
    key = secrets.token_urlsafe(24)
    content = {
        "user": user.id,
        "kind": kind,
        "name": file_name(name),
        "created": clock.utcnow().isoformat(),
        "headers": table.headers,
        "rows": table.rows,
        "unsaved": table.unsaved,
        "options": options,
    }
    # Written aside and renamed: no reader ever sees half a file, and none is left behind.
    folder = _folder()
    written = folder / f"{key}.part"
    try:
        written.touch(mode=0o600)
        written.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
        moment = clock.utcnow().timestamp()  # its age is told by the portal's clock
        os.utime(written, (moment, moment))
        written.replace(folder / f"{key}.json")
    except BaseException:
        written.unlink(missing_ok=True)
        raise
    return key


def load(key: str, user: User, kind: str) -> Preview | None:
    """The preview of ``key`` when ``user`` uploaded it for ``kind`` and it has not expired;
    None otherwise (another person's preview is as good as missing)."""
    if not _KEY.match(key or ""):
        return None
    path = _folder() / f"{key}.json"
    if _expired(path):
        path.unlink(missing_ok=True)
        return None
    content = _read(path)
    if content is None or content.get("user") != user.id or content.get("kind") != kind:
        return None
    created = datetime.fromisoformat(content["created"])
    rows = [(n, cells) for n, cells in content["rows"]]
    unsaved = [(n, at) for n, at in content.get("unsaved", [])]
    table = Table(content["headers"], rows, unsaved)
    return Preview(key, user.id, kind, content["name"], created, table, content["options"])


def _read(path: Path) -> dict[str, Any] | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def remove(key: str) -> None:
    if _KEY.match(key or ""):
        (_folder() / f"{key}.json").unlink(missing_ok=True)


def _expired(path: Path) -> bool:
    """True when the file was written longer than ``IMPORT_PREVIEW_KEPT`` ago (or is gone)."""
    try:
        written = path.stat().st_mtime
    except OSError:
        return True
    return clock.utcnow().timestamp() - written > _kept().total_seconds()


def remove_expired() -> int:
    """Remove the previews past ``IMPORT_PREVIEW_KEPT``, and what a write that failed left
    behind; the number removed."""
    removed = 0
    for path in _folder().iterdir():
        if path.suffix in (".json", ".part") and _expired(path):
            path.unlink(missing_ok=True)
            removed += 1
    return removed
