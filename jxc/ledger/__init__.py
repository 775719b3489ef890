"""The ledger: files on disk, entries, replay and costing.

Data flows one way: files → entries → moves → valued moves; see DESIGN.md.
Start with :func:`jxc.ledger.files.open_ledger`.
"""
