"""Where the cache lives and why it is never believed blindly.

* **Outside the ledger.**  Cache files live in the user's cache directory
  (``platformdirs.user_cache_dir("jxc")``: ``~/.cache/jxc`` on Linux,
  ``~/Library/Caches/jxc`` on macOS, ``%LOCALAPPDATA%\\jxc\\Cache`` on Windows),
  or under ``$JXC_CACHE_DIR``, in a folder named by a hash of the ledger's real
  path.  Nothing is written into the ledger's directory, so a cache cannot be
  committed, shared on a drive or merged along with the journal.
* **Authenticated.**  Every cache file starts with an HMAC-SHA256 of its bytes
  under a per-user random key (``key`` in the cache directory, created 0600 in a
  0700 folder), bound to the ledger's real path and to the file's own name.  A
  file that was edited, planted, copied from another ledger or another user, or
  torn by a crash fails the check and is a miss: it is rebuilt from the journal.
* **Not code.**  Only after the check passes is the body unpickled, and then by
  an unpickler that knows only the handful of jxc classes a record is made of.
* **Of the right shape.**  A record that passes both checks but is not the
  shape this jxc stores (another build's) is a miss too
  (:mod:`jxc.store.shapes`).

A cache that cannot be used (no key can be made, a read-only disk) is simply
not used: reports are slower, never different.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import hmac
import io
import os
import pickle
import secrets
import stat
import tempfile
from pathlib import Path

KEY_FILE = "key"
KEY_BYTES = 32
MAC_BYTES = 32


def base_dir() -> Path:
    """The folder of every jxc cache of this user: ``$JXC_CACHE_DIR``, else the platform's
    user cache directory for ``jxc``."""
    given = os.environ.get("JXC_CACHE_DIR")
    if given:
        return Path(given)
    import platformdirs
    return Path(platformdirs.user_cache_dir("jxc", appauthor=False))


def ledger_id(root) -> str:
    """The name of a ledger's cache folder: a hash of its real path (symlinks resolved)."""
    return hashlib.sha256(os.path.realpath(root).encode("utf-8", "surrogateescape")).hexdigest()[:32]


def make_private_dir(path: Path) -> None:
    """Create ``path`` and its missing parents, each only for this user (0700)."""
    missing = []
    p = Path(path)
    while not p.exists() and p != p.parent:
        missing.append(p)
        p = p.parent
    for d in reversed(missing):
        d.mkdir(mode=0o700, exist_ok=True)


def _trusted(st) -> bool:
    """A key file only this user can read and write (where the platform says who owns it)."""
    if not stat.S_ISREG(st.st_mode):
        return False
    if hasattr(os, "getuid"):
        return st.st_uid == os.getuid() and st.st_mode & 0o077 == 0
    return True


def _read_key(path: Path) -> bytes | None:
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags)
    try:
        st = os.fstat(fd)
        data = os.read(fd, KEY_BYTES + 1)
    finally:
        os.close(fd)
    return data if _trusted(st) and len(data) == KEY_BYTES else None


@functools.lru_cache(maxsize=8)
def _key_at(base: str) -> bytes | None:
    """The per-user key under ``base``, made on first use; None when none can be had.

    A key file that is not this user's alone (wrong owner, readable by others, not
    a regular file, wrong length) is replaced by a new key, which makes every
    record sealed with the old one a miss.
    """
    path = Path(base) / KEY_FILE
    try:
        key = _read_key(path)
        if key is not None:
            return key
    except FileNotFoundError:
        pass
    except OSError:
        return None
    try:
        make_private_dir(Path(base))
        fd, tmp = tempfile.mkstemp(prefix=".key.", dir=base)   # mkstemp creates it 0600
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(secrets.token_bytes(KEY_BYTES))
            try:
                os.link(tmp, path)             # two processes racing: the first key wins
            except FileExistsError:
                if _read_key(path) is None:    # an untrusted file is there: replace it
                    os.replace(tmp, path)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        return _read_key(path)
    except OSError:
        return None


def forget_keys() -> None:
    """Read the key file again on next use: keys are read once per process, so a key file
    deleted or replaced meanwhile (by ``jxc cache clear`` or another jxc) is seen."""
    _key_at.cache_clear()


def user_key() -> bytes | None:
    """This user's cache key (32 random bytes), or None when the cache cannot be used."""
    return _key_at(str(base_dir()))


def _mac(key: bytes, root, name: str, body: bytes) -> bytes:
    h = hmac.new(key, digestmod=hashlib.sha256)
    h.update(b"jxc-cache\0" + os.path.realpath(root).encode("utf-8", "surrogateescape") + b"\0")
    h.update(name.encode("utf-8") + b"\0")
    h.update(body)
    return h.digest()


def seal(root, name: str, body: bytes) -> bytes | None:
    """``body`` with its MAC in front, for the cache file ``name`` of the ledger at ``root``."""
    key = user_key()
    if key is None:
        return None
    return _mac(key, root, name, body) + body


def unseal(root, name: str, data: bytes) -> bytes | None:
    """The body of a sealed cache file, or None when its MAC does not check out."""
    key = user_key()
    if key is None or len(data) < MAC_BYTES:
        return None
    mac, body = data[:MAC_BYTES], data[MAC_BYTES:]
    if not hmac.compare_digest(mac, _mac(key, root, name, body)):
        return None
    return body


# ---------------------------------------------------------------------------
# The body: a pickle restricted to jxc's record classes

_ALLOWED = {
    ("jxc.store.sealed", "_make_entry"), ("jxc.store.sealed", "_make_line"),
    ("jxc.errors", "Problem"), ("decimal", "Decimal"), ("datetime", "date"),
    ("copyreg", "_reconstructor"), ("copyreg", "__newobj__"), ("builtins", "object"),
    ("array", "_array_reconstructor"), ("array", "array"),
    ("jxc.ledger.catalog", "Catalog"), ("jxc.ledger.catalog", "Item"), ("jxc.ledger.catalog", "Party"),
    ("jxc.ledger.catalog", "Settings"), ("jxc.ledger.catalog", "TaxSettings"), ("jxc.ledger.lock", "Lock"),
    ("jxc.ledger.orders", "OrderBook"), ("jxc.ledger.orders", "Order"), ("jxc.ledger.orders", "OrderLine"),
    ("jxc.ledger.money", "Settlement"), ("jxc.ledger.money", "Payment"),
    ("jxc.ledger.money", "Transfer"), ("jxc.ledger.tax", "TaxSplit"),
}


class _SafeUnpickler(pickle.Unpickler):
    def find_class(self, module, name):
        if (module, name) not in _ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a jxc cache")
        if module == __name__ and name.startswith("_make_"):
            _dispatch()
        return super().find_class(module, name)


def loads(data: bytes):
    """A body read back (only jxc's record classes can be built)."""
    return _SafeUnpickler(io.BytesIO(data)).load()


def _maker(cls, name: str):
    """A function that builds a ``cls`` record (a NamedTuple) from its values, in field order.

    Pickle's default for a NamedTuple calls its keyword constructor with every field:
    building the tuple at once is three times faster to read back.  A tuple of the
    wrong length is refused (the cache is authenticated; this is a shape check).
    """
    n = len(cls._fields)
    new = tuple.__new__

    def make(*values):
        if len(values) != n:
            raise pickle.UnpicklingError(f"not a {cls.__name__} record")
        return new(cls, values)

    make.__name__ = make.__qualname__ = name
    make.__module__ = __name__
    return make


_make_entry = _make_line = None


@functools.lru_cache(maxsize=1)
def _dispatch() -> dict:
    """How Entry and Line are pickled: as calls of their makers (built once per process)."""
    from jxc.ledger.entries import Entry, Line
    global _make_entry, _make_line
    _make_entry = _maker(Entry, "_make_entry")
    _make_line = _maker(Line, "_make_line")
    return {Entry: lambda e: (_make_entry, tuple(e)),
            Line: lambda ln: (_make_line, tuple(ln))}


def dumps(obj) -> bytes:
    """The body of a record."""
    f = io.BytesIO()
    p = pickle.Pickler(f, protocol=pickle.HIGHEST_PROTOCOL)
    p.dispatch_table = _dispatch()
    p.dump(obj)
    return f.getvalue()


def split(data: bytes):
    """A body of two pickles back to back (a key, then a payload): (key, payload bytes)."""
    f = io.BytesIO(data)
    head = _SafeUnpickler(f).load()
    return head, data[f.tell():]


# ---------------------------------------------------------------------------
# A ledger's cache folder

class Folder:
    """The cache folder of one ledger: sealed files under ``path``, bound to ``ledger_root``.

    A file's name inside the folder (``replay.pkl``, ``files/<hash>.pkl``) is part
    of what its MAC covers, so a record moved to another name is a miss too.
    """

    def __init__(self, ledger_root, path: Path):
        self.ledger_root = ledger_root
        self.path = Path(path)

    def read_body(self, name: str) -> bytes | None:
        """The authenticated body of the file ``name``, or None (missing, torn, not authentic)."""
        try:
            data = (self.path / name).read_bytes()
        except OSError:
            return None
        return unseal(self.ledger_root, name, data)

    def read(self, name: str, shape):
        """The record ``name`` when it is authentic and ``shape(record)`` holds, else None.

        A missing, torn, foreign, edited or planted file, or one of another shape,
        is a miss, never an error.
        """
        body = self.read_body(name)
        if body is None:
            return None
        try:
            rec = loads(body)
        except Exception:   # an authentic body this jxc cannot read (another build): a miss
            return None
        try:
            return rec if shape(rec) else None
        except Exception:   # a shape check that trips over a foreign value: a miss
            return None

    def write(self, name: str, body: bytes) -> None:
        """Seal and write ``body`` now, or when the enclosing :func:`deferred_writes` succeeds."""
        if _pending is not None:
            _pending.append((self, name, body))
        else:
            self.write_now(name, body)

    def write_now(self, name: str, body: bytes) -> None:
        """Seal ``body`` and write it atomically (a temporary file renamed into place); a
        cache that cannot be written (read-only, full disk, no key) is not written."""
        data = seal(self.ledger_root, name, body)
        if data is None:
            return
        path = self.path / name
        try:
            make_private_dir(path.parent)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        except OSError:
            return
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, path)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


# Cache writes held back by the innermost :func:`deferred_writes` block (None: write at once).
# Only this module's own context manager sets it.
_pending: list | None = None


@contextlib.contextmanager
def deferred_writes():
    """Hold back cache writes until the block succeeds: a refused write command leaves
    everything byte for byte as it was, cache included."""
    global _pending
    outer = _pending
    if outer is None:
        _pending = []
    ok = False
    try:
        yield
        ok = True
    finally:
        if outer is None:
            held, _pending = _pending, None
            if ok:
                for folder, name, body in held:
                    folder.write_now(name, body)


def holding_writes() -> bool:
    """Inside a :func:`deferred_writes` block?"""
    return _pending is not None
