"""Where the portal's bundled files are, from a source checkout and from an installed wheel.

The repository keeps ``templates/``, ``static/`` and ``migrations/`` at its top level; the wheel
carries them inside the package (``portal/templates`` ...; see setup.py). Files that live in
the package in both cases (``portal/data``, ``portal/translations``) are found the same way.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

#: The repository root when running from a checkout (or an editable install).
CHECKOUT = Path(__file__).resolve().parents[2]


def resource_path(name: str) -> Path:
    """The folder or file ``name`` of the portal: ``portal/<name>`` when the package carries
    it (an installed wheel, or ``data`` and ``translations`` anywhere), otherwise the
    checkout's top-level ``<name>``."""
    packaged = Path(str(files("portal") / name))
    return packaged if packaged.exists() else CHECKOUT / name
