"""Hypothesis strategies for text a user can type: the characters that break naive YAML
writers (line breaks of every kind, controls, quotes, comment and flow indicators)."""

from hypothesis import strategies as st

SPECIAL = ["\x85", "\u2028", "\u2029", "\x1c", "\x00", "\x7f", "\x9f", "\ufeff", "'", '"', "#",
           " #", ": ", "}\n--- {", ", ", "{", "[", "]", "-", "\t", " ", "\r\n", "\\", "&a", "*a",
           "!!python/object", "%", "@", "`", "|", ">", "null", "true", "yes", "1e5", "0x1F",
           "2026-11-24", "12", "1_000", "…", "龙井", "\U0001F375", "\ud800"]


def texts(min_size: int = 0, max_size: int = 6):
    """Text made of special pieces and random short strings."""
    return st.lists(st.one_of(st.sampled_from(SPECIAL), st.text(max_size=4)),
                    min_size=min_size, max_size=max_size).map("".join)
