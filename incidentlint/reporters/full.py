"""The default human format: diagnostics grouped by file, each with a code frame, and a summary table."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from incidentlint.diagnostics import Diagnostic, Severity
from incidentlint.engine import FileResult
from incidentlint.reporters.base import NOTHING_CHECKED, Reporter, Summary, color_options, plural
from incidentlint.textsafe import defended, visible

# rich costs ~30 ms to import; a clean run printing to a pipe (pre-commit, CI) never needs it.
if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

STYLES = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
FRAME_WIDTH = 100
TOP_RULES = 5


def make_console(stream: TextIO, color: str) -> Console:
    """A console that never interprets markup or emoji codes in what we print."""
    from rich.console import Console

    class _Console(Console):
        def on_broken_pipe(self) -> None:
            # rich would exit with status 1 here; raise instead, so the command keeps the lint verdict.
            self.quiet = True
            raise BrokenPipeError

    return _Console(
        file=stream,
        markup=False,
        emoji=False,
        highlight=False,
        soft_wrap=True,
        **color_options(color),
    )


def frame(source: str, column: int, end_column: int) -> tuple[str, str]:
    """The source line (windowed around the column for long lines) and a caret line under the span."""
    from rich.cells import cell_len

    source = source.replace("\t", " ")
    start = max(column - 1, 0)
    width = max(1, min(end_column - column, 60)) if end_column > column else 1
    left = 0
    if len(source) > FRAME_WIDTH:
        left = max(0, start - FRAME_WIDTH // 3)
        source = (
            ("…" if left else "")
            + source[left : left + FRAME_WIDTH]
            + ("…" if left + FRAME_WIDTH < len(source) else "")
        )
        start = start - left + (1 if left else 0)
    before = visible(source[:start])
    marked = visible(source[start : start + width])
    shown = before + visible(source[start:])
    caret = " " * cell_len(before) + "^" * max(1, min(cell_len(marked), len(shown) - len(before) or 1))
    return shown, caret


class FullReporter(Reporter):
    name = "full"
    machine = False

    def report(self, results: Sequence[FileResult], summary: Summary, stream: TextIO) -> None:
        with defended(stream) as out:
            self._report(results, summary, out, plain(stream, self.context.color))

    def _report(self, results: Sequence[FileResult], summary: Summary, stream: TextIO, no_colour: bool) -> None:
        if not any(result.diagnostics for result in results) and no_colour:
            # What rich would print, without importing it: no findings, and no colour on a pipe.
            if not self.context.quiet:
                stream.write(clean_line(summary) + "\n")
            return
        from rich.text import Text

        console: Console | PlainConsole = (
            PlainConsole(stream) if no_colour else make_console(stream, self.context.color)
        )
        for result in results:
            if not result.diagnostics:
                continue
            console.print(Text(visible(result.path), style="bold underline"))
            for d in result.diagnostics:
                self._diagnostic(console, d, result.source_lines.get(d.line))
            console.print()
        if not self.context.quiet:
            self._summary(console, summary)

    def _diagnostic(self, console: Console | PlainConsole, d: Diagnostic, source: str | None) -> None:
        from rich.text import Text

        line = Text()
        line.append(f"{visible(d.file)}:{d.line}:{d.column}", style="bold")
        line.append(": ")
        line.append(d.severity.label, style=STYLES[d.severity])
        line.append(f"[{d.rule}]", style="dim")
        line.append(" ")
        if fixable(d):
            line.append("[*] ", style="cyan")  # as ruff marks it: --fix repairs this one
        line.append(visible(d.message))
        console.print(line)
        if source is not None and d.line > 0:
            gutter = str(d.line)
            shown, caret = frame(source, d.column, d.end_column if d.end_line == d.line else len(source) + 1)
            pad = " " * len(gutter)
            console.print(Text(f"{pad} |", style="blue"))
            code = Text(f"{gutter} | ", style="blue")
            code.append(shown)
            console.print(code, no_wrap=True, overflow="ignore", crop=False)
            console.print(Text(f"{pad} | ", style="blue") + Text(caret, style=STYLES[d.severity]))

    def _summary(self, console: Console | PlainConsole, summary: Summary) -> None:
        from rich.text import Text

        notes = _notes(summary)
        if summary.errors == summary.warnings == summary.infos == 0:
            console.print(Text(clean_line(summary), style="green"))
            return
        rows = [
            ("files checked", str(summary.files)),
            ("clean", str(summary.clean)),
            ("with errors", str(summary.files_with_errors)),
            ("with warnings", str(summary.files_with_warnings)),
            ("findings", f"{plural(summary.errors, 'error')}, {plural(summary.warnings, 'warning')}"),
        ]
        if summary.infos:
            rows[-1] = (rows[-1][0], f"{rows[-1][1]}, {plural(summary.infos, 'info')}")
        top = summary.by_rule.most_common(TOP_RULES)
        rows.append(("top rules", ", ".join(f"{name} ({count})" for name, count in top)))
        fixes = _fix_note(summary)
        if fixes is not None:
            rows.append(("fixes", fixes))
        rows.extend(("note", note) for note in notes)
        # Two aligned columns drawn by hand: a rich Table pads every cell, leaving trailing blanks on each line.
        width = max(len(what) for what, _ in rows) + 3
        for what, value in rows:
            line = Text(what.ljust(width), style="bold")
            line.append(visible(value))
            console.print(line)


class PlainConsole:
    """Prints our Text lines as rich's Console does when it adds no colour (the plain text and a newline; markup,
    wrapping and emoji are off, and every untrusted part went through visible()) at a fraction of its cost: rich
    took ~0.4 ms per finding printed, a tenth of a 10,000-file run."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def print(self, *objects: Text | str, **_: object) -> None:
        self.stream.write(" ".join(item if isinstance(item, str) else item.plain for item in objects) + "\n")


def fixable(d: Diagnostic) -> bool:
    """--fix alone repairs this finding."""
    return d.fix is not None and d.fix.safe and bool(d.fix.ops)


def _fix_note(summary: Summary) -> str | None:
    """What --fix and --unsafe-fixes would repair, for the summary."""
    if summary.fixable and summary.unsafe_fixable:
        return f"[*] {summary.fixable} fixable with --fix ({summary.unsafe_fixable} more with --fix --unsafe-fixes)"
    if summary.fixable:
        return f"[*] {summary.fixable} fixable with --fix"
    if summary.unsafe_fixable:
        return f"{summary.unsafe_fixable} fixable with --fix --unsafe-fixes"
    return None


def _notes(summary: Summary) -> list[str]:
    notes = []
    if summary.fixes_applied:
        notes.append(plural(summary.fixes_applied, "fix", "fixes") + " applied")
    if summary.baselined:
        notes.append(plural(summary.baselined, "known finding") + " hidden by the baseline")
    if summary.baseline_unmatched:
        stale = plural(summary.baseline_unmatched, "stale baseline entry", "stale baseline entries")
        notes.append(f"{stale} dropped" if summary.baseline_dropped else stale)
    return notes


def clean_line(summary: Summary) -> str:
    notes = _notes(summary)
    extra = f" ({'; '.join(notes)})" if notes else ""
    if not summary.files:
        return f"{NOTHING_CHECKED}{extra}."
    return f"All clean: {plural(summary.files, 'file')} checked, no problems found{extra}."


def plain(stream: TextIO, color: str) -> bool:
    """True where rich would print no colour or cursor codes: the stream is not a terminal and nothing forces it."""
    if color == "always" or os.environ.get("FORCE_COLOR") or os.environ.get("TTY_COMPATIBLE") == "1":
        return False
    isatty = getattr(stream, "isatty", None)
    try:
        return not (isatty is not None and isatty())
    except ValueError:  # a closed stream: rich would not colour it either
        return True


def statistics_table(results: Sequence[FileResult]) -> Table:
    from rich.table import Table

    """``--statistics``: findings per rule, most frequent first."""
    counts: Counter[tuple[str, str, str]] = Counter(
        (d.code, d.rule, d.severity.label) for result in results for d in result.diagnostics
    )
    table = Table(title="Findings per rule", title_justify="left", box=None, pad_edge=False, header_style="bold")
    for column, justify in (("count", "right"), ("code", "left"), ("rule", "left"), ("severity", "left")):
        table.add_column(column, justify=justify)  # type: ignore[arg-type]
    for (code, name, level), count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        table.add_row(str(count), code, visible(name), level)
    if not counts:
        table.add_row("0", "", "no findings", "")
    return table
