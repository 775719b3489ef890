"""Hypothesis properties of the ledger: double entry, an independent stock model, failed writes."""

from decimal import Decimal

from hypothesis import HealthCheck, given, settings, strategies as st

from jxc.ledger.catalog import Settings, read_catalog
from jxc.ledger.journal import Journal, parse_text
from jxc.ledger.replay import replay

from conftest import CATALOG

CAT = read_catalog(CATALOG, "catalog.yaml")
ITEMS = ["TEA-001", "TEA-002", "CUP-01"]
LOCS = ["main", "shop"]
qty = st.decimals(min_value=Decimal("0.1"), max_value=Decimal(50), places=1)
price = st.decimals(min_value=Decimal(0), max_value=Decimal(200), places=2)


@st.composite
def histories(draw):
    """Random entries (as YAML) over 30 days, with the stock a simple model expects."""
    docs, stock = [], {}
    moved = {}  # id -> {item: qty} of buys/sells, for returns
    n = draw(st.integers(1, 25))
    for k in range(n):
        day = 1 + k  # one entry a day keeps the model's order equal to journal order
        kind = draw(st.sampled_from(["buy", "sell", "transfer", "writeoff", "count", "return", "move"]))
        item = draw(st.sampled_from(ITEMS))
        loc = draw(st.sampled_from(LOCS))
        q = draw(qty)
        eid = f"e{k}"
        head = f"--- {{id: {eid}, date: 2026-11-{day:02d}, "
        if kind == "buy":
            docs.append(head + f"type: buy, from: fujian-tea, to: {loc}, lines: [{{item: {item}, qty: {q}, price: {draw(price)}}}]}}")
            stock[(loc, item)] = stock.get((loc, item), 0) + q
            moved[eid] = ("buy", loc, item, q)
        elif kind == "sell":
            docs.append(head + f"type: sell, from: {loc}, to: cafe, lines: [{{item: {item}, qty: {q}, price: {draw(price)}}}]}}")
            stock[(loc, item)] = stock.get((loc, item), 0) - q
            moved[eid] = ("sell", loc, item, q)
        elif kind == "transfer":
            other = "shop" if loc == "main" else "main"
            docs.append(head + f"type: transfer, from: {loc}, to: {other}, lines: [{{item: {item}, qty: {q}}}]}}")
            stock[(loc, item)] = stock.get((loc, item), 0) - q
            stock[(other, item)] = stock.get((other, item), 0) + q
        elif kind == "writeoff":
            docs.append(head + f"type: writeoff, from: {loc}, lines: [{{item: {item}, qty: {q}}}]}}")
            stock[(loc, item)] = stock.get((loc, item), 0) - q
        elif kind == "count":
            docs.append(head + f"type: count, at: {loc}, lines: [{{item: {item}, counted: {q}, price: 1}}]}}")
            stock[(loc, item)] = q
        elif kind == "return" and moved:
            of = draw(st.sampled_from(sorted(moved)))
            t, oloc, oitem, oq = moved.pop(of)
            docs.append(head + f"type: return, of: {of}, lines: [{{item: {oitem}, qty: {oq}}}]}}")
            stock[(oloc, oitem)] = stock.get((oloc, oitem), 0) + (oq if t == "sell" else -oq)
        elif kind == "move":
            docs.append(head + f"type: move, from: equity:gift, to: {loc}, lines: [{{item: {item}, qty: {q}, price: 2}}]}}")
            stock[(loc, item)] = stock.get((loc, item), 0) + q
    return "\n".join(docs) + "\n", stock


@settings(max_examples=300, deadline=None)
@given(histories())
def test_double_entry_and_stock_match_an_independent_model(history):
    text, model = history
    problems = []
    entries = parse_text(text, "j.yaml", CAT, Settings(negative_stock="allow"), problems)
    assert problems == []
    j = Journal(entries=entries, by_id={e.id: e for e in entries})
    r = replay(j, CAT, Settings(negative_stock="allow"))
    assert r.problems == []
    # every move posts qty out of one account and into another: each item sums to zero
    per_item = {}
    for (acc, item), q in r.balances.items():
        per_item[item] = per_item.get(item, 0) + q
    assert all(v == 0 for v in per_item.values())
    # and the locations hold what the simple model says
    got = {(acc[9:], item): q for (acc, item), q in r.balances.items() if acc.startswith("location:")}
    for key in set(got) | set(model):
        assert got.get(key, 0) == model.get(key, 0), key


requests = st.sampled_from([
    ["sell", "TEA-001", "1000", "--to", "cafe"],                        # more than is in stock
    ["sell", "TEA-01", "1", "--to", "cafe"],                            # unknown item
    ["buy", "TEA-001", "-3@5", "--from", "fujian-tea"],                 # negative quantity
    ["buy", "TEA-001", "3@5", "--from", "fujian-tea", "--date", "2026-02-30"],
    ["transfer", "TEA-001", "1000", "--from", "main", "--to", "shop"],
    ["writeoff", "TEA-002", "1000"],
    ["count", "CUP-01", "5"],                                           # surplus with no cost known
    ["return", "e0", "TEA-001", "1000"],
    ["add", "-"],
])
bad_yaml = st.sampled_from([
    "--- {id: z1, date: 2026-11-30, type: sell, to: cafe, lines: [{item: TEA-001, qty: 1}\n",
    "--- {id: e0, date: 2026-11-30, type: buy, from: fujian-tea, lines: [{item: TEA-001, qty: 1, price: 1}]}\n",
    "--- {id: z2, date: 2026-11-30, type: buy, from: fujian-tea, lines: [{item: TEA-001, qty: 1, price: 1}]}\n"
    "--- {id: z3, date: 2026-11-30, type: sell, to: cafe, lines: [{item: TEA-002, qty: 999}]}\n",
    "--- !!python/object:os.system {}\n",
])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(request=requests, stdin=bad_yaml, n=st.integers(1, 4))
def test_a_failed_write_changes_no_byte(make_ledger, request, stdin, n):
    lg = make_ledger()
    lg.ok("add", "-", input="".join(
        f"--- {{id: e{k}, date: 2026-11-{k + 1:02d}, type: buy, from: fujian-tea, to: main,"
        f" lines: [{{item: TEA-001, qty: {k + 1}, price: 50}}, {{item: TEA-002, qty: 2, price: 30}}]}}\n"
        for k in range(n)))
    before = lg.snapshot()
    r = lg.run(*request, input=stdin)
    assert r.exit_code == 1, r
    assert len(r.stderr.splitlines()) >= 1 and "Traceback" not in r.stderr
    assert lg.snapshot() == before
