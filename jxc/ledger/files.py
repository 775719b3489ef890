"""A ledger on disk (SPEC 1): finding it, its settings, catalog and journal files."""

from __future__ import annotations

import os
from pathlib import Path

from jxc.errors import LedgerError, Problem
from jxc.ledger.catalog import Catalog, Settings, read_catalog, read_settings

SETTINGS_FILE = "jxc.yaml"
CATALOG_FILE = "catalog.yaml"
JOURNAL_DIR = "journal"


def find_ledger(explicit: str | os.PathLike | None = None, cwd: str | None = None) -> Path:
    """The ledger's directory: ``--ledger``, then ``$JXC_LEDGER``, then the nearest ``jxc.yaml`` upwards."""
    for given, origin in ((explicit, "--ledger"), (os.environ.get("JXC_LEDGER"), "JXC_LEDGER")):
        if given:
            p = Path(given)
            if p.is_dir() and (p / SETTINGS_FILE).is_file():
                return p
            if p.is_file() and p.name.endswith((".yaml", ".yml")):
                return p.parent
            raise LedgerError(f"{origin} {given}: no {SETTINGS_FILE} there (create one with: jxc init {given})")
    here = Path(cwd or os.getcwd()).resolve()
    for d in (here, *here.parents):
        if (d / SETTINGS_FILE).is_file():
            return d
    raise LedgerError(f"no {SETTINGS_FILE} in {here} or any parent; create a ledger with 'jxc init'"
                      " or point to one with --ledger/-L or JXC_LEDGER")


def rel(root: Path, path: Path) -> str:
    """How a file is named in messages: relative to the ledger when inside it."""
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


class Ledger:
    """A ledger directory; everything is read lazily and rebuilt from the files on demand."""

    def __init__(self, root: Path, *, progress: bool = False, freeze_gc: bool = False):
        self.root = Path(root)
        # Options of this reader, passed in (never module globals): a progress bar for a
        # long cold read; objects of a big read set apart from the cycle collector.
        self.progress = progress
        self.freeze_gc = freeze_gc
        self._settings: Settings | None = None
        self._catalog: Catalog | None = None

    # -- files ---------------------------------------------------------------
    @property
    def settings_path(self) -> Path:
        return self.root / SETTINGS_FILE

    @property
    def catalog_path(self) -> Path:
        return self.root / CATALOG_FILE

    def name(self, path: Path) -> str:
        return rel(self.root, path)

    def read_text(self, path: Path) -> str:
        from jxc.ledger.yamlread import decode_text
        try:
            return decode_text(path.read_bytes(), self.name(path))
        except OSError as e:
            raise LedgerError(f"cannot read: {e.strerror}", self.name(path)) from None

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            self._settings = read_settings(self.read_text(self.settings_path), self.name(self.settings_path))
        return self._settings

    @property
    def catalog(self) -> Catalog:
        if self._catalog is None:
            if self.catalog_path.exists():
                self._catalog = read_catalog(self.read_text(self.catalog_path), self.name(self.catalog_path))
            else:
                self._catalog = Catalog(path=CATALOG_FILE)
        return self._catalog

    def reload(self) -> None:
        self._settings = None
        self._catalog = None

    def journal_files(self) -> list[Path]:
        """Every ``journal/**/*.yaml`` file, in path order (the tie-break of SPEC 2)."""
        d = self.root / JOURNAL_DIR
        if not d.is_dir():
            return []
        files = [p for p in d.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()]
        return sorted(files, key=lambda p: self.name(p))

    def journal_path(self, date) -> Path:
        """Where an entry of ``date`` is written: ``journal/YYYY/YYYY-MM.yaml``."""
        return self.root / JOURNAL_DIR / f"{date.year:04d}" / f"{date.year:04d}-{date.month:02d}.yaml"

    # -- the pipeline ----------------------------------------------------------
    def load(self, extra=None):
        """Parse the journal without any cache: a :class:`jxc.ledger.journal.Journal`."""
        from jxc.ledger.journal import read_journal
        return read_journal(self, extra)

    def replay(self, end=None, extra=None):
        """Entries → moves with running balances; see :mod:`jxc.ledger.replay`."""
        from jxc.ledger.replay import replay
        return replay(self.load(extra), self.catalog, self.settings, end=end)


__all__ = ["Ledger", "find_ledger", "Problem"]
