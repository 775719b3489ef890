"""jxc — a command-line stock ledger (进销存) kept in plain text.

The command line and the web app are thin layers over one Python API,
:mod:`jxc.api` (see ``docs/api.md``)::

    import jxc
    lg = jxc.open_ledger("examples/teashop")
    for row in lg.stock().records():
        print(row["item"], row["location"], row["qty"])
"""

__version__ = "0.1.0"


def __getattr__(name):
    # Imported on first use: `jxc --version` and the CLI's start-up need none of it.
    if name in ("open_ledger", "Ledger"):
        from jxc import api
        return getattr(api, name)
    raise AttributeError(f"module 'jxc' has no attribute {name!r}")
