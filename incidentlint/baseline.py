"""The baseline: findings accepted when adopting the linter, kept in a JSON file and hidden on later runs.

Entries are keyed by file (relative to the baseline file's folder, posix), rule, JSON Pointer and a hash of the
offending value, so line shifts and edits elsewhere in a record do not bring a finding back. A key listed ``n``
times hides at most ``n`` findings. Problems that stop a file from being checked are never baselined.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from incidentlint.config import ConfigError, read_setup_file
from incidentlint.diagnostics import Diagnostic
from incidentlint.engine import FileResult, Outcome
from incidentlint.fingerprint import FindingKey, key_of, relative_path
from incidentlint.loader import decode
from incidentlint.textsafe import visible

VERSION = 1
#: A baseline must never hide a file that could not be read or parsed: nothing else in it was checked.
NEVER_BASELINED = frozenset({"parse-error", "io-error", "internal-error"})
_FIELDS = ("file", "rule", "pointer", "value_hash")
#: About 200,000 findings; a baseline is read whole, and the cap keeps a wrong path (a log, a disk image) from
#: filling memory before it is refused.
MAX_BASELINE_BYTES = 64 * 1024 * 1024


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


#: Whether a rule ran on a file, by (the file's name as the run shows it, the rule's name).
RuleRan = Callable[[str, str], bool]


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
        shown = visible(str(path))
        where = f"baseline {shown}"
        missing = f"{where} does not exist; create it with --write-baseline {shown}"
        decoded = decode(read_setup_file(path, where, MAX_BASELINE_BYTES, missing))
        if not isinstance(decoded, tuple):
            raise ConfigError(f"{where}: {decoded.message}")
        try:
            # The stdlib parser, not the records' loader: a baseline has three levels but may hold far more values
            # than a record may, and the C parser stops deep nesting with RecursionError before the stack runs out.
            data: Any = json.loads(decoded[0])
        except RecursionError:
            raise ConfigError(
                f"{where} nests too deeply to be an incidentlint baseline; write a new one with --write-baseline"
            ) from None
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
        """Replace the file atomically, so an interrupted run never leaves half a baseline behind, and carefully,
        as --fix writes: a symlink stays a link, the mode stays, and a device or FIFO is refused, not replaced."""
        from incidentlint.writer import WriteError, write_atomic  # here: only --write-baseline needs it

        try:
            write_atomic(str(self.path), self.dumps().encode("utf-8"), None, _target_name(self.path))
        except WriteError as error:
            raise ConfigError(error.message) from None

    def named(self, codes: Mapping[str, str]) -> Baseline:
        """The baseline with entries that name a rule by its code (``IL104``) naming it by name, as written ones do."""
        entries = [replace(e, rule=codes[e.rule]) if e.rule in codes else e for e in self.entries]
        return Baseline(self.path, entries)

    def apply(
        self, results: Sequence[FileResult], ran: RuleRan | None = None, repository: Collection[str] = ()
    ) -> Outcome:
        """Hide the findings the baseline lists, and judge the entries nothing matched.

        An entry is judged (reported as stale, and left out when the baseline is rewritten) only where this run
        could have found it again: its file was checked (not stopped by a read or parse error), its rule ran on
        that file (``ran``: selected, and not switched off there by per-file-ignores), and, for a rule in
        ``repository``, every file with an entry of that rule for the same value was checked too (a duplicate id
        is not fixed because its twin is not in the run). So a pre-commit run over three changed files, or a run
        of one rule, does not call the rest of the baseline stale. An entry whose file no longer exists is always
        stale.
        """
        outcome, remaining = self.hide(results)
        checked = {  # relative path -> the name the run gave the file
            relative_path(result.path, self.base): result.path
            for result in results
            if not any(d.rule in NEVER_BASELINED for d in result.diagnostics)
        }
        twins: dict[tuple[str, str], set[str]] = {}
        for entry in self.entries:
            if entry.rule in repository:
                twins.setdefault((entry.rule, entry.value_hash), set()).add(entry.file)
        for entry in self.entries:
            if remaining[entry.key] <= 0:
                continue  # matched: one of the findings it hid
            remaining[entry.key] -= 1
            shown = checked.get(entry.file)
            judged = (
                shown is not None
                and (ran is None or ran(shown, entry.rule))
                and all(file in checked for file in twins.get((entry.rule, entry.value_hash), ()))
            ) or self._gone(entry.file)
            (outcome.unmatched if judged else outcome.unjudged).append(entry)
        return outcome

    def hide(self, results: Sequence[FileResult]) -> tuple[Outcome, Counter[FindingKey]]:
        """The results without the findings the baseline lists (in ``hidden``), and how many times each entry's key
        is still unmatched. Judging those entries is :meth:`apply`'s; ``--fix`` needs only this."""
        remaining = Counter(entry.key for entry in self.entries)
        outcome = Outcome(results=[])
        for result in results:
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
        return outcome, remaining

    def _gone(self, file: str) -> bool:
        """The entry's file no longer exists (deleted, or renamed: its findings are new under the new name)."""
        if file.startswith("<") and file.endswith(">"):
            return False  # standard input
        return not os.path.lexists(os.path.join(self.base, file))

    def moved_to(self, path: Path) -> Baseline:
        """The same entries in a baseline at ``path``, their files relative to its folder."""
        if path.parent == self.path.parent:
            return Baseline(path, self.entries)
        base = str(path.parent)
        moved = [replace(e, file=relative_path(os.path.join(self.base, e.file), base)) for e in self.entries]
        return Baseline(path, moved)


def _target_name(path: Path) -> str:
    return f"the baseline {visible(str(path))}"


def prepare(read: Path | None, write: Path | None) -> Baseline | None:
    """Check ``--baseline`` and ``--write-baseline`` before anything is linted, so a wrong path stops the run at
    once: the baseline to read is loaded (and returned), and the one to write must be a regular file or new."""
    if read is not None and write is not None and not os.path.lexists(read):
        # Not "create it with --write-baseline", the flag already given: a prune creates nothing, or a mistyped
        # path would accept every finding.
        shown = visible(str(read))
        raise ConfigError(
            f"baseline {shown} does not exist; with --baseline, --write-baseline only drops stale entries, so create "
            f"it first with --write-baseline {shown} alone"
        )
    old = Baseline.load(read) if read is not None else None
    if write is not None:
        from incidentlint.writer import WriteError, check_target

        try:
            check_target(str(write), _target_name(write))
        except WriteError as error:
            raise ConfigError(error.message) from None
    return old


def apply_options(
    results: list[FileResult],
    old: Baseline | None,
    write: Path | None,
    ran: RuleRan | None = None,
    repository: Collection[str] = (),
) -> tuple[Outcome, int | None]:
    """``--baseline`` (loaded by :func:`prepare`) and ``--write-baseline``; returns the outcome and how many entries
    were written, if any.

    With both, the written file keeps the old entries that still match and those this run could not judge (see
    :meth:`Baseline.apply`), and drops the stale ones: it shrinks, never grows. With ``--write-baseline`` alone it
    records every finding of this run, which are then hidden like any baseline.
    """
    outcome = old.apply(results, ran, repository) if old is not None else Outcome(results=list(results))
    if write is None:
        return outcome, None
    if old is not None:
        # The old entries as they were, less the stale ones: a prune only deletes lines, so its diff does not
        # churn with the working directory a message's file name was typed from, or with a reworded message.
        stale = Counter(outcome.unmatched)
        kept = []
        for entry in old.entries:
            if stale[entry] > 0:
                stale[entry] -= 1
            else:
                kept.append(entry)
        new = Baseline(old.path, sorted(kept)).moved_to(write)
    else:
        new = Baseline.of(write, [d for r in results for d in r.diagnostics])
    new.write()
    if old is None:
        outcome = new.apply(results)
    return outcome, len(new.entries)
