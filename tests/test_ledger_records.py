"""The ledger's records: moves are immutable, returns never edit the move they reverse,
accounts are read by their parts, never sliced by position."""

import pytest

from jxc.ledger.accounts import Account, account_name, is_location, location_account


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
