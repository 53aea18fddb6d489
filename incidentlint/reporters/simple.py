"""The plain formats: ``concise`` (one line per diagnostic) and ``json`` (the stable machine format)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TextIO

from incidentlint.engine import FileResult
from incidentlint.reporters.base import Reporter, Summary, all_diagnostics
from incidentlint.textsafe import visible


class ConciseReporter(Reporter):
    """``path:line:col: severity[rule] message``, for editors and grep."""

    name = "concise"

    def report(self, results: Sequence[FileResult], summary: Summary, stream: TextIO) -> None:
        for d in all_diagnostics(results):
            stream.write(f"{visible(d.file)}:{d.line}:{d.column}: {d.severity.label}[{d.rule}] {visible(d.message)}\n")


class JsonReporter(Reporter):
    """``{"version", "diagnostics": [...], "summary": {...}}``; strings are ASCII-escaped, so no raw control
    character or bidi override can reach a terminal that displays it."""

    name = "json"

    def report(self, results: Sequence[FileResult], summary: Summary, stream: TextIO) -> None:
        document = {
            "version": self.context.version,
            "diagnostics": [d.as_dict() for d in all_diagnostics(results)],
            "summary": {
                "files": summary.files,
                "errors": summary.errors,
                "warnings": summary.warnings,
                "infos": summary.infos,
            },
        }
        stream.write(json.dumps(document, ensure_ascii=True, indent=2) + "\n")
