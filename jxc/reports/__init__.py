"""Reports: pure functions from a replayed ledger to rows (see render.py for output)."""
