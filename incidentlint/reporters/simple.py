"""The plain formats: ``concise`` (one line per diagnostic) and ``json`` (the stable machine format)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TextIO

from incidentlint.diagnostics import Diagnostic
from incidentlint.engine import FileResult
from incidentlint.reporters.base import Reporter, Summary, all_diagnostics
from incidentlint.textsafe import defuse, defuse_json, visible


class ConciseReporter(Reporter):
    """``path:line:col: severity[rule] message``, for editors and grep."""

    name = "concise"

    def report(self, results: Sequence[FileResult], summary: Summary, stream: TextIO) -> None:
        for d in all_diagnostics(results):
            line = f"{visible(d.file)}:{d.line}:{d.column}: {d.severity.label}[{d.rule}] {visible(d.message)}\n"
            stream.write(defuse(line))


class JsonReporter(Reporter):
    """``{"version", "diagnostics": [...], "summary": {...}}``; strings are ASCII-escaped, so no raw control
    character or bidi override can reach a terminal that displays it."""

    name = "json"

    def report(self, results: Sequence[FileResult], summary: Summary, stream: TextIO) -> None:
        document = {
            "version": self.context.version,
            "diagnostics": [{**_safe(d.as_dict()), "fix": _fix(d)} for d in all_diagnostics(results)],
            "summary": {
                "files": summary.files,
                "errors": summary.errors,
                "warnings": summary.warnings,
                "infos": summary.infos,
            },
        }
        stream.write(defuse_json(json.dumps(document, ensure_ascii=True, indent=2)) + "\n")


def _fix(d: Diagnostic) -> dict[str, str] | None:
    """The repair on offer, as ruff's JSON describes it: ``safe`` ones run with --fix, ``unsafe`` ones also need
    --unsafe-fixes. The edits themselves are computed when the fix is applied (see --diff)."""
    fix = d.fix
    if fix is None or not fix.ops:
        return None
    return {"applicability": "safe" if fix.safe else "unsafe", "message": visible(fix.description)}


def _safe(entry: dict[str, object]) -> dict[str, object]:
    """Escape the human-facing strings, so that a consumer printing them cannot be attacked through a record or
    a file name, and no lone surrogate (from a non-UTF-8 file name) reaches parsers that reject it. The pointer
    stays exact: tools resolve it against the data."""
    return {**entry, "file": visible(str(entry["file"])), "message": visible(str(entry["message"]))}
