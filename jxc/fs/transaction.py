"""Writing files all or none, one file or several as one transaction, and reading around it.

Below both the store (which reads) and the write room (which writes): it imports
neither.  A write (SPEC 6) happens under the ledger's write lock (:mod:`jxc.fs.locks`):

1. every new file is written in full as a temporary file beside its target
   (``.NAME.RANDOM.jxc-tmp``), fsynced, with the target's permissions;
2. when more than one file changes, the list of renames is written to one intent
   file, ``.jxc-intent.json``, itself written to a temporary file and renamed, so it
   is either whole or absent;
3. under the exclusive rename lock (readers wait these few milliseconds), each
   temporary file is renamed over its target, the folders are fsynced, and the
   intent file is deleted.

A jxc killed before step 2 has left only temporary files: the write did not
happen, and the next writer deletes them.  Killed after step 2, it has left an
intent: the next jxc, reader or writer, finishes the renames from it before it
reads or writes anything (every temporary file named there is whole, and a
checksum proves it), so the write happens in full.  Readers hold the shared rename
lock while they read, so none of them sees some of the files renamed and not the
others.  See docs/safety.md.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import stat
import secrets
import sys
from pathlib import Path

from jxc.errors import LedgerError
from jxc.fs.locks import holds_write_lock, read_lock, rename_lock, write_lock
from jxc.ledger.files import inside, rel

INTENT_FILE = ".jxc-intent.json"
TMP_SUFFIX = ".jxc-tmp"
# Temporary files of jxc before transactions: '.NAME.' + 8 characters of mkstemp + '.tmp'.
_OLD_TMP = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp\Z")


# ---------------------------------------------------------------------------
# Locks

@contextlib.contextmanager
def ledger_lock(root: Path, wait: float | None = None):
    """The write lock of the ledger at ``root``, held while re-reading, validating and writing.

    On entry it finishes a write interrupted by a kill (:func:`finish_interrupted`) and
    deletes the temporary files such writes leave (:func:`remove_leftovers`), so the
    writer starts from a whole ledger.  ``wait``: seconds to wait for another writer
    (default 30; a notice on stderr after 1 s); then a LedgerError, nothing written.
    """
    with write_lock(root, wait):
        finish_interrupted(root, wait)
        remove_leftovers(root)
        yield


@contextlib.contextmanager
def consistent_read(root: Path, wait: float | None = None):
    """Hold while reading journal files: no write is half-applied meanwhile.

    A reader takes the shared rename lock; when it finds the intent of a writer that
    was killed, it lets go, finishes that write as a writer would (under the write
    lock) and starts again.  Inside a write lock of this process nothing is taken
    (only writers change files).  A read-only ledger with an intent in it cannot be
    read consistently: LedgerError telling to run jxc with write access.
    """
    if holds_write_lock(root):
        yield
        return
    while True:
        with read_lock(root, wait) as locked:
            if not (Path(root) / INTENT_FILE).exists():
                yield
                return
        if not locked or not os.access(root, os.W_OK):
            raise LedgerError("a write was interrupted here and must be finished before the ledger"
                              " can be read; run any jxc command with write access to it", INTENT_FILE)
        with ledger_lock(root, wait):
            pass


# ---------------------------------------------------------------------------
# Writing

def atomic_write(path: Path, text: str, root: Path | None = None) -> None:
    """Replace one file by ``text`` (see :func:`write_files`); ``root``: the ledger folder,
    whose readers then wait for the rename (without it, no rename lock is taken)."""
    write_files(root, {Path(path): text})


def atomic_write_bytes(path: Path, data: bytes, root: Path | None = None) -> None:
    """Replace one file by ``data`` as it is (an xlsx or Parquet file): see :func:`write_files`."""
    write_files(root, {Path(path): data})


def write_files(root: Path | None, texts: dict) -> dict:
    """Replace every file of ``texts`` ({path: text}) by its text, all or none; returns
    {path: the bytes written}.  A text given as ``bytes`` is written as it is (no line ends).

    Each file keeps its line ends (a CRLF file stays CRLF) and its permissions; only
    regular files or missing ones inside ``root`` are written (a link, a FIFO or a
    folder at a target is refused).  Errors: LedgerError naming the file, e.g. a
    full disk ("cannot write: No space left on device"); nothing is written then.
    A folder that cannot be fsynced after a rename is a warning, not a failure:
    the write is done.
    """
    staged: list = []
    written: dict = {}
    intent = None
    try:
        for path, text in texts.items():
            tmp, written[path] = stage_file(root, Path(path), text)
            staged.append((Path(path), tmp))
        lock = rename_lock(root) if root is not None else contextlib.nullcontext()
        with lock:
            if len(staged) > 1:
                intent = write_intent(root, staged)
            _apply(root, staged)
            if intent is not None:
                with contextlib.suppress(OSError):   # left over, the next writer finds nothing to do
                    os.unlink(intent)
                _sync_dir(Path(root))
    except BaseException as e:
        begun = intent is not None and intent.exists()
        if not begun:        # no intent on disk: the write did not happen
            for _, tmp in staged:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
        if isinstance(e, OSError):
            raise _write_error(root, e, begun) from None
        raise
    return written


def stage_file(root, path: Path, text: str | bytes) -> tuple[Path, bytes]:
    """Step 1 of a write: ``text`` written to a fresh temporary file beside ``path``
    (``.NAME.RANDOM.jxc-tmp``) and fsynced, with the line ends and permissions of the
    file it replaces: (its path, the bytes written).  LedgerError naming the file when
    it cannot be written (nothing is left behind then)."""
    name = rel(root, path) if root is not None else str(path)
    if root is not None and not inside(root, path.parent):
        raise LedgerError("refused: the folder is a link to outside the ledger", name)
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        st = None
    except OSError as e:
        raise LedgerError(f"cannot write: {e.strerror}", name) from None
    if st is not None and not stat.S_ISREG(st.st_mode):
        from jxc.ledger.files import file_kind
        raise LedgerError(f"refused: jxc writes only regular files, this is a {file_kind(st.st_mode)}",
                          name)
    data = text if isinstance(text, bytes) else \
        with_line_ends(text, line_end_of(path) if st is not None else "\n").encode("utf-8")
    tmp = path.parent / f".{path.name}.{secrets.token_hex(4)}{TMP_SUFFIX}"
    fd = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                     (st.st_mode & 0o777) if st is not None else 0o644)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
        if st is not None:
            with contextlib.suppress(OSError):  # umask may have narrowed the mode given to open
                os.chmod(tmp, st.st_mode & 0o777)
        os.close(fd)
    except BaseException as e:
        if fd is not None:
            with contextlib.suppress(OSError):
                os.close(fd)
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        if isinstance(e, OSError):
            raise LedgerError(f"cannot write: {e.strerror}; nothing was written", name) from None
        raise
    return tmp, data


def _write_error(root, e: OSError, begun: bool) -> LedgerError:
    """A LedgerError naming the file of an OSError met while renaming files into place."""
    name = e.filename if e.filename else "?"
    if root is not None and e.filename:
        name = rel(Path(root), Path(e.filename))
    if begun:
        return LedgerError(f"the write was interrupted ({e.strerror}); the next jxc command"
                           " finishes it", name)
    return LedgerError(f"cannot write: {e.strerror}; nothing was written", name)


def line_end_of(path: Path) -> str:
    """'\\r\\n' when the file's first line ends so, else '\\n' (each file keeps its line ends)."""
    try:
        with open(path, "rb") as f:
            head = f.read(1 << 16)
    except OSError:
        return "\n"
    i = head.find(b"\n")
    return "\r\n" if i > 0 and head[i - 1:i] == b"\r" else "\n"


def with_line_ends(text: str, end: str) -> str:
    """``text`` (lines ending in '\\n') with every line ending in ``end``."""
    if end == "\n":
        return text
    return text.replace("\r\n", "\n").replace("\n", end)


def _apply(root, staged: list) -> None:
    """Rename each temporary file over its target, then fsync the folders touched."""
    for path, tmp in staged:
        try:
            os.replace(tmp, path)
        except OSError as e:      # name the file the user knows, not the temporary one
            raise OSError(e.errno, e.strerror, str(path)) from None
    for folder in sorted({p.parent for p, _ in staged}):
        _sync_dir(folder)


def _sync_dir(folder: Path) -> None:
    """fsync a folder so its renames survive a power cut; a failure only warns, for the
    rename has happened and the file holds the new text (reporting it as failed would
    make a user write the entry twice)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return       # Windows cannot open a folder; its renames are durable on their own
    try:
        os.fsync(fd)
    except OSError as e:
        print(f"jxc: warning: {folder}: the folder could not be synced ({e.strerror}); the write"
              " is done, but a power cut now could undo it", file=sys.stderr)
    finally:
        os.close(fd)


# ---------------------------------------------------------------------------
# The intent of a multi-file write, and what the next jxc does with it

def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_intent(root: Path, staged: list) -> Path:
    """Step 2 of a write of several files: the list of renames [(target, temporary file)],
    each with its sha256, written whole (temporary file + rename) to ``.jxc-intent.json``;
    returns its path.  From here on the write happens in full, whoever finishes it."""
    root = Path(root)
    renames = []
    for path, tmp in staged:
        renames.append({"tmp": rel(root, tmp), "target": rel(root, path),
                        "sha256": _digest(tmp.read_bytes())})
    text = json.dumps({"jxc_intent": 1, "renames": renames}, indent=1) + "\n"
    target = root / INTENT_FILE
    tmp, _ = stage_file(root, target, text)
    os.replace(tmp, target)
    _sync_dir(root)
    return target


def finish_interrupted(root: Path, wait: float | None = None) -> bool:
    """Finish the multi-file write whose intent a killed jxc left; True when there was one.

    Called under the write lock.  Every temporary file named in the intent is
    renamed over its target unless it is gone already (renamed before the kill);
    a temporary file whose checksum differs from the intent's, or an intent that
    names files outside the ledger, is a LedgerError (nothing is touched).
    """
    root = Path(root)
    path = root / INTENT_FILE
    if not path.exists() and not path.is_symlink():
        return False
    renames = _read_intent(root, path)
    with rename_lock(root, wait):
        staged = []
        for tmp, target, digest in renames:
            try:
                data = tmp.read_bytes()
            except FileNotFoundError:
                continue                  # renamed before the kill
            if _digest(data) != digest:
                raise LedgerError(f"{rel(root, tmp)} does not match the record of the interrupted"
                                  " write; inspect it, then delete the intent file", INTENT_FILE)
            staged.append((target, tmp))
        _apply(root, staged)
        os.unlink(path)
        _sync_dir(root)
    return True


def _read_intent(root: Path, path: Path) -> list:
    """[(tmp, target, sha256)] of an intent file, each path checked to be one jxc writes."""
    def bad(why: str) -> LedgerError:
        return LedgerError(f"not a record of an interrupted jxc write ({why}); inspect it and"
                           " delete it", INTENT_FILE)
    try:
        st = os.lstat(path)
        if not stat.S_ISREG(st.st_mode) or st.st_size > 1 << 20:
            raise bad("not a small regular file")
        data = json.loads(path.read_bytes().decode("utf-8"))
        items = data["renames"]
        out = []
        for it in items:
            tmp, target = root / it["tmp"], root / it["target"]
            if not (tmp.parent == target.parent and tmp.name.startswith(f".{target.name}.")
                    and tmp.name.endswith(TMP_SUFFIX) and inside(root, target.parent)
                    and ".." not in Path(it["target"]).parts and not Path(it["target"]).is_absolute()):
                raise bad(f"unexpected file names {it['tmp']!r:.60}")
            out.append((tmp, target, str(it["sha256"])))
        return out
    except LedgerError:
        raise
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise bad(type(e).__name__) from None


def remove_leftovers(root: Path) -> list:
    """Delete the temporary files killed writers left (in the ledger folder and under
    ``journal/``); called under the write lock, after any intent was finished.
    Returns the names removed."""
    root = Path(root)
    removed = []
    folders = [root]
    journal = root / "journal"
    if journal.is_dir() and not journal.is_symlink():
        folders += [Path(d) for d, _, _ in os.walk(journal)]
    for folder in folders:
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        for n in names:
            if n.startswith(".") and (n.endswith(TMP_SUFFIX) or _OLD_TMP.match(n)):
                p = folder / n
                if p.is_file() and not p.is_symlink():
                    with contextlib.suppress(OSError):
                        os.unlink(p)
                        removed.append(rel(root, p))
    return removed
