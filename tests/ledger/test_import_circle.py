"""No import circle inside the accounting core, the message catalogue or the grader: each module of these
packages imports only modules that do not import it back, directly or through others (imports inside
functions and under ``TYPE_CHECKING`` count: a circle dodged that way is still a circle)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "simulator"


def module_graph(package: str) -> dict[str, set[str]]:
    """module -> the modules of the same package it imports (by dotted name)."""
    folder = PACKAGE / package.removeprefix("simulator.").replace(".", "/")
    modules = {f"{package}.{p.stem}": p for p in folder.glob("*.py") if p.stem != "__init__"}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                if node.level > 1:
                    continue  # another package: not part of this package's graph
                target = node.module or ""
                if node.level == 1:
                    target = f"{package}.{target}" if target else package
                candidates = {target} | {f"{target}.{alias.name}" for alias in node.names}
                found |= {c for c in candidates if c in modules}
            elif isinstance(node, ast.Import):
                found |= {a.name for a in node.names if a.name in modules}
        graph[name] = found - {name}
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


@pytest.mark.parametrize("package", ["simulator.ledger", "simulator.messages", "simulator.grading"])
def test_no_import_circle_inside(package):
    graph = module_graph(package)
    assert graph, f"no module found in {package}"
    assert circles(graph) == []


def test_the_check_sees_a_circle():
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert circles({"a": {"b"}, "b": set()}) == []
