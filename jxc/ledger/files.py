"""A ledger on disk (SPEC 1): finding it, its settings, catalog and journal files."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from jxc.errors import LedgerError, Problem
from jxc.ledger.catalog import Catalog, Settings, read_catalog, read_settings

SETTINGS_FILE = "jxc.yaml"
CATALOG_FILE = "catalog.yaml"
JOURNAL_DIR = "journal"
# The largest file jxc reads (bytes).  A month of a million-entry-a-year shop is
# about 12 MB; the limit is there so that a huge or endless file (a device, a file
# grown by mistake) is refused instead of read until memory runs out.
MAX_FILE_BYTES = 256 * 2**20


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

    def __init__(self, root: Path, *, progress: bool = False, freeze_gc: bool = False,
                 lock_wait: float | None = None):
        self.root = Path(root)
        # seconds a write (or a read during another's write) waits for a lock; None: 30
        self.lock_wait = lock_wait
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

    def read_bytes(self, path: Path) -> bytes:
        """The bytes of a ledger file, read only when it is what it claims to be.

        Refused with a LedgerError naming the file: a path that resolves outside the
        ledger folder (a symlink to ``~/.aws/credentials`` in a cloned ledger); anything
        but a regular file (a FIFO is opened without blocking and refused, so a write
        holding the lock never hangs on it); a file over :data:`MAX_FILE_BYTES`.
        """
        name = self.name(path)
        if not inside(self.root, path):
            raise LedgerError("refused: a link to a file outside the ledger folder"
                              " (jxc reads only files inside the ledger)", name)
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
        try:
            fd = os.open(path, flags)
        except OSError as e:
            raise LedgerError(f"cannot read: {e.strerror}", name) from None
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                raise LedgerError(f"refused: not a regular file (a {file_kind(st.st_mode)})", name)
            if st.st_size > MAX_FILE_BYTES:
                raise LedgerError(f"refused: {st.st_size:,} bytes, over the limit of "
                                  f"{MAX_FILE_BYTES:,} bytes for one file", name)
            chunks, size = [], 0
            while True:      # read to the end, never past the limit (the file may grow)
                chunk = os.read(fd, min(1 << 20, MAX_FILE_BYTES + 1 - size))
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
                if size > MAX_FILE_BYTES:
                    raise LedgerError(f"refused: over the limit of {MAX_FILE_BYTES:,} bytes"
                                      " for one file", name)
            return b"".join(chunks)
        except OSError as e:
            raise LedgerError(f"cannot read: {e.strerror}", name) from None
        finally:
            os.close(fd)

    def read_text(self, path: Path) -> str:
        """A ledger file's text (UTF-8, line ends read as '\\n'), read by :meth:`read_bytes`;
        bytes that are not UTF-8 are reported at their line and column."""
        from jxc.ledger.yamlread import decode_text
        return decode_text(self.read_bytes(path), self.name(path))

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

    @property
    def catalog_loaded(self) -> bool:
        """Has the catalog been read (or adopted) since the last :meth:`reload`?"""
        return self._catalog is not None

    def adopt_catalog(self, catalog: Catalog) -> None:
        """Use ``catalog`` as this ledger's parsed catalog instead of reading the file.

        For a store that vouches it was parsed from the catalog's current bytes
        (:func:`jxc.store.snapshot.prime_catalog`); :meth:`reload` drops it.
        """
        self._catalog = catalog

    def adopt_settings(self, settings: Settings) -> None:
        """Use ``settings`` as this ledger's parsed ``jxc.yaml``, as :meth:`adopt_catalog`."""
        self._settings = settings

    def reload(self) -> None:
        self._settings = None
        self._catalog = None

    def journal_files(self) -> list[Path]:
        """Every ``journal/**/*.yaml`` file, in path order (the tie-break of SPEC 2).

        Anything at such a path is listed, a FIFO or a link too, so that reading it
        reports what it is (:meth:`read_bytes`).  ``journal`` or a year folder
        (``journal/2026``) that is not a folder is an error, not an empty journal;
        a linked folder is followed only when it resolves inside the ledger.
        """
        d = self.root / JOURNAL_DIR
        if not d.exists() and not d.is_symlink():
            return []
        files: list[Path] = []
        _walk(self.root, d, files, set())
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


def inside(root: Path, path: Path) -> bool:
    """True when ``path`` (links resolved) lies inside the folder ``root`` (links resolved)."""
    try:
        Path(os.path.realpath(path)).relative_to(os.path.realpath(root))
        return True
    except ValueError:
        return False


def file_kind(mode: int) -> str:
    """What a non-regular file is, in words, for messages."""
    for test, word in ((stat.S_ISDIR, "folder"), (stat.S_ISFIFO, "named pipe (FIFO)"),
                       (stat.S_ISSOCK, "socket"), (stat.S_ISCHR, "character device"),
                       (stat.S_ISBLK, "block device"), (stat.S_ISLNK, "link")):
        if test(mode):
            return word
    return "special file"


def _walk(root: Path, d: Path, out: list, seen: set) -> None:
    """Collect the ``*.yaml``/``*.yml`` paths under the journal folder ``d`` into ``out``."""
    name = rel(root, d)
    if not inside(root, d):
        raise LedgerError("refused: a link to a folder outside the ledger folder", name)
    if not d.is_dir():
        what = "a regular file" if d.is_file() else "not a folder"
        raise LedgerError(f"{what} where a journal folder belongs (entries live in journal/YYYY/*.yaml)",
                          name)
    real = os.path.realpath(d)
    if real in seen:         # a link back up the tree: each folder once
        return
    seen.add(real)
    try:
        children = sorted(os.scandir(d), key=lambda e: e.name)
    except OSError as e:
        raise LedgerError(f"cannot list the folder: {e.strerror}", name) from None
    for child in children:
        path = Path(child.path)
        if child.name.startswith(".#"):
            continue                       # an editor's lock link (emacs), not a file of entries
        if child.name.endswith((".yaml", ".yml")) and not child.is_dir():
            out.append(path)
        elif child.is_dir() or (child.name.isdigit() and len(child.name) == 4):
            _walk(root, path, out, seen)   # a year folder that is a file is refused there


__all__ = ["Ledger", "find_ledger", "Problem", "inside", "MAX_FILE_BYTES"]
