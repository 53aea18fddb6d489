"""``rdjson``: the Reviewdog Diagnostic Format, for reviewdog's ``-f=rdjson`` (review comments on pull and merge
requests on GitHub, GitLab, Bitbucket, Gitea and Gerrit).

Positions are 1-based and, unlike ours, count a column in UTF-8 bytes: each column is converted with the text of
its line, which every result keeps for the lines its findings start on. Reviewdog slices the file's lines as they
are in the diff, so a UTF-8 byte order mark is 3 more bytes of line 1 (our texts leave it out). A range ends on the
same line or is left to its start (the format reads a missing end as a zero-length range), as the end line's text
is not kept.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Sequence
from typing import Any, TextIO

from incidentlint.diagnostics import Diagnostic, Severity
from incidentlint.engine import FileResult
from incidentlint.fingerprint import relative_path
from incidentlint.reporters.base import Reporter, Summary
from incidentlint.textsafe import defuse_json, visible

_SEVERITY = {Severity.ERROR: "ERROR", Severity.WARNING: "WARNING", Severity.INFO: "INFO"}


def byte_column(line_text: str | None, column: int) -> int:
    """The 1-based UTF-8 byte column of the 1-based character ``column`` of ``line_text``; unchanged without the
    text. A lone surrogate (an undecodable file name's, never a record's) counts as the 3 bytes it is written in."""
    if line_text is None:
        return column
    return len(line_text[: column - 1].encode("utf-8", "surrogatepass")) + 1


def _diagnostic(d: Diagnostic, lines: dict[int, str], bom: bool) -> dict[str, Any]:
    text = lines.get(d.line)
    mark = len(codecs.BOM_UTF8) if bom and d.line == 1 else 0
    start = {"line": d.line, "column": mark + byte_column(text, d.column)}
    span: dict[str, Any] = {"start": start}
    if d.end_line == d.line and d.end_column > d.column:
        span["end"] = {"line": d.line, "column": mark + byte_column(text, d.end_column)}
    return {
        "message": visible(d.message),
        "location": {"path": visible(relative_path(d.file)), "range": span},
        "severity": _SEVERITY[d.severity],
        "code": {"value": d.rule},
    }


class RdjsonReporter(Reporter):
    name = "rdjson"

    def report(self, results: Sequence[FileResult], summary: Summary, stream: TextIO) -> None:
        document = {
            "source": {"name": "incidentlint"},
            "diagnostics": [
                _diagnostic(d, result.source_lines, result.bom) for result in results for d in result.diagnostics
            ],
        }
        stream.write(defuse_json(json.dumps(document, ensure_ascii=True, indent=2)) + "\n")
