"""``gitlab``: a GitLab Code Quality report (a JSON array of issues), for ``artifacts:reports:codequality``."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TextIO

from incidentlint.diagnostics import Diagnostic, Severity
from incidentlint.engine import FileResult
from incidentlint.fingerprint import fingerprints, relative_path
from incidentlint.reporters.base import Reporter, Summary, all_diagnostics
from incidentlint.textsafe import defuse_json, visible

#: Files that could not be checked at all rank above ordinary errors: nothing else in them was looked at.
UNCHECKED = frozenset({"parse-error", "io-error", "internal-error"})


def severity(d: Diagnostic) -> str:
    if d.severity is Severity.ERROR:
        return "critical" if d.rule in UNCHECKED else "major"
    return "minor" if d.severity is Severity.WARNING else "info"


class GitlabReporter(Reporter):
    name = "gitlab"

    def report(self, results: Sequence[FileResult], summary: Summary, stream: TextIO) -> None:
        diagnostics = all_diagnostics(results)
        issues = [
            {
                "description": visible(d.message),
                "check_name": d.rule,
                "fingerprint": fingerprint,
                "severity": severity(d),
                # visible(), as the json format does: a file name's ESC or bidi character, or an undecodable
                # byte (a lone surrogate), must not come back out of the JSON escapes in GitLab's page or a terminal.
                "location": {"path": visible(relative_path(d.file)), "lines": {"begin": d.line}},
            }
            for d, fingerprint in zip(diagnostics, fingerprints(diagnostics), strict=True)
        ]
        stream.write(defuse_json(json.dumps(issues, ensure_ascii=True, indent=2)) + "\n")
