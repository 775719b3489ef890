"""A progress bar for long cold reads, and the collector paused while a big read builds objects."""

from __future__ import annotations

import contextlib
import sys
import time


class ColdReadProgress:
    """A rich progress bar on stderr, shown only once a read has taken more than ``delay`` seconds."""

    def __init__(self, delay: float = 1.0, label: str = "reading journal"):
        self.start = time.monotonic()
        self.delay = delay
        self.label = label
        self.bar = None
        self.task = None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            if time.monotonic() - self.start < self.delay or done >= total:
                return
            from rich.console import Console
            from rich.progress import (BarColumn, DownloadColumn, Progress, TextColumn,
                                       TimeRemainingColumn)
            self.bar = Progress(TextColumn("{task.description}"), BarColumn(), DownloadColumn(),
                                TimeRemainingColumn(), console=Console(file=sys.stderr),
                                transient=True)
            self.bar.start()
            self.task = self.bar.add_task(self.label, total=total)
        self.bar.update(self.task, completed=done, total=total)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None


@contextlib.contextmanager
def paused_gc(freeze: bool = False):
    """Pause the cycle collector while building millions of acyclic objects.

    Entries, lines and moves hold no reference cycles, but each allocation counts
    towards a collection that walks every live object: left on, the collector
    alone triples the time to read a large journal.
    """
    import gc
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            # A command's millions of objects live until it exits: set them apart, or
            # every later collection walks them all (5 s of a 6 s report at 1M entries).
            gc.freeze()
        if was:
            gc.enable()
