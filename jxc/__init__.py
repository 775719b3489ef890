"""jxc — a command-line stock ledger (进销存) kept in plain text.

The library is usable from Python; the CLI in :mod:`jxc.cli` is a thin layer over it::

    from jxc.ledger import open_ledger
    ledger = open_ledger("examples/teashop")
    state = ledger.replay()
"""

__version__ = "0.1.0"
