"""The ledger: files on disk, entries, replay and costing.

Data flows one way: files → entries → moves → valued moves; see DESIGN.md.
The front door over it is :func:`jxc.api.open_ledger`.
"""
