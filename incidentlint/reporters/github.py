"""``github``: GitHub Actions workflow commands (``::error file=...::message``), one annotation per diagnostic."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TextIO

from incidentlint.diagnostics import Diagnostic, Severity
from incidentlint.engine import FileResult
from incidentlint.fingerprint import relative_path
from incidentlint.reporters.base import Reporter, Summary, all_diagnostics, plural
from incidentlint.textsafe import break_hash_commands, visible

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """The runner's own escaping (actions/toolkit ``escapeData``): with CR and LF encoded, record text can never
    start a line, so it can never start a workflow command. Other controls are made visible."""
    return visible(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def escape_property(text: str) -> str:
    """``escapeProperty``: as :func:`escape_data`, plus ``:`` and ``,``, which end a property."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(d: Diagnostic) -> str:
    # A name holding ##vso[ or ##[ loses its link to the file, but carries no command into another runner's log.
    properties = {"file": break_hash_commands(relative_path(d.file)), "line": str(d.line)}
    if d.end_line == d.line:
        # GitHub takes columns on one line only (the runner drops them otherwise, with a debug message); its end
        # column is inclusive, ours ends one past the span.
        properties.update(col=str(d.column), endLine=str(d.end_line), endColumn=str(max(d.column, d.end_column - 1)))
    else:
        properties["endLine"] = str(d.end_line)
    properties["title"] = d.rule
    joined = ",".join(f"{name}={escape_property(value)}" for name, value in properties.items())
    # GitHub ignores Azure's ##vso[ commands, but a report may be shown elsewhere: no format carries one, in the
    # message or in the file property.
    return f"::{COMMANDS[d.severity]} {joined}::{escape_data(break_hash_commands(d.message))}"


class GithubReporter(Reporter):
    name = "github"

    def report(self, results: Sequence[FileResult], summary: Summary, stream: TextIO) -> None:
        diagnostics = all_diagnostics(results)
        over = overflow(diagnostics)
        if over is not None:
            stream.write(over + "\n")  # first, so that it is among the notices GitHub shows
        for d in diagnostics:
            stream.write(annotation(d) + "\n")


#: GitHub shows at most this many annotations of each level (error, warning, notice) per step.
ANNOTATIONS_SHOWN = 10


def overflow(diagnostics: Sequence[Diagnostic]) -> str | None:
    """A notice when GitHub will not show every annotation: it keeps 10 of each level per step (50 per job), and
    drops the rest without a word, so a reader of the pull request would think those were all."""
    counts = Counter(COMMANDS[d.severity] for d in diagnostics)
    if all(count <= ANNOTATIONS_SHOWN for count in counts.values()):
        return None
    found = ", ".join(
        plural(counts[level], level, level + "s") for level in ("error", "warning", "notice") if counts[level]
    )
    return (
        f"::notice title=incidentlint::{found} in all; GitHub annotates at most {ANNOTATIONS_SHOWN} of each kind per "
        "step, so see the job log or the code scanning alerts (SARIF) for the rest"
    )
