"""Small ledgers with money for the money tests: accounts, terms, a credit limit."""

from conftest import CATALOG

MONEY_CATALOG = CATALOG.replace(
    "  hangzhou-tea: {name: Hangzhou Tea, lead_time_days: 5}\n",
    "  hangzhou-tea: {name: Hangzhou Tea, lead_time_days: 5, terms_days: 10}\n").replace(
    "  walk-in: {name: Walk-in customers}\n  cafe: {name: Corner Cafe}\n",
    "  walk-in: {name: Walk-in customers, terms: cash}\n"
    "  cafe: {name: Corner Cafe, terms_days: 30, credit_limit: 2000}\n  club: {name: Tea club}\n"
) + "accounts:\n  cash: {name: Cash}\n  bank: {name: Bank}\n"


def money_ledger(make_ledger, journal: str = "", tax: str | None = None, costing: str = "fifo"):
    """A ledger with MONEY_CATALOG, ``default_account: cash`` and optionally a ``tax:`` line."""
    lg = make_ledger(journal, costing=costing, catalog=MONEY_CATALOG)
    extra = "default_account: cash\n" + (f"tax: {tax}\n" if tax else "")
    with open(lg.root / "jxc.yaml", "a", encoding="utf-8") as f:
        f.write(extra)
    return lg


def random_history(draw, st, n_max: int = 25) -> str:
    """A random, valid journal of buys, sells (some paid at once), returns, payments and
    transfers between the money accounts, of one item, for the property tests (hypothesis ``draw``)."""
    import datetime as dt
    from decimal import Decimal
    lines = []
    stock = Decimal(0)
    docs = []          # [id, type, qty left to return]
    day = dt.date(2026, 11, 1)
    price = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("500"), places=2)
    for k in range(draw(st.integers(min_value=1, max_value=n_max))):
        op = draw(st.sampled_from(["buy", "sell", "sell", "pay", "return", "deposit"]))
        date = day + dt.timedelta(days=k)
        eid = f"e{k}"
        if op == "buy" or (op == "sell" and stock == 0):
            q = Decimal(draw(st.integers(min_value=1, max_value=20)))
            sup = draw(st.sampled_from(["hangzhou-tea", "fujian-tea"]))
            lines.append(f"--- {{id: {eid}, date: {date}, type: buy, from: {sup}, to: main,"
                         f" lines: [{{item: TEA-001, qty: {q}, price: {draw(price)}}}]}}")
            stock += q
            docs.append([eid, "buy", q])
        elif op == "sell":
            q = Decimal(draw(st.integers(min_value=1, max_value=int(stock))))
            p = draw(price)
            cust = draw(st.sampled_from(["cafe", "club"]))
            paid = ""
            if draw(st.booleans()):
                gross = (q * p).quantize(Decimal("0.01"))
                paid = f" paid: {(gross * draw(st.sampled_from([Decimal(0), Decimal('0.5'), Decimal(1)]))).quantize(Decimal('0.01'))}, account: bank,"
            lines.append(f"--- {{id: {eid}, date: {date}, type: sell, from: main, to: {cust},{paid}"
                         f" lines: [{{item: TEA-001, qty: {q}, price: {p}}}]}}")
            stock -= q
            docs.append([eid, "sell", q])
        elif op == "pay":
            who = draw(st.sampled_from(["cafe", "club", "hangzhou-tea", "fujian-tea"]))
            amount = draw(price)
            frm, to = (who, "bank") if who in ("cafe", "club") else ("cash", who)
            lines.append(f"--- {{id: {eid}, date: {date}, type: payment, from: {frm}, to: {to}, amount: {amount}}}")
        elif op == "deposit":
            # money between the shop's own accounts, either way
            frm, to = draw(st.sampled_from([("cash", "bank"), ("bank", "cash")]))
            lines.append(f"--- {{id: {eid}, date: {date}, type: payment, from: {frm}, to: {to}, amount: {draw(price)}}}")
        else:
            open_ = [d for d in docs if d[2] > 0 and (d[1] == "sell" or stock >= 1)]
            if not open_:
                continue
            d = draw(st.sampled_from(open_))
            limit = d[2] if d[1] == "sell" else min(d[2], stock)
            q = Decimal(draw(st.integers(min_value=1, max_value=int(limit))))
            lines.append(f"--- {{id: {eid}, date: {date}, type: return, of: {d[0]}, lines: [{{item: TEA-001, qty: {q}}}]}}")
            d[2] -= q
            stock += q if d[1] == "sell" else -q
    return "\n".join(lines) + "\n"
