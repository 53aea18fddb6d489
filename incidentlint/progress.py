"""A progress bar on stderr for long runs, shown only where a person is watching a terminal."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:  # rich (~30 ms to import) only when a bar is actually shown
    from rich.console import Console

#: Below this many files a run finishes before a bar would tell anyone anything.
THRESHOLD = 200


def is_terminal(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty()) if isatty is not None else False
    except ValueError:  # a closed stream
        return False


def wanted(files: int, stderr: TextIO, *, quiet: bool, machine_stdout: bool) -> bool:
    """A bar only for more than :data:`THRESHOLD` files, on a terminal, when not quiet, and never when stdout
    carries a machine format (whoever reads it is a program, and the bar's redraws would clutter its log)."""
    return files > THRESHOLD and not quiet and not machine_stdout and is_terminal(stderr)


@contextmanager
def bar(total: int, console: Console | None) -> Iterator[Callable[[], None]]:
    """Yield ``advance()``, to call once per file. With no console, it does nothing. The bar is transient:
    it disappears when the run ends, leaving the report alone on screen."""
    if console is None:
        yield lambda: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("checking records"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("lint", total=total)
        yield lambda: progress.advance(task)


def console_for(stderr: TextIO, color: str) -> Console:
    from rich.console import Console

    from incidentlint.reporters.base import color_options

    return Console(file=stderr, markup=False, emoji=False, highlight=False, **color_options(color))
