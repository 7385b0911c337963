"""Import directions of design.md: nothing below ``simulator/web`` imports Flask."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "simulator"
#: The web layer, and the application factory (which imports Flask inside ``create_app`` only).
WEB = {PACKAGE / "web", PACKAGE / "__init__.py"}
BELOW_WEB = sorted(
    path for path in PACKAGE.rglob("*.py") if not any(path == w or w in path.parents for w in WEB)
)


def _top_level_imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("path", BELOW_WEB, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_no_flask_below_the_web_layer(path):
    flask_like = {name for name in _top_level_imports(path) if name == "flask" or name.startswith("flask_")}
    assert not flask_like, f"{path.relative_to(PACKAGE)} imports {flask_like}"


def test_importing_the_package_does_not_load_flask():
    probe = "import sys, simulator, simulator.store, simulator.formatting; print('flask' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
