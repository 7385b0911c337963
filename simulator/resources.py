"""Where the non-Python files live: top-level folders in a source checkout, ``simulator/_data/`` in an
installed wheel (see pyproject's force-include)."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def resource_path(name: str) -> Path:
    """``templates``, ``static`` or ``scenarios``: the installed copy if there is one, else the checkout's."""
    installed = _PACKAGE / "_data" / name
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / name
