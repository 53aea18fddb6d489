"""The default human format: diagnostics grouped by file, each with a code frame, and a summary table."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from incidentlint.diagnostics import Diagnostic, Severity
from incidentlint.engine import FileResult
from incidentlint.reporters.base import Reporter, Summary
from incidentlint.textsafe import visible

STYLES = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
FRAME_WIDTH = 100


def make_console(stream: TextIO, color: str) -> Console:
    """A console that never interprets markup or emoji codes in what we print."""
    return Console(
        file=stream,
        markup=False,
        emoji=False,
        highlight=False,
        force_terminal=True if color == "always" else None,
        color_system=None if color == "never" else "auto",
        soft_wrap=True,
    )


def frame(source: str, column: int, end_column: int) -> tuple[str, str]:
    """The source line (windowed around the column for long lines) and a caret line under the span."""
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
        console = make_console(stream, self.context.color)
        for result in results:
            if not result.diagnostics:
                continue
            console.print(Text(visible(result.path), style="bold underline"))
            for d in result.diagnostics:
                self._diagnostic(console, d, result.source_lines.get(d.line))
            console.print()
        if not self.context.quiet:
            self._summary(console, summary)

    def _diagnostic(self, console: Console, d: Diagnostic, source: str | None) -> None:
        line = Text()
        line.append(f"{visible(d.file)}:{d.line}:{d.column}", style="bold")
        line.append(": ")
        line.append(d.severity.label, style=STYLES[d.severity])
        line.append(f"[{d.rule}]", style="dim")
        line.append(" ")
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

    def _summary(self, console: Console, summary: Summary) -> None:
        if summary.errors == summary.warnings == summary.infos == 0:
            noun = "file" if summary.files == 1 else "files"
            console.print(Text(f"All clean: {summary.files} {noun} checked, no problems found.", style="green"))
            return
        table = Table(title=None, show_header=True, header_style="bold", box=None, pad_edge=False)
        for column in (
            "files checked",
            "clean",
            "with errors",
            "with warnings",
            "errors",
            "warnings",
            "infos",
        ):
            table.add_column(column, justify="right")
        table.add_row(
            *map(
                str,
                (
                    summary.files,
                    summary.clean,
                    summary.files_with_errors,
                    summary.files_with_warnings,
                    summary.errors,
                    summary.warnings,
                    summary.infos,
                ),
            )
        )
        console.print(table)
        top = summary.by_rule.most_common(5)
        if top:
            console.print(Text("Top rules: " + ", ".join(f"{name} ({count})" for name, count in top), style="dim"))
