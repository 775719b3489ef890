"""`jxc init`: a new ledger, empty or filled with the example tea shop."""

from __future__ import annotations

import re
import shutil
from importlib import resources
from pathlib import Path

from jxc.errors import LedgerError
from jxc.ledger.catalog import COSTING_METHODS, read_settings
from jxc.ledger.entries import scalar_text
from jxc.ledger.files import SETTINGS_FILE
from jxc.write.gitsetup import GITATTRIBUTES, install_merge_driver

# The cache lives in the user's cache directory, never in the ledger; only the
# writers' lock file is left here to ignore.
GITIGNORE = """.jxc.lock
.jxc-read.lock
.jxc-intent.json
.*.jxc-tmp
"""


def check_currency(code: str) -> str:
    """A currency is an ISO 4217 code: three capital letters A-Z (CNY, EUR, USD)."""
    if not re.fullmatch(r"[A-Z]{3}", code):
        raise LedgerError(f"--currency takes a three-letter code like CNY or EUR, got {code[:40]!r}")
    return code


def settings_text(name: str, currency: str, costing: str) -> str:
    """A new ``jxc.yaml``: every value validated, quoted as needed, and read back.

    Raises LedgerError, before anything is written, for a currency that is not a
    three-letter code, a name that is not one line of printable text, or a text
    that would not read back as exactly these settings.
    """
    check_currency(currency)
    if not name.strip() or not name.isprintable():
        raise LedgerError(f"the ledger's name must be one line of printable text, got {name[:40]!r}")
    if costing not in COSTING_METHODS:
        raise LedgerError(f"unknown costing method {costing!r}")
    text = (f"jxc: 1\nname: {scalar_text(name, flow=False)}\ncurrency: {currency}\n"
            f"costing: {costing}\ncost_pool: location\nnegative_stock: forbid\ndefault_location: main\ndefault_account: cash\n"
            "default_customer: walk-in\n")
    back = read_settings(text, SETTINGS_FILE)
    if (back.name, back.currency, back.costing, back.negative_stock) != (name, currency, costing, "forbid"):
        raise LedgerError("the settings would not read back as given; nothing written", SETTINGS_FILE)
    return text


def init_ledger(root: Path, currency="CNY", costing="fifo", name=None, example=False) -> Path:
    root = Path(root)
    if (root / SETTINGS_FILE).exists():
        raise LedgerError(f"{root / SETTINGS_FILE} already exists: this is a ledger already")
    settings = None if example else settings_text(name or root.resolve().name, currency, costing)
    root.mkdir(parents=True, exist_ok=True)
    if example:
        src = resources.files("jxc") / "example"
        _copy_tree(src, root)
    else:
        (root / SETTINGS_FILE).write_text(settings, encoding="utf-8")
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
    install_merge_driver(root)
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
