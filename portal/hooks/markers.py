"""The pluggy markers of the ``portal`` project: one for specifications, one for implementations."""

from __future__ import annotations

import pluggy

PROJECT = "portal"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)
