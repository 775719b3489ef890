"""Shell completion of values from the ledger: SKUs and barcodes, partners, locations, order ids.

Commands and options complete through typer's own machinery (``jxc --install-completion``
for bash, zsh and fish).  The values come from here: each parameter is given a completer
by its name when the root command looks the command up (:func:`dress`), so the command
modules stay free of completion code.  A completer never fails: a missing or broken
ledger completes nothing (a half-typed command line is not the place for an error).
"""

from __future__ import annotations

import re

from jxc.cli.params import on_help_option

# Parameter names of the command modules -> what their values are.
ITEM_PARAMS = ("items", "item", "lines", "tokens")
PLACE_OPTIONS = {"--from": ("suppliers", "locations"), "--to": ("customers", "locations"),
                 "--at": ("locations",)}
ORDER_PARAMS = ("order_id",)
PARTY_PARAMS = {"customer": ("customers",), "supplier": ("suppliers",)}
_ORDER_LINE = re.compile(r"\{id: ['\"]?([^,'\"]+)['\"]?, date: [^,]+, type: (?:po|so)\b")


def _catalog(ctx):
    """The catalog of the ledger named on the line so far (or found from the cwd), or None."""
    try:
        from jxc.ledger.files import Ledger, find_ledger
        root = ctx.find_root()
        return Ledger(find_ledger(root.params.get("ledger_path"))).catalog
    except Exception:   # completion must never raise into the shell
        return None


def items(ctx, param, incomplete: str) -> list[str]:
    """SKUs and barcodes that start with what is typed."""
    cat = _catalog(ctx)
    if cat is None:
        return []
    names = list(cat.items) + list(cat.barcodes)
    return sorted(n for n in names if n.startswith(incomplete))


def places(sections):
    """A completer of names from the given catalog sections (suppliers, customers, locations)."""
    def complete(ctx, param, incomplete: str) -> list[str]:
        cat = _catalog(ctx)
        if cat is None:
            return []
        names = {n for s in sections for n in getattr(cat, s)}
        return sorted(n for n in names if n.startswith(incomplete))
    return complete


def order_ids(ctx, param, incomplete: str) -> list[str]:
    """Ids of the po and so entries of the journal (read as text: no replay for a keystroke)."""
    try:
        from jxc.ledger.files import Ledger, find_ledger
        lg = Ledger(find_ledger(ctx.find_root().params.get("ledger_path")))
        found = set()
        for path in lg.journal_files():
            found.update(_ORDER_LINE.findall(path.read_text(encoding="utf-8")))
    except Exception:
        return []
    return sorted(i for i in found if i.startswith(incomplete))


def _no_type_shown(opt) -> None:
    opt.display_type_rich = lambda ctx: None


def dress(cmd) -> None:
    """Give each parameter of ``cmd`` its completer, by name; flags lose their ``<bool>`` in help."""
    on_help_option(cmd, "_jxc_dressed", _no_type_shown)
    for p in getattr(cmd, "params", ()):
        if getattr(p, "is_flag", False):
            # help shows `--dry-run`, not `--dry-run <bool>`: a flag takes no value to describe
            p.display_type_rich = lambda ctx: None
            continue
        if getattr(p, "_custom_shell_complete", None) is not None:
            continue
        if p.name in ITEM_PARAMS:
            p._custom_shell_complete = items
        elif p.name in ORDER_PARAMS:
            p._custom_shell_complete = order_ids
        elif p.name in PARTY_PARAMS:
            p._custom_shell_complete = places(PARTY_PARAMS[p.name])
        else:
            opts = getattr(p, "opts", ())
            for o in opts:
                if o in PLACE_OPTIONS:
                    p._custom_shell_complete = places(PLACE_OPTIONS[o])
                    break
