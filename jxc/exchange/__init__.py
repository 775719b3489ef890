"""Exchange with other tools: spreadsheets in (``imports``), Excel out (``xlsx``),
Parquet out (``parquet``) and SQL over it (``sql``).

Heavy libraries are optional extras; :func:`need` imports one or stops with a
one-line message naming the extra that provides it.
"""

from __future__ import annotations

import importlib

from jxc.errors import LedgerError


def need(module: str, extra: str):
    """``import module``, or a LedgerError saying which extra installs it.

    ``extra`` is the name in ``pip install 'jxc[EXTRA]'`` (xlsx, parquet, sql, catalog).
    """
    try:
        return importlib.import_module(module)
    except ImportError:
        raise LedgerError(f"this needs {module.split('.')[0]}: pip install 'jxc[{extra}]'") from None
