"""Import directions of design.md, checked on the source with ``ast``.

Every ``import`` and ``from … import`` under ``simulator/`` counts, including relative imports (resolved to
their package) and imports inside functions:

- ``simulator/messages`` (the message catalogue, its renderer, French elision and formatting) imports only
  the standard library and ``simulator.messages`` itself;
- ``simulator/ledger`` imports only the standard library, ``simulator.messages`` and ``simulator.ledger``
  itself;
- nothing under ``simulator/`` but ``simulator/web/`` and ``simulator/__init__.py`` imports Flask or a
  ``flask_*`` extension;
- ``simulator/packs`` does not import ``simulator.grading``, ``.web``, ``.store`` or ``.services``;
- ``simulator/grading`` does not import ``simulator.web``, ``.store`` or ``.services``;
- ``simulator/documents`` does not import ``simulator.web``, ``.store`` or ``.services``;
- ``simulator/web`` reaches ``simulator.packs``, ``.grading`` and ``.documents`` only through
  ``simulator.services`` (it imports ``simulator.ledger`` types for display, and ``simulator.store`` for the
  request's connection and record types);
- only ``simulator/store/`` imports a database driver: ``sqlite_utils``, ``sqlite3``, ``psycopg``,
  ``psycopg_pool``;
- and, at run time, importing ``simulator`` (whose ``create_app`` imports Flask inside the function), the store
  and the formatting does not load Flask.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "simulator"


@dataclass(frozen=True)
class Import:
    path: str  # posix path from the repository root, e.g. "simulator/ledger/money.py"
    line: int
    module: str  # absolute dotted name, e.g. "simulator.ledger.problems"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: imports {self.module}"


def module_of(path: str) -> tuple[str, str]:
    """(module, package) of a source path: ``simulator/ledger/money.py`` -> ("simulator.ledger.money",
    "simulator.ledger"); a package's ``__init__.py`` is its own package."""
    parts = path.removesuffix(".py").split("/")
    if parts[-1] == "__init__":
        parts = parts[:-1]
        return ".".join(parts), ".".join(parts)
    return ".".join(parts), ".".join(parts[:-1])


def imports_in(source: str, path: str) -> Iterator[Import]:
    """Every module a source file imports, anywhere in it. ``from X import y`` yields X and X.y, since y may
    be a submodule (``from simulator import web``)."""
    _, package = module_of(path)
    for node in ast.walk(ast.parse(source, filename=path)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(path, node.lineno, alias.name)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            yield Import(path, node.lineno, module)
            for alias in node.names:
                if alias.name != "*":
                    yield Import(path, node.lineno, f"{module}.{alias.name}")


def within(module: str, *packages: str) -> bool:
    return any(module == p or module.startswith(p + ".") for p in packages)


def top(module: str) -> str:
    return module.split(".")[0]


# -- the rules: each returns why an import breaks it, or None ---------------------------------------------
def messages_use_only_the_standard_library(imp: Import) -> str | None:
    if (
        imp.path.startswith("simulator/messages/")
        and top(imp.module) not in sys.stdlib_module_names
        and not within(imp.module, "simulator.messages")
    ):
        return "simulator/messages may import only the standard library and simulator.messages"
    return None


def ledger_uses_only_the_standard_library(imp: Import) -> str | None:
    if (
        imp.path.startswith("simulator/ledger/")
        and top(imp.module) not in sys.stdlib_module_names
        and not within(imp.module, "simulator.ledger", "simulator.messages")
    ):
        return (
            "simulator/ledger may import only the standard library, simulator.messages and simulator.ledger"
        )
    return None


def flask_only_in_the_web_layer(imp: Import) -> str | None:
    in_web = imp.path.startswith("simulator/web/") or imp.path == "simulator/__init__.py"
    name = top(imp.module)
    if not in_web and (name == "flask" or name.startswith("flask_")):
        return "only simulator/web and simulator/__init__.py may import Flask"
    return None


def packs_below_grading_store_and_web(imp: Import) -> str | None:
    if imp.path.startswith("simulator/packs/") and within(
        imp.module, "simulator.grading", "simulator.web", "simulator.store", "simulator.services"
    ):
        return "simulator/packs may not import grading, web, store or services"
    return None


def grading_below_store_and_web(imp: Import) -> str | None:
    if imp.path.startswith("simulator/grading/") and within(
        imp.module, "simulator.web", "simulator.store", "simulator.services"
    ):
        return "simulator/grading may not import web, store or services"
    return None


def documents_below_store_and_web(imp: Import) -> str | None:
    if imp.path.startswith("simulator/documents/") and within(
        imp.module, "simulator.web", "simulator.store", "simulator.services"
    ):
        return "simulator/documents may not import web, store or services"
    return None


def web_through_services(imp: Import) -> str | None:
    """The web layer reaches the core through services (ledger types for display; the store for the
    request's connection)."""
    if imp.path.startswith("simulator/web/") and within(
        imp.module, "simulator.packs", "simulator.grading", "simulator.documents"
    ):
        return "simulator/web reaches packs, grading and documents through simulator.services"
    return None


DRIVERS = ("sqlite_utils", "sqlite3", "psycopg", "psycopg_pool")


def drivers_only_in_the_store(imp: Import) -> str | None:
    if top(imp.module) in DRIVERS and not imp.path.startswith("simulator/store/"):
        return "only simulator/store/ may import a database driver (sqlite_utils, sqlite3, psycopg)"
    return None


RULES: tuple[Callable[[Import], str | None], ...] = (
    messages_use_only_the_standard_library,
    ledger_uses_only_the_standard_library,
    flask_only_in_the_web_layer,
    packs_below_grading_store_and_web,
    grading_below_store_and_web,
    documents_below_store_and_web,
    web_through_services,
    drivers_only_in_the_store,
)


def violations(source: str, path: str, rules=RULES) -> list[str]:
    found = []
    for imp in imports_in(source, path):
        for rule in rules:
            why = rule(imp)
            if why and f"{imp} ({why})" not in found:
                found.append(f"{imp} ({why})")
    return found


def sources() -> list[tuple[str, str]]:
    return [
        (p.relative_to(ROOT).as_posix(), p.read_text(encoding="utf-8")) for p in sorted(PACKAGE.rglob("*.py"))
    ]


# -- the project's own code ---------------------------------------------------------------------------------
@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.__name__)
def test_import_directions_of_design_md(rule):
    found = [v for path, source in sources() for v in violations(source, path, (rule,))]
    assert not found, "Imports against design.md's import directions:\n" + "\n".join(found)


def test_the_walk_sees_the_ledger_and_the_store():
    paths = {path for path, _ in sources()}
    assert {"simulator/ledger/money.py", "simulator/ledger/payments.py", "simulator/store/engine.py"} <= paths
    assert any(
        i.module == "simulator.ledger.problems"
        for i in imports_in(
            (PACKAGE / "ledger/money.py").read_text(encoding="utf-8"), "simulator/ledger/money.py"
        )
    )


# -- the checker itself: fed with synthetic sources, it must report them ------------------------------------
@pytest.mark.parametrize(
    ("path", "source", "rule"),
    [
        ("simulator/ledger/fake.py", "import flask\n", "simulator/ledger may import only"),
        ("simulator/ledger/fake.py", "import flask\n", "only simulator/web and simulator/__init__.py"),
        ("simulator/ledger/fake.py", "def f():\n    import yaml\n", "simulator/ledger may import only"),
        ("simulator/ledger/fake.py", "from simulator import packs\n", "simulator/ledger may import only"),
        ("simulator/ledger/fake.py", "from ..packs import schema\n", "simulator/ledger may import only"),
        ("simulator/ledger/sub/fake.py", "from ... import store\n", "simulator/ledger may import only"),
        (
            "simulator/messages/fake.py",
            "from simulator.ledger import money\n",
            "simulator/messages may import only",
        ),
        (
            "simulator/messages/fake.py",
            "from ..formatting import format_money\n",
            "simulator/messages may import",
        ),
        ("simulator/messages/fake.py", "import babel\n", "simulator/messages may import only"),
        (
            "simulator/store.py",
            "from flask_htmx import htmx\n",
            "only simulator/web and simulator/__init__.py",
        ),
        ("simulator/packs/fake.py", "from ..web import views\n", "simulator/packs may not import"),
        ("simulator/packs/fake.py", "from simulator import grading\n", "simulator/packs may not import"),
        (
            "simulator/packs/fake.py",
            "def load():\n    from simulator.store import connect\n",
            "simulator/packs may not import",
        ),
        (
            "simulator/grading/fake.py",
            "import simulator.services.attempts\n",
            "simulator/grading may not import",
        ),
        ("simulator/grading/__init__.py", "from .. import web\n", "simulator/grading may not import"),
        ("simulator/grading/fake.py", "def f():\n    import sqlite3\n", "only simulator/store/"),
        ("simulator/services/fake.py", "from sqlite_utils import Database\n", "only simulator/store/"),
        (
            "simulator/web/student/fake.py",
            "from simulator.packs.replay import parse_date\n",
            "through simulator",
        ),
        ("simulator/web/fake.py", "from ..grading import batch\n", "through simulator.services"),
        (
            "simulator/web/fake.py",
            "def f():\n    from simulator import documents\n",
            "through simulator.services",
        ),
    ],
)
def test_checker_reports_a_forbidden_import(path, source, rule):
    found = violations(source, path)
    assert any(rule in v for v in found), found


@pytest.mark.parametrize(
    ("path", "source"),
    [
        (
            "simulator/ledger/fake.py",
            "from __future__ import annotations\nimport re\nfrom decimal import Decimal\n",
        ),
        (
            "simulator/ledger/fake.py",
            "from .money import D\nfrom . import accounts\nimport simulator.ledger.books\n",
        ),
        ("simulator/web/views.py", "from flask import Blueprint\nfrom flask_htmx import htmx\n"),
        (
            "simulator/web/fake.py",
            "from simulator.services import attempts\nfrom simulator.ledger.views import books_view\n",
        ),
        ("simulator/__init__.py", "def create_app():\n    from flask import Flask\n"),
        ("simulator/store/engine.py", "import sqlite3\nimport sqlite_utils\nimport psycopg\n"),
        ("simulator/packs/fake.py", "from ..ledger import books\nimport yaml\n"),
        ("simulator/ledger/fake.py", "from simulator.messages import render\n"),
        ("simulator/messages/fake.py", "from .french import fill\nfrom decimal import Decimal\n"),
        ("simulator/grading/fake.py", "from simulator.packs import schema\nfrom ..ledger.money import D\n"),
    ],
)
def test_checker_accepts_allowed_imports(path, source):
    assert violations(source, path) == []


def test_relative_imports_resolve_to_their_package():
    found = {
        i.module
        for i in imports_in(
            "from . import money\nfrom ..web.views import bp\n", "simulator/ledger/payments.py"
        )
    }
    assert {
        "simulator.ledger",
        "simulator.ledger.money",
        "simulator.web.views",
        "simulator.web.views.bp",
    } == found
    found = {i.module for i in imports_in("from .books import Books\n", "simulator/ledger/__init__.py")}
    assert found == {"simulator.ledger.books", "simulator.ledger.books.Books"}


def test_importing_the_core_does_not_load_flask():
    """Batch commands and the core load without Flask: importing the package, the store and the formatting
    (everything the CLI's grading and pack commands need) leaves it out of ``sys.modules``."""
    probe = "import sys, simulator, simulator.store, simulator.formatting; print('flask' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
