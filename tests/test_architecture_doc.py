"""docs/architecture.md tells a newcomer which files to touch: every path it names must exist."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "architecture.md"
#: a backquoted repository path: a known top folder, then names (``shared/`` is the specs beside the checkout)
PATH = re.compile(r"`((?:simulator|scenarios|templates|tests|docs|shared|static|bench)/[\w./<>-]*)`")


def named_paths() -> list[str]:
    return sorted(set(PATH.findall(DOC.read_text(encoding="utf-8"))))


def test_the_page_names_the_files_to_touch():
    assert len(named_paths()) > 40


def test_every_path_it_names_exists():
    missing = []
    for path in named_paths():
        if "<" in path or path.startswith("shared/"):  # a pattern (scenarios/<pack>/…), or the specs
            continue
        if not (ROOT / path).exists():
            missing.append(path)
    assert not missing, f"docs/architecture.md names paths that do not exist: {missing}"
