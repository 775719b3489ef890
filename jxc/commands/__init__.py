"""Command groups split out of jxc.cli as it grows."""
