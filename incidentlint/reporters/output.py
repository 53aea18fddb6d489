"""Where a run's reports go: the chosen format on stdout or in ``--output-file``, the human report on the
terminal, GitHub annotations inside Actions, ``--statistics``, and the baseline's notes on stderr."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, TextIO

from incidentlint.config import ConfigError
from incidentlint.engine import Outcome
from incidentlint.reporters import REPORTERS
from incidentlint.reporters.base import NOTHING_CHECKED, ReportContext, Summary, plural
from incidentlint.textsafe import defended, visible

if TYPE_CHECKING:  # rich (~30 ms to import) only when something is printed through it
    from rich.console import Console

#: How many stale baseline entries are listed before "and N more".
SHOWN_UNMATCHED = 10


class Plan(NamedTuple):
    """``stdout`` lists the formats written to standard output, in order; ``file_format`` goes to ``output_file``."""

    stdout: tuple[str, ...]
    file_format: str | None = None
    output_file: Path | None = None

    @property
    def machine_stdout(self) -> bool:
        return REPORTERS[self.stdout[0]].machine


def plan(fmt: str | None, output_file: Path | None, env: Mapping[str, str]) -> Plan:
    """With ``--output-file`` the chosen format goes to the file and the human report to the terminal. Inside
    GitHub Actions or Azure Pipelines, the runner's annotations follow the human report unless a format was chosen
    for stdout."""
    chosen = fmt or "full"
    if chosen not in REPORTERS:
        raise ConfigError(f"unknown format {chosen!r}; choose one of {', '.join(REPORTERS)}")
    stdout: tuple[str, ...] = ("full",) if output_file is not None else (chosen,)
    if fmt is None or output_file is not None:
        if env.get("GITHUB_ACTIONS") == "true":
            stdout += ("github",)
        elif env.get("TF_BUILD", "").lower() == "true":  # Azure Pipelines sets TF_BUILD=True
            stdout += ("azure",)
    return Plan(stdout, chosen if output_file is not None else None, output_file)


def emit(
    where: Plan,
    outcome: Outcome,
    context: ReportContext,
    stdout: TextIO,
    stderr: TextIO,
    *,
    statistics: bool = False,
    written: int | None = None,
    write_path: Path | None = None,
) -> None:
    results = outcome.results
    summary = Summary.of(results)
    summary.baselined = len(outcome.hidden)
    summary.baseline_unmatched = len(outcome.unmatched)
    summary.baseline_dropped = written is not None and write_path is not None
    # The terminal's report first: a report file that cannot be written stops the run with exit 2, and the log
    # must still show what the run found.
    for name in where.stdout:
        REPORTERS[name](context).report(results, summary, stdout)
    stdout.flush()
    if where.output_file is not None and where.file_format is not None:
        try:
            with where.output_file.open("w", encoding="utf-8", errors="backslashreplace", newline="\n") as handle:
                REPORTERS[where.file_format](replace(context, color="never")).report(results, summary, handle)
        except OSError as error:
            raise ConfigError(f"cannot write the report to {where.output_file}: {error.strerror or error}") from None
    if not summary.files and "full" not in where.stdout and not context.quiet:
        # The full report says so on stdout; the other formats keep stdout to the format (an empty list of
        # diagnostics, which a CI job would read as a pass), so say it on stderr, as ruff does.
        stderr.write(f"incidentlint: warning: {NOTHING_CHECKED[0].lower()}{NOTHING_CHECKED[1:]}\n")
        stderr.flush()
    if summary.fixes_applied and "full" not in where.stdout and not context.quiet:
        # The other formats describe what is left; say on stderr what --fix changed, so stdout stays parseable.
        fixed = plural(summary.fixes_applied, "fix", "fixes")
        stderr.write(f"incidentlint: applied {fixed} in {plural(summary.files_fixed, 'file')}\n")
        stderr.flush()
    if not (
        statistics or (written is not None and write_path is not None) or (outcome.unmatched and not context.quiet)
    ):
        return
    from incidentlint.reporters.full import make_console, statistics_table

    with defended(stdout) as out, defended(stderr) as err:
        notes: Console = make_console(err, context.color)
        if statistics:
            # Machine formats keep stdout to themselves; the table goes to stderr, where a person still sees it.
            target = notes if where.machine_stdout else make_console(out, context.color)
            target.print(statistics_table(results))
        _notes(notes, outcome, context, written, write_path)


def _notes(
    notes: Console, outcome: Outcome, context: ReportContext, written: int | None, write_path: Path | None
) -> None:
    from rich.text import Text

    if written is not None and write_path is not None:
        notes.print(
            Text(f"incidentlint: wrote {plural(written, 'finding')} to the baseline {visible(str(write_path))}")
        )
    if outcome.unmatched and not context.quiet:
        count = len(outcome.unmatched)
        if written is not None and write_path is not None:  # this run wrote the baseline without them
            lines = [
                f"incidentlint: dropped {count} baseline {'entry that matches' if count == 1 else 'entries that match'}"
                f" no finding any more; {visible(str(write_path))} no longer lists {'it' if count == 1 else 'them'}:"
            ]
        else:
            lines = [
                f"incidentlint: {count} baseline {'entry matches' if count == 1 else 'entries match'} no finding "
                "any more; run again with both --baseline and --write-baseline on the same file to drop "
                f"{'it' if count == 1 else 'them'}:"
            ]
        for entry in outcome.unmatched[:SHOWN_UNMATCHED]:
            lines.append(f"  {visible(entry.file)}: {visible(entry.rule)} at '{visible(entry.pointer)}'")
        if count > SHOWN_UNMATCHED:
            lines.append(f"  and {count - SHOWN_UNMATCHED} more")
        notes.print(Text("\n".join(lines), style="yellow"))
