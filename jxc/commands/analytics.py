"""Analytics and replenishment commands (turnover, sales, purchases, abc, slow, reorder, chart)."""

from jxc.cli import app  # noqa: F401  (commands register themselves on the shared app)
