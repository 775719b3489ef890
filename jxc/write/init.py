"""`jxc init`: a new ledger, empty or filled with the example tea shop."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

from jxc.errors import LedgerError
from jxc.ledger.entries import scalar_text
from jxc.ledger.files import SETTINGS_FILE

GITATTRIBUTES = """# Entries are whole YAML documents appended by date: a union merge of two
# branches keeps both sides' entries (run `jxc check` after a merge).
journal/** merge=union
"""
GITIGNORE = """.jxc-cache/
.jxc.lock
"""


def settings_text(name: str, currency: str, costing: str) -> str:
    return (f"jxc: 1\nname: {scalar_text(name)}\ncurrency: {currency}\ncosting: {costing}\n"
            "cost_pool: location\nnegative_stock: forbid\ndefault_location: main\ndefault_account: cash\n"
            "default_customer: walk-in\n")


def init_ledger(root: Path, currency="CNY", costing="fifo", name=None, example=False) -> Path:
    root = Path(root)
    if (root / SETTINGS_FILE).exists():
        raise LedgerError(f"{root / SETTINGS_FILE} already exists: this is a ledger already")
    root.mkdir(parents=True, exist_ok=True)
    if example:
        src = resources.files("jxc") / "example"
        _copy_tree(src, root)
    else:
        (root / SETTINGS_FILE).write_text(settings_text(name or root.resolve().name, currency, costing),
                                          encoding="utf-8")
        (root / "catalog.yaml").write_text(
            "locations:\n  main: {name: Main warehouse}\nitems: {}\nsuppliers: {}\n"
            # a counter sale is paid at once (SPEC 9): `jxc sell --to walk-in` writes `paid:`
            "customers:\n  walk-in: {name: Walk-in customers, terms: cash}\n"
            "accounts:\n  cash: {name: Cash}\n", encoding="utf-8")
        (root / "journal").mkdir(exist_ok=True)
    for fname, text in ((".gitattributes", GITATTRIBUTES), (".gitignore", GITIGNORE)):
        p = root / fname
        if not p.exists():
            p.write_text(text, encoding="utf-8")
    return root


def _copy_tree(src, dst: Path) -> None:
    for child in src.iterdir():
        if child.name.startswith(("__", ".jxc")):
            continue
        target = dst / child.name
        if child.is_dir():
            target.mkdir(exist_ok=True)
            _copy_tree(child, target)
        else:
            with resources.as_file(child) as f:
                shutil.copyfile(f, target)
