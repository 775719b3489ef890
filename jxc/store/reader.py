"""The journal read through the cache of parsed files: the same :func:`assemble`
as the plain path (:func:`jxc.ledger.journal.read_journal`), fed from the cache."""

from __future__ import annotations

from jxc.ledger.journal import Journal, assemble
from jxc.store import cache
from jxc.store.progress import ColdReadProgress, paused_gc


def load_journal(ledger, extra=None) -> Journal:
    """All entries of the ledger (plus ``extra`` candidate entries), sorted, ids checked.

    Files come from the cache of parsed files when they have not changed;
    ``Journal.file_keys`` says which bytes were read.  ``ledger.progress`` (an
    option of the ledger, see :func:`jxc.api.open_ledger`) turns on a progress bar
    for a long cold read; ``ledger.freeze_gc`` sets the read's objects apart from the
    cycle collector for a process that ends with its command.
    """
    from jxc.fs.transaction import consistent_read
    problems: list = []
    progress = ColdReadProgress() if ledger.progress else None
    # never half-way through another's write: all of its files or none of them
    with consistent_read(ledger.root, getattr(ledger, "lock_wait", None)), \
            paused_gc(ledger.freeze_gc):
        try:
            per_file, keys = cache.load_files(ledger, ledger.journal_files(), problems, progress)
        finally:
            if progress is not None:
                progress.close()
        return assemble(per_file, extra, problems, keys)
