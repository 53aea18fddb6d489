"""``sarif``: a SARIF 2.1.0 log, for GitHub code scanning and other SARIF viewers."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, TextIO
from urllib.parse import quote

from incidentlint.diagnostics import Severity
from incidentlint.engine import FileResult
from incidentlint.fingerprint import fingerprints, relative_path
from incidentlint.pointer import reported
from incidentlint.registry import CORE_CHECKS, CORE_RATIONALE
from incidentlint.reporters.base import Reporter, Summary, all_diagnostics
from incidentlint.textsafe import defuse_json

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/incidentlint/"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
#: The base a relative ``uri`` is resolved against (SARIF 3.4.4), as CodeQL names it. Described, never resolved
#: in the log: the working directory's absolute path would differ from one checkout to the next.
BASE_ID = "%SRCROOT%"
BASE = {BASE_ID: {"description": {"text": "the working directory incidentlint ran in (the repository root in CI)"}}}


def artifact_location(path: str) -> dict[str, str]:
    """A relative uri SHOULD name its base and an absolute one SHALL NOT (SARIF 3.4.4)."""
    uri = artifact_uri(path)
    return {"uri": uri} if uri.startswith("file://") else {"uri": uri, "uriBaseId": BASE_ID}


def artifact_uri(path: str) -> str:
    """A percent-encoded URI reference: relative to the working directory when the file is inside it."""
    shown = relative_path(path)
    try:
        raw = shown.encode("utf-8", "surrogateescape")  # undecodable file-name bytes come back as themselves
    except UnicodeEncodeError:
        raw = shown.encode("utf-8", "backslashreplace")
    encoded = quote(raw, safe="/")
    return "file://" + encoded if shown.startswith("/") else encoded


def utf16_column(line_text: str | None, column: int) -> int:
    """The 1-based column, in UTF-16 code units, of the 1-based character ``column`` of ``line_text``: SARIF's
    default unit (3.14.17), which GitHub and the JavaScript viewers count in. A character past U+FFFF (an emoji)
    is two of them. Unchanged without the text."""
    if line_text is None or line_text.isascii():
        return column
    return len(line_text[: column - 1].encode("utf-16-le", "surrogatepass")) // 2 + 1


def descriptor(code: str, name: str, severity: Severity, summary: str, rationale: str) -> dict[str, Any]:
    long = rationale or summary
    return {
        "id": code,
        "name": name,
        "shortDescription": {"text": summary or name},
        "fullDescription": {"text": long or name},
        "help": {"text": long or name},
        "defaultConfiguration": {"level": LEVELS[severity]},
    }


class SarifReporter(Reporter):
    name = "sarif"

    def catalogue(self) -> list[dict[str, Any]]:
        """Core checks first, then every loaded rule by code: the order ``ruleIndex`` refers to."""
        entries = [
            descriptor(code, name, level, text, CORE_RATIONALE[name])
            for name, (code, level, text) in CORE_CHECKS.items()
        ]
        for rule in sorted(self.context.rules.values(), key=lambda r: r.code):
            entries.append(descriptor(rule.code, rule.name, rule.severity, rule.summary, rule.rationale))
        return entries

    def report(self, results: Sequence[FileResult], summary: Summary, stream: TextIO) -> None:
        rules = self.catalogue()
        index = {entry["name"]: position for position, entry in enumerate(rules)}
        diagnostics = all_diagnostics(results)
        lines = {id(d): result.source_lines for result in results for d in result.diagnostics}
        findings = []
        for d, fingerprint in zip(diagnostics, fingerprints(diagnostics), strict=True):
            text = lines.get(id(d), {})
            region = {
                "startLine": d.line,
                "startColumn": utf16_column(text.get(d.line), d.column),
                "endLine": d.end_line,
                "endColumn": utf16_column(text.get(d.end_line), d.end_column),
            }
            result: dict[str, Any] = {"ruleId": d.code}
            if d.rule in index:
                result["ruleIndex"] = index[d.rule]
            result.update(
                {
                    "level": LEVELS[d.severity],
                    "message": {"text": d.message},
                    "locations": [
                        {"physicalLocation": {"artifactLocation": artifact_location(d.file), "region": region}}
                    ],
                    "partialFingerprints": {"incidentlint/v1": fingerprint},
                    "properties": {"rule": d.rule, "pointer": reported(d.pointer)},
                }
            )
            findings.append(result)
        log = {
            "$schema": SCHEMA_URI,
            "version": "2.1.0",
            "runs": [
                {
                    "tool": {
                        "driver": {
                            "name": "incidentlint",
                            "version": self.context.version,
                            "informationUri": INFORMATION_URI,
                            "rules": rules,
                        }
                    },
                    "originalUriBaseIds": BASE,
                    "columnKind": "utf16CodeUnits",
                    "results": findings,
                }
            ],
        }
        stream.write(defuse_json(json.dumps(log, ensure_ascii=True, indent=2)) + "\n")
