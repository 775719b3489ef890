"""Speed: the parse cache, the canonical fast reader, replay and costing records.

This room wraps the rules of :mod:`jxc.ledger` from outside and calls their own
functions; nothing in :mod:`jxc.ledger` imports it.
"""
