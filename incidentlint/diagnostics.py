"""The value types every stage shares: severities, findings from checks, and positioned diagnostics."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

from incidentlint.pointer import reported


class Severity(enum.IntEnum):
    """Ordered, so ``max()`` over diagnostics gives the worst one."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {text!r}; use error, warning or info") from None


@dataclass(frozen=True, slots=True)
class Finding:
    """What a check reports: where (a JSON Pointer) and what is wrong. No file, line or severity.

    ``on_key`` points the diagnostic at the key rather than the value (unknown keys, duplicate keys).

    ``identity`` is what the finding is about, where that is not the value at ``pointer``: baselines and
    fingerprints hash it instead of that value. A missing field is not the object that lacks it, and "42 more
    findings" is not the record, so edits elsewhere in that object or record must not make them new findings.
    Without it, a finding about the whole record (pointer ``""``) is identified by its message.
    """

    pointer: str
    message: str
    on_key: bool = False
    fix: Any = None  # an incidentlint.api.Fix; typed loosely to keep this module free of the API
    identity: str | None = None


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One positioned problem, as every reporter sees it. Lines and columns are 1-based; columns count characters."""

    file: str
    line: int
    column: int
    end_line: int
    end_column: int
    rule: str
    code: str
    severity: Severity
    message: str
    pointer: str = ""
    fix: Any = field(default=None, compare=False)
    value_hash: str = field(default="", compare=False)

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.file, self.line, self.column, self.code, self.message)

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "rule": self.rule,
            "code": self.code,
            "severity": self.severity.label,
            "message": self.message,
            "pointer": reported(self.pointer),
        }
