"""The ledger's records: moves are immutable, returns never edit the move they reverse,
accounts are read by their parts, never sliced by position."""

import pytest

from jxc.ledger.accounts import (COUNT_ADJUST, CUSTOMER, OPENING, SUPPLIER, Account, account_name, account_of,
                                 is_kind, is_location, kind_of, location_account, loss_account, split_account)


def test_a_return_leaves_the_move_it_reverses_as_it_was(make_ledger):
    """s1 sells 5 TEA-001; r1 returns 2 and r2 the other 3.  The sale's move is the same record
    before and after (a NamedTuple: no field can be set); what was returned of it is the
    replay's tally: 5 of 5.  A third return is refused: nothing is left."""
    import jxc
    lg = make_ledger("""\
        ---
        {id: b1, date: 2026-11-01, type: buy, from: hangzhou-tea, lines: [{item: TEA-001, qty: 5, price: 40.00}]}
        ---
        {id: s1, date: 2026-11-02, type: sell, to: walk-in, lines: [{item: TEA-001, qty: 5, price: 88.00}]}
        ---
        {id: r1, date: 2026-11-03, type: return, of: s1, lines: [{item: TEA-001, qty: 2}]}
        ---
        {id: r2, date: 2026-11-04, type: return, of: s1, lines: [{item: TEA-001, qty: 3}]}
        """)
    r = jxc.open_ledger(lg.root).replayed()
    sale = next(m for m in r.moves if m.entry.id == "s1")
    assert (sale.qty, sale.amount, sale.origin) == (5, 44000, None)
    with pytest.raises(AttributeError):
        sale.qty = 3
    assert r.returned_qty(sale) == 5
    backs = [m for m in r.moves if m.origin is sale]
    assert [(m.qty, m.amount) for m in backs] == [(2, 17600), (3, 26400)]
    bad = lg.run("return", "s1", "TEA-001", "1", "--date", "2026-11-05")
    assert bad.exit_code == 1 and "more than sell 's1' moved less what was already returned" in bad.stderr


def test_accounts_by_their_parts():
    """Kinds have different lengths (loss: 5 characters, location: 9): the name is what
    follows the first colon, whatever the kind."""
    assert Account.parse("location:main") == Account("location", "main")
    assert Account.parse("loss:damaged").name == "damaged"
    assert str(Account("customer", "cafe")) == "customer:cafe"
    assert account_name("adjust:count") == "count" and account_name(None) == ""
    assert is_location("location:shop") and not is_location("loss:shop") and not is_location(None)
    assert location_account("rack1") == "location:rack1"
    assert account_of(CUSTOMER, "cafe") == "customer:cafe" and loss_account("damaged") == "loss:damaged"
    assert (OPENING, COUNT_ADJUST) == ("equity:opening", "adjust:count")
    assert kind_of("supplier:hz") == "supplier" and kind_of(None) == ""
    assert is_kind("supplier:hz", SUPPLIER) and not is_kind("customer:hz", SUPPLIER) and not is_kind(None, SUPPLIER)
    # a name as typed: a kind only when it says one ("a:b" names kind a, name b)
    assert split_account("customer:cafe") == ("customer", "cafe") and split_account("cafe") == (None, "cafe")


def test_entries_and_lines_are_immutable_records(make_ledger):
    """An entry and its lines, as any reader gives them (the strict reader on the first read, the
    cache on the second), refuse assignment; ``_replace`` gives a new record and leaves the old.
    b1 buys 3 TEA-001 at 40.00: amount 3 × 40.00 = 120.00 = 12000 cents, base_qty 3."""
    import jxc
    lg = make_ledger("""\
        --- {id: b1, date: 2026-11-01, type: buy, from: hangzhou-tea, lines: [{item: TEA-001, qty: 3, price: 40.00}]}
        """)
    for _ in range(2):   # cold, then from the cache's records
        e = jxc.open_ledger(lg.root).replayed().entries[0]
        ln = e.lines[0]
        assert (e.id, e.file, ln.amount, ln.base_qty) == ("b1", "journal/2026/2026-11.yaml", 12000, 3)
        for record, field in ((e, "line"), (e, "file"), (ln, "line"), (ln, "amount"), (ln, "tax")):
            with pytest.raises(AttributeError):
                setattr(record, field, None)
        moved = e._replace(file="journal/2026/2026-12.yaml")
        assert (moved.file, e.file, moved.lines is e.lines) == ("journal/2026/2026-12.yaml",
                                                                  "journal/2026/2026-11.yaml", True)


def test_a_cache_record_of_the_wrong_shape_is_refused():
    """The cache builds an entry from exactly as many values as an entry has fields (18): a
    body that calls the entry maker with 17 is refused (a cache miss), never a short record."""
    import pickle
    from jxc.ledger.entries import Entry
    from jxc.store import sealed
    e = Entry(id="b1", date=None, type="buy")
    assert sealed.loads(sealed.dumps([e])) == [e] and len(Entry._fields) == 18
    short = b"cjxc.store.sealed\n_make_entry\n(" + b"N" * 17 + b"tR."   # _make_entry(None × 17)
    with pytest.raises(pickle.UnpicklingError):
        sealed.loads(short)
    assert sealed.loads(short.replace(b"N" * 17, b"N" * 18)) == Entry(*[None] * 18)
