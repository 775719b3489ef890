"""The layout holds: rooms import only the rooms below them, and no module imports itself
back through others (docs/architecture.md, "The rooms").

Read from the source with :mod:`ast`, so an import inside a function counts as much as
one at the top: a circle of lazy imports is still a circle of meaning.  The package
``jxc`` itself is left out: every module imports it as its parent, and it imports the
API only on first use of ``jxc.open_ledger``.
"""

from __future__ import annotations

import ast
import re
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


KIND_PREFIX = re.compile(r"^(location|supplier|customer|loss|adjust|equity):")


def test_the_account_format_lives_in_accounts_py():
    """Outside jxc/ledger/accounts.py no code spells an account's ``kind:`` prefix (a string
    or f-string starting ``customer:``) nor cuts an account at its colon: they ask
    ``is_location``, ``is_kind``, ``account_of``, ``account_name``, ``split_account``."""
    found = []
    for name, path in MODULES.items():
        if name == "jxc.ledger.accounts":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Expr)}
        for node in ast.walk(tree):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                    and id(node) not in docstrings and KIND_PREFIX.match(node.value)):
                found.append(f"{name}:{node.lineno}: {node.value!r}")
            elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                  and node.func.attr in ("split", "partition", "rpartition")
                  and node.args and isinstance(node.args[0], ast.Constant) and node.args[0].value == ":"):
                found.append(f"{name}:{node.lineno}: .{node.func.attr}(':')")
    assert found == []


# Names with a leading underscore that tests may use: a NamedTuple's own API, and the
# private corners of other libraries (os._exit in a forked writer, typer's completion).
NOT_JXC_PRIVATE = {"_replace", "_fields", "_asdict", "_make", "_exit", "_completion_shared", "_click"}


def test_tests_use_only_public_names_of_jxc():
    """The tests drive jxc through its public names (the API, the CLI, the public functions
    of its modules): no ``from jxc... import _x`` and no ``obj._x`` of jxc's making."""
    found = []
    for path in sorted(Path(__file__).parent.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("jxc"):
                found += [f"{path.name}:{node.lineno}: {a.name}" for a in node.names
                          if a.name.startswith("_") and not a.name.startswith("__")]
            elif (isinstance(node, ast.Attribute) and node.attr.startswith("_")
                  and not node.attr.startswith("__") and node.attr not in NOT_JXC_PRIVATE):
                found.append(f"{path.name}:{node.lineno}: .{node.attr}")
    assert found == []
