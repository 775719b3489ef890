"""The charts' script (Vega, Vega-Lite, vega-embed), served by jxc itself.

It comes from the installed vl-convert package (:func:`jxc.reports.vega.javascript`),
which takes a few seconds of CPU to assemble it (holding the interpreter meanwhile), so
it is assembled once per vl-convert version and kept in the user's cache directory —
sealed like every jxc cache file (:mod:`jxc.store.sealed`): a planted or edited copy
fails its MAC and is rebuilt, never sent to a browser.  A cache that cannot be used only
costs the seconds again.
"""

from __future__ import annotations

import os
import tempfile
import threading

_LOCK = threading.Lock()


def _cache_name() -> str:
    from importlib.metadata import PackageNotFoundError, version
    try:
        v = version("vl-convert-python")
    except PackageNotFoundError:
        v = "unknown"
    return f"vega-bundle-{v}.js"


def chart_script() -> bytes:
    """The script bytes, from the sealed cache when it checks out, else built and stored."""
    from jxc.reports.vega import javascript
    from jxc.store import sealed
    with _LOCK:
        base = sealed.base_dir()
        folder = base / "web"
        name = _cache_name()
        path = folder / name
        try:
            body = sealed.unseal(base, name, path.read_bytes())
        except OSError:
            body = None
        if body is not None:
            return body
        body = javascript().encode("utf-8")
        data = sealed.seal(base, name, body)
        if data is not None:
            try:
                sealed.make_private_dir(folder)
                fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
                with os.fdopen(fd, "wb") as f:
                    f.write(data)
                os.replace(tmp, path)
            except OSError:
                pass        # no cache: the next start builds it again
        return body
