"""Shared test helpers: the reference record, running the CLI in-process, and locating text."""

from __future__ import annotations

import copy
import io
import json
import re
from pathlib import Path
from typing import Any

from incidentlint.cli import main
from incidentlint.config import Config
from incidentlint.diagnostics import Diagnostic, Severity
from incidentlint.engine import FileResult, Linter
from incidentlint.registry import all_rules
from incidentlint.reporters.base import ReportContext, Reporter, Summary

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "INC-2024-0315-001.json"


def reference() -> dict[str, Any]:
    """A fresh copy of the reference record."""
    data: dict[str, Any] = json.loads(EXAMPLE.read_text("utf-8"))
    return copy.deepcopy(data)


def run_cli(*args: str) -> tuple[int, str, str]:
    """Run ``incidentlint`` in-process; returns (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def run_json(*args: str) -> tuple[int, dict[str, Any]]:
    code, out, _ = run_cli("--format", "json", *args)
    parsed: dict[str, Any] = json.loads(out)
    return code, parsed


def linter(**config: Any) -> Linter:
    return Linter(Config(**config), all_rules())


def position_of(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    """1-based (line, column) of the nth occurrence of ``needle`` in ``text``."""
    index = -1
    for _ in range(nth + 1):
        index = text.index(needle, index + 1)
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column


#: What CI runners execute in a log line (see tests/test_ci_commands.py).
_HASH = re.compile(r"##[A-Za-z]*\[")
_SGR = re.compile(r"\x1b\[[0-9;]*m")


def runner_commands(text: str) -> list[str]:
    """The lines of ``text`` a runner would act on: ``##...[`` anywhere, or ``::`` first (after blanks and colour)."""
    return [
        line
        for line in re.split(r"\r\n|\r|\n", text)
        if _HASH.search(line) or _SGR.sub("", line).strip().startswith("::")
    ]


def finding(message: str = "m", file: str = "a.json", severity: Severity = Severity.ERROR) -> Diagnostic:
    """A schema diagnostic at 3:5-3:9 of ``file``, for the reporters' unit tests."""
    return Diagnostic(file, 3, 5, 3, 9, "schema", "IL003", severity, message, "/severity")


def report_lines(reporter: type[Reporter], *diagnostics: Diagnostic) -> list[str]:
    """The lines ``reporter`` writes for one file holding ``diagnostics``."""
    stream = io.StringIO()
    results = [FileResult(diagnostics[0].file if diagnostics else "x.json", list(diagnostics))]
    reporter(ReportContext()).report(results, Summary.of(results), stream)
    return stream.getvalue().splitlines()


def same_data(left: Any, right: Any) -> bool:
    """Equal, and of the same types throughout (True == 1 and 1 == 1.0 in Python, not in a record), keys in the
    same order."""
    if type(left) is not type(right):
        return False
    if isinstance(left, dict):
        return list(left) == list(right) and all(same_data(left[key], right[key]) for key in left)
    if isinstance(left, list):
        return len(left) == len(right) and all(same_data(a, b) for a, b in zip(left, right, strict=True))
    return bool(left == right)
