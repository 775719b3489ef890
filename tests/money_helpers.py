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
