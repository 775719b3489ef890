"""Files below every room: the ledger's locks and the all-or-none write.

:mod:`jxc.fs.locks` (the write lock, the shared read lock, the rename lock) and
:mod:`jxc.fs.transaction` (atomic multi-file writes, finishing a write a killed jxc
left, and :func:`~jxc.fs.transaction.consistent_read`).  The store reads under
these locks and the write room writes under them; nothing here imports either.
"""
