"""The layout holds: rooms import only the rooms below them, and no module imports itself
back through others (docs/architecture.md, "The rooms").

Read from the source with :mod:`ast`, so an import inside a function counts as much as
one at the top: a circle of lazy imports is still a circle of meaning.  The package
``jxc`` itself is left out: every module imports it as its parent, and it imports the
API only on first use of ``jxc.open_ledger``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent / "jxc"


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in ROOT.rglob("*.py")}


def imports_of(name: str) -> set[str]:
    """The jxc modules ``name`` imports, anywhere in its text (``from a.b import c`` counts
    ``a.b`` and, when it is a module, ``a.b.c``)."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(up + ([node.module] if node.module else []))
            out.add(base)
            out |= {f"{base}.{a.name}" for a in node.names}
    return {m for m in out if m in MODULES and m not in (name, "jxc")}


GRAPH = {m: imports_of(m) for m in MODULES if m != "jxc"}


def circles(graph: dict) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict = {}
    low: dict = {}
    stack: list = []
    on: set = set()
    found = []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in graph:
        if v not in index:
            visit(v)
    return found


def test_no_import_circle():
    assert circles(GRAPH) == []


def test_the_circle_finder_finds_one():
    """The check above can fail: a → b → c → a is found, d (outside it) is not."""
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


# A room and the rooms it must never import (the store and the file layer run below
# the write room; the rules import none of the rooms built on them).
FORBIDDEN = {
    "jxc.ledger": ("jxc.store", "jxc.write", "jxc.fs", "jxc.reports", "jxc.cli", "jxc.api", "jxc.web"),
    "jxc.fs": ("jxc.store", "jxc.write", "jxc.reports", "jxc.cli", "jxc.api"),
    "jxc.store": ("jxc.write", "jxc.cli", "jxc.api"),
}


@pytest.mark.parametrize("room", sorted(FORBIDDEN))
def test_rooms_import_only_below_them(room):
    bad = sorted(f"{m} -> {d}" for m, deps in GRAPH.items() if m == room or m.startswith(room + ".")
                 for d in deps if any(d == f or d.startswith(f + ".") for f in FORBIDDEN[room]))
    assert bad == []
