def test_buy_then_stock(make_ledger):
    lg = make_ledger()
    lg.ok("buy", "TEA-001", "100@52.00", "--from", "hangzhou-tea", "--date", "2026-11-01")
    assert lg.json("stock") == [{"item": "TEA-001", "location": "main", "qty": 100, "unit": "box"}]
    r = lg.run("sell", "TEA-001", "101", "--to", "walk-in", "--date", "2026-11-02")
    assert r.exit_code == 1 and "below zero" in r.stderr, r
