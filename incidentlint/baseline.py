"""The baseline: findings accepted when adopting the linter, kept in a JSON file and hidden on later runs.

Entries are keyed by file (relative to the baseline file's folder, posix), rule, JSON Pointer and a hash of the
offending value, so line shifts and edits elsewhere in a record do not bring a finding back. A key listed ``n``
times hides at most ``n`` findings. Problems that stop a file from being checked are never baselined.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from incidentlint.config import ConfigError
from incidentlint.diagnostics import Diagnostic
from incidentlint.engine import FileResult
from incidentlint.fingerprint import FindingKey, key_of, relative_path

VERSION = 1
#: A baseline must never hide a file that could not be read or parsed: nothing else in it was checked.
NEVER_BASELINED = frozenset({"parse-error", "io-error", "internal-error"})
_FIELDS = ("file", "rule", "pointer", "value_hash")


@dataclass(frozen=True, order=True)
class Entry:
    """One accepted finding. ``message`` is there for the people reviewing the file; matching ignores it."""

    file: str
    rule: str
    pointer: str
    value_hash: str
    message: str = ""

    @property
    def key(self) -> FindingKey:
        return FindingKey(self.file, self.rule, self.pointer, self.value_hash)


@dataclass
class Outcome:
    """What applying a baseline did: the remaining results, what it hid, and the entries nothing matched."""

    results: list[FileResult]
    hidden: list[Diagnostic] = field(default_factory=list)
    unmatched: list[Entry] = field(default_factory=list)


@dataclass
class Baseline:
    path: Path
    entries: list[Entry]

    @property
    def base(self) -> str:
        return str(self.path.parent)

    @classmethod
    def of(cls, path: Path, diagnostics: Sequence[Diagnostic]) -> Baseline:
        base = str(path.parent)
        entries = [Entry(*key_of(d, base), message=d.message) for d in diagnostics if d.rule not in NEVER_BASELINED]
        return cls(path, sorted(entries))

    @classmethod
    def load(cls, path: Path) -> Baseline:
        where = f"baseline {path}"
        try:
            data: Any = json.loads(path.read_text("utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"{where} does not exist; create it with --write-baseline {path}") from None
        except (OSError, UnicodeDecodeError) as error:
            raise ConfigError(f"{where} cannot be read: {error}") from None
        except ValueError as error:
            raise ConfigError(f"{where} is not valid JSON: {error}") from None
        if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("findings"), list):
            raise ConfigError(
                f"{where} is not an incidentlint baseline (version {VERSION}); write a new one with --write-baseline"
            )
        entries = []
        for number, item in enumerate(data["findings"]):
            if not (isinstance(item, dict) and all(isinstance(item.get(name), str) for name in _FIELDS)):
                raise ConfigError(f"{where}: finding {number} needs string fields {', '.join(_FIELDS)}")
            message = item.get("message", "")
            text = message if isinstance(message, str) else ""
            entries.append(Entry(item["file"], item["rule"], item["pointer"], item["value_hash"], text))
        return cls(path, entries)

    def dumps(self) -> str:
        findings = [
            {"file": e.file, "rule": e.rule, "pointer": e.pointer, "value_hash": e.value_hash, "message": e.message}
            for e in sorted(self.entries)
        ]
        return (
            json.dumps({"version": VERSION, "findings": findings}, indent=2, sort_keys=True, ensure_ascii=True) + "\n"
        )

    def write(self) -> None:
        """Replace the file atomically, so an interrupted run never leaves half a baseline behind."""
        import tempfile  # here: only --write-baseline needs it, and it costs a run without one ~2.5 ms to import

        directory = self.path.parent
        try:
            handle, temporary = tempfile.mkstemp(prefix=".incidentlint-baseline-", dir=directory)
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
                stream.write(self.dumps())
            os.replace(temporary, self.path)
        except OSError as error:
            raise ConfigError(f"cannot write the baseline {self.path}: {error.strerror or error}") from None

    def apply(self, results: Sequence[FileResult]) -> Outcome:
        """Hide the findings the baseline lists. Entries for files outside this run are not judged: a
        pre-commit run over three changed files must not call the rest of the baseline stale."""
        remaining = Counter(entry.key for entry in self.entries)
        outcome = Outcome(results=[])
        checked: set[str] = set()
        for result in results:
            checked.add(relative_path(result.path, self.base))
            kept = []
            for d in result.diagnostics:
                key = key_of(d, self.base)
                if d.rule not in NEVER_BASELINED and remaining[key] > 0:
                    remaining[key] -= 1
                    outcome.hidden.append(d)
                else:
                    kept.append(d)
            outcome.results.append(
                replace(result, diagnostics=kept) if len(kept) != len(result.diagnostics) else result
            )
        for entry in self.entries:
            if entry.file in checked and remaining[entry.key] > 0:
                remaining[entry.key] -= 1
                outcome.unmatched.append(entry)
        return outcome


def apply_options(results: list[FileResult], read: Path | None, write: Path | None) -> tuple[Outcome, int | None]:
    """``--baseline`` and ``--write-baseline``; returns the outcome and how many entries were written, if any.

    With both, the written file keeps only the old entries that still match (it shrinks, never grows); with
    ``--write-baseline`` alone it records every finding of this run, which are then hidden like any baseline.
    """
    old = Baseline.load(read) if read is not None else None
    outcome = old.apply(results) if old is not None else Outcome(results=list(results))
    if write is None:
        return outcome, None
    accepted = outcome.hidden if old is not None else [d for r in results for d in r.diagnostics]
    new = Baseline.of(write, accepted)
    new.write()
    if old is None:
        outcome = new.apply(results)
    return outcome, len(new.entries)
