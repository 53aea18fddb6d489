"""What every reporter gets: the per-file results and the run's totals."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, TextIO

from incidentlint import __version__
from incidentlint.api import Rule
from incidentlint.diagnostics import Diagnostic, Severity
from incidentlint.engine import FileResult


def color_options(color: str) -> dict[str, Any]:
    """rich ``Console`` arguments for ``--color``. ``auto`` leaves NO_COLOR and FORCE_COLOR to rich; ``always`` wins
    over NO_COLOR and ``never`` over FORCE_COLOR, because a flag given for this run overrides the environment (as
    no-color.org asks). Passing ``no_color=False`` for ``auto`` would silently ignore NO_COLOR."""
    return {
        "force_terminal": True if color == "always" else None,
        "no_color": {"never": True, "always": False}.get(color),
        "color_system": None if color == "never" else "auto",
    }


#: What a run that found no file to lint says (a CI job pointed at the wrong folder must not read as a pass).
NOTHING_CHECKED = "No records checked: the paths given hold no file that include, exclude and .gitignore leave to lint"


def plural(count: int, noun: str, many: str | None = None) -> str:
    return f"{count} {noun if count == 1 else (many or noun + 's')}"


@dataclass
class Summary:
    files: int = 0
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    clean: int = 0
    files_with_errors: int = 0
    files_with_warnings: int = 0
    fixes_applied: int = 0
    files_fixed: int = 0
    by_rule: Counter[str] = field(default_factory=Counter)
    #: Set after a baseline is applied: findings it hid, and its entries that matched nothing.
    baselined: int = 0
    baseline_unmatched: int = 0
    baseline_dropped: bool = False  # the run wrote the baseline, leaving the unmatched entries out
    #: Findings that --fix would repair, and those that also need --unsafe-fixes.
    fixable: int = 0
    unsafe_fixable: int = 0

    @classmethod
    def of(cls, results: Sequence[FileResult]) -> Summary:
        summary = cls(files=len(results))
        for result in results:
            levels = {d.severity for d in result.diagnostics}
            summary.fixes_applied += result.fixes_applied
            summary.files_fixed += bool(result.fixes_applied)
            if not result.diagnostics:
                summary.clean += 1
            if Severity.ERROR in levels:
                summary.files_with_errors += 1
            if Severity.WARNING in levels:
                summary.files_with_warnings += 1
            for diagnostic in result.diagnostics:
                summary.by_rule[diagnostic.rule] += 1
                fix = diagnostic.fix
                if fix is not None and fix.ops:
                    if fix.safe:
                        summary.fixable += 1
                    else:
                        summary.unsafe_fixable += 1
                if diagnostic.severity is Severity.ERROR:
                    summary.errors += 1
                elif diagnostic.severity is Severity.WARNING:
                    summary.warnings += 1
                else:
                    summary.infos += 1
        return summary


@dataclass
class ReportContext:
    """Run facts some formats need: the tool version, rule metadata (SARIF), colour and verbosity."""

    rules: dict[str, Rule] = field(default_factory=dict)
    version: str = __version__
    color: str = "auto"
    quiet: bool = False
    #: The lowest severity that fails the run (``--fail-on``): formats that mark pass and fail (JUnit) follow it.
    fail_on: Severity = Severity.ERROR


class Reporter:
    """One output format. Machine formats write plain text to ``stream``; they never pass through rich."""

    name: ClassVar[str] = ""
    machine: ClassVar[bool] = True

    def __init__(self, context: ReportContext) -> None:
        self.context = context

    def report(self, results: Sequence[FileResult], summary: Summary, stream: TextIO) -> None:
        raise NotImplementedError


def all_diagnostics(results: Sequence[FileResult]) -> list[Diagnostic]:
    return [d for result in results for d in result.diagnostics]
