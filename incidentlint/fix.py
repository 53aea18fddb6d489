"""Autofix: apply the fixes rules attach to findings, check the result, then write it or show it as a diff.

Each pass lints the current text, turns every allowed fix into text edits (:mod:`incidentlint.edits`), applies
the ones that do not overlap, and checks the new text three ways: it still parses; parsed, it equals the old
record with exactly the fixes' operations applied (so an edit cannot change anything it does not name); and the
fixed rule no longer reports at the fixed place. Fixes that overlapped wait for the next pass. If any check
fails, the file is left as it was and an ``internal-error`` names the rule. Passes stop when no fix is left.
"""

from __future__ import annotations

import codecs
import copy
import difflib
import itertools
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, TextIO

from incidentlint import pointer as jp
from incidentlint.api import Fix, FixOp, Remove, Reorder, Replace, Rule
from incidentlint.config import ConfigError
from incidentlint.diagnostics import Diagnostic, Finding
from incidentlint.document import LINE_BREAK, Document
from incidentlint.edits import Edit, InvalidFix, Unsupported, apply, edits_for, lookup, overlap
from incidentlint.engine import FileResult, Linter, finding_hash
from incidentlint.loader import Loaded, parse
from incidentlint.registry import describe_source
from incidentlint.ruleguard import OVERFLOW_IDENTITY
from incidentlint.textsafe import defuse, visible
from incidentlint.writer import WriteError, write_atomic

if TYPE_CHECKING:
    from incidentlint.baseline import Baseline

#: More passes than any real record needs: one per nesting of overlapping fixes. Reaching it means two fixes
#: keep undoing each other.
MAX_PASSES = 10


@dataclass
class Plan:
    """One fix, as edits on the current text, and every diagnostic it resolves (rules may repeat a fix)."""

    diagnostics: list[Diagnostic]
    ops: tuple[FixOp, ...]
    edits: list[Edit]


@dataclass
class Outcome:
    """The fixed document and its remaining diagnostics, or the original and the reason fixing stopped."""

    document: Document
    diagnostics: list[Diagnostic]
    applied: int = 0


@dataclass
class _Failure:
    diagnostic: Diagnostic
    reason: str


def allowed(diagnostic: Diagnostic, unsafe: bool) -> bool:
    fix = diagnostic.fix
    return isinstance(fix, Fix) and bool(fix.ops) and (fix.safe or unsafe)


def fix_document(
    linter: Linter,
    document: Document,
    diagnostics: list[Diagnostic],
    unsafe: bool,
    accepted: Callable[[list[Diagnostic]], list[Diagnostic]] | None = None,
) -> Outcome:
    """Apply every allowed fix to ``document``; the outcome holds the original when a fix misbehaves.

    ``accepted`` takes the fixes off findings that must stay as they are (the ones ``--baseline`` hides). It is
    asked again after each pass, whose fresh lint brings those fixes back.
    """
    current, remaining, applied = document, diagnostics, 0
    unsupported: set[str] = set()
    for _ in range(MAX_PASSES + 1):
        if accepted is not None:
            remaining = accepted(remaining)
        plans, failures = _plans(current, remaining, unsafe, unsupported)
        if failures:
            return _failed(linter, document, diagnostics, failures)
        if not plans:
            return Outcome(current, remaining, applied)
        if _ == MAX_PASSES:
            if {p.diagnostics[0].rule for p in plans} <= _overflowing(remaining):
                # Not a fix that never settles: a rule with more findings than a report lists (100 per file) gets
                # that many fixed a pass. Keep the passes made; the rest is reported, and the next --fix goes on.
                return Outcome(current, remaining, applied)
            stuck = [_Failure(p.diagnostics[0], f"did not settle after {MAX_PASSES} passes") for p in plans]
            return _failed(linter, document, diagnostics, stuck)
        batch = _choose(plans)
        result = _verify(linter, current, batch)
        if isinstance(result, list):
            return _failed(linter, document, diagnostics, result)
        current, remaining = result
        applied += sum(len(plan.diagnostics) for plan in batch)
    raise AssertionError("unreachable: the loop returns on its last pass")


def _overflowing(diagnostics: Sequence[Diagnostic]) -> set[str]:
    """The rules whose findings in this file were more than a report lists (see ruleguard.capped)."""
    overflow = finding_hash(None, Finding("", "", identity=OVERFLOW_IDENTITY))
    return {d.rule for d in diagnostics if not d.pointer and d.value_hash == overflow}


def _plans(
    document: Document, diagnostics: Sequence[Diagnostic], unsafe: bool, unsupported: set[str]
) -> tuple[list[Plan], list[_Failure]]:
    plans: dict[str, Plan] = {}
    failures: list[_Failure] = []
    for diagnostic in diagnostics:
        if not allowed(diagnostic, unsafe):
            continue
        ops: tuple[FixOp, ...] = tuple(diagnostic.fix.ops)
        key = repr(ops)
        if key in plans:
            plans[key].diagnostics.append(diagnostic)
            continue
        if key in unsupported:
            continue
        try:
            edits = edits_for(document, ops)
        except Unsupported:
            unsupported.add(key)  # this layout cannot take the fix; the finding stays for a person
            continue
        except InvalidFix as error:
            failures.append(_Failure(diagnostic, f"cannot be applied: {error}"))
            continue
        plans[key] = Plan([diagnostic], ops, edits)
    return list(plans.values()), failures


def _choose(plans: Sequence[Plan]) -> list[Plan]:
    """The fixes of this pass: in file order, each one that overlaps none already taken."""
    taken: list[Plan] = []
    edits: list[Edit] = []
    for plan in sorted(plans, key=lambda p: (p.edits[0].start if p.edits else -1, p.diagnostics[0].sort_key())):
        if any(overlap(mine, other) for mine in plan.edits for other in edits):
            continue
        taken.append(plan)
        edits.extend(plan.edits)
    return taken


def _attempt(document: Document, plans: Sequence[Plan]) -> Document | str:
    """The re-parsed document after ``plans``, or why the new text is wrong."""
    text = apply(document.text, [edit for plan in plans for edit in plan.edits])
    fixed, problems = parse(document.path, text, document.bom, document.format)
    if fixed is None:
        first = problems[0] if problems else None
        detail = f": {first.message} (line {first.line})" if first is not None and first.line else ""
        return f"would make the file unparseable{detail}"
    expected = expected_data(document.data, [op for plan in plans for op in plan.ops])
    if _canonical(fixed.data) != _canonical(expected):
        return "would change the record beyond what the fix describes"
    return fixed


def _verify(
    linter: Linter, document: Document, batch: Sequence[Plan]
) -> tuple[Document, list[Diagnostic]] | list[_Failure]:
    fixed = _attempt(document, batch)
    if isinstance(fixed, str):
        failures = []
        for plan in batch:  # find the fix to blame; if none fails alone, they fail together
            alone = _attempt(document, [plan]) if len(batch) > 1 else fixed
            if isinstance(alone, str):
                failures.append(_Failure(plan.diagnostics[0], alone))
        return failures or [_Failure(plan.diagnostics[0], fixed) for plan in batch]
    diagnostics = linter.lint_document(fixed)
    ops = [op for plan in batch for op in plan.ops]
    failures = []
    for plan in batch:
        for diagnostic in plan.diagnostics:
            moved = map_pointer(diagnostic.pointer, ops)
            if moved is None:
                continue  # the value it reported was removed
            if any(d.rule == diagnostic.rule and d.pointer == moved for d in diagnostics):
                failures.append(_Failure(diagnostic, "does not resolve the problem: the rule still reports it"))
    return failures or (fixed, diagnostics)


def _failed(linter: Linter, document: Document, diagnostics: list[Diagnostic], failures: list[_Failure]) -> Outcome:
    check = linter.checks["internal-error"]
    extra = []
    for failure in failures:
        message = rule_bug(linter.rules, failure.diagnostic.rule, failure.reason, "so the file was left unchanged")
        extra.append(linter.position(document, check, Finding(failure.diagnostic.pointer, message)))
    return Outcome(document, sorted([*diagnostics, *extra], key=Diagnostic.sort_key), 0)


def rule_bug(rules: Mapping[str, Rule], name: str, reason: str, outcome: str) -> str:
    """The internal-error message for a fix of rule ``name`` that is wrong: which rule, from where, what went wrong,
    what incidentlint did about it, and who can fix the rule."""
    rule = rules.get(name)
    source = f" ({describe_source(rule.source)})" if rule is not None else ""
    return f"the fix for '{name}'{source} {reason}, {outcome}; this is a bug in the rule: {_who_fixes(rule)}"


def _who_fixes(rule: Rule | None) -> str:
    """As for a rule that crashes: a team's own rule is theirs to fix, and a plugin's goes to its maintainers."""
    kind = rule.source.partition(":")[0] if rule is not None else ""
    if kind == "local":
        return "fix the rule in its file"
    if kind == "plugin":
        return "please report it to the plugin's maintainers with the file attached"
    return "please report it with the file attached"


# -- the value-level meaning of a fix ------------------------------------------------------------------------------


def _canonical(data: Any) -> str:
    """Equality that also sees key order and the difference between 1, 1.0 and true."""
    return json.dumps(data, ensure_ascii=True, allow_nan=True)


def expected_data(data: Any, ops: Sequence[FixOp]) -> Any:
    """``data`` with ``ops`` applied. Pointers refer to ``data`` before any op: replacements first, then
    reorders, then removals from the highest index (non-overlapping fixes never move a removed item)."""
    result = copy.deepcopy(data)
    for op in ops:
        if isinstance(op, Replace):
            parent, token = jp.parent(op.pointer), jp.split(op.pointer)[-1]
            container = lookup(result, parent)
            if isinstance(container, list):
                container[int(token)] = op.value
            elif isinstance(container, dict):
                container[token] = op.value
    for op in ops:
        if isinstance(op, Reorder):
            items = lookup(result, op.pointer)
            if isinstance(items, list):
                items[:] = [items[index] for index in op.order]
    removals = sorted(
        ((jp.parent(op.pointer), int(jp.split(op.pointer)[-1])) for op in ops if isinstance(op, Remove)),
        key=lambda item: -item[1],
    )
    for parent, index in removals:
        items = lookup(result, parent)
        if isinstance(items, list) and index < len(items):
            del items[index]
    return result


def map_pointer(pointer: str, ops: Sequence[FixOp]) -> str | None:
    """Where the value at ``pointer`` is after ``ops``; None if it was removed."""
    tokens = jp.split(pointer)
    for op in ops:
        if isinstance(op, Reorder):
            depth = len(jp.split(op.pointer))
            if _under(tokens, op.pointer) and tokens[depth].isdigit() and int(tokens[depth]) in op.order:
                tokens[depth] = str(op.order.index(int(tokens[depth])))
    # Removal indexes refer to the list before any removal: count them all against the original index.
    removed: dict[str, set[int]] = {}
    for op in ops:
        if isinstance(op, Remove):
            removed.setdefault(jp.parent(op.pointer), set()).add(int(jp.split(op.pointer)[-1]))
    for parent, indexes in removed.items():
        depth = len(jp.split(parent))
        if _under(tokens, parent) and tokens[depth].isdigit():
            index = int(tokens[depth])
            if index in indexes:
                return None
            tokens[depth] = str(index - sum(1 for gone in indexes if gone < index))
    return jp.from_path(tokens)


def _under(tokens: list[str], parent: str) -> bool:
    prefix = jp.split(parent)
    return len(tokens) > len(prefix) and tokens[: len(prefix)] == prefix


# -- the command-line hook ---------------------------------------------------------------------------------------


def encode(document: Document, text: str) -> bytes:
    return (codecs.BOM_UTF8 if document.bom else b"") + text.encode("utf-8")


def unified_diff(path: str, before: str, after: str, bom: bool = False) -> str:
    """A unified diff that ``patch`` applies; unsafe characters in names and lines are shown escaped, as everywhere
    we print, except tabs, which JSON and YAML files hold and which are harmless on a terminal, and the byte-order
    mark a file starts with (``bom``), which is invisible but needed for the first line to match."""
    name = visible(path)
    if bom:
        before, after = "\ufeff" + before, "\ufeff" + after
    old_lines, new_lines = _lines(before), _lines(after)
    firsts = {lines[0].rstrip("\r\n") for lines in (old_lines, new_lines) if lines and bom}
    out = []
    for number, line in enumerate(difflib.unified_diff(old_lines, new_lines, name, name, lineterm="")):
        if number < 2:
            # patch reads a file name up to a tab: one after it keeps a name with spaces whole, as git writes it.
            out.append(line + ("\t" if " " in name else "") + "\n")
            continue
        if line.startswith("@@"):
            out.append(line + "\n")
            continue
        ending = "\r\n" if line.endswith("\r\n") else line[-1] if line.endswith(("\n", "\r")) else ""
        content = line[1 : len(line) - len(ending)]
        mark = "\ufeff" if content in firsts else ""  # only the file's own first line holds the mark
        shown = "\t".join(visible(part) for part in content[len(mark) :].split("\t"))
        # A patch line ends with LF; a lone CR (old Mac files) cannot be written as one, so it shows as LF.
        out.append(line[0] + mark + shown + ("\n" if ending == "\r" else ending))
        if not ending:
            out.append("\n\\ No newline at end of file\n")
    return "".join(out)


def _lines(text: str) -> list[str]:
    """Lines with their line breaks: LF, CRLF or a lone CR, as document.Lines counts them (``str.splitlines``
    would also split at characters such as U+001C or U+0085)."""
    starts = [0, *(match.end() for match in LINE_BREAK.finditer(text))]
    if starts[-1] < len(text):
        starts.append(len(text))
    return [text[begin:end] for begin, end in itertools.pairwise(starts)]


@dataclass
class Fixer:
    """The engine's hook while a file's document is alive: fix it, then write the file or keep a diff."""

    linter: Linter
    unsafe: bool = False
    write: bool = True
    #: ``--baseline``: the findings it hides are accepted as they are, so they are not fixed either.
    baseline: Baseline | None = None
    #: ``--fix -``: standard input is not written back but echoed, fixed, on standard output (as ruff and black
    #: do, for editors); these are the bytes to echo, the input as it came when nothing was fixed.
    echo: bytes | None = None
    echoing: bool = False
    diffs: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    applied: int = 0

    def __call__(self, loaded: Loaded, diagnostics: list[Diagnostic]) -> tuple[Document, list[Diagnostic], int] | None:
        document = loaded.document
        if self.echoing:  # None when the input could not be read whole: then there is nothing to give back
            self.echo = None if loaded.text is None and not loaded.raw else loaded.raw
        diagnostics = self._unbaselined(diagnostics)
        if document is None or not any(allowed(d, self.unsafe) for d in diagnostics):
            return None
        outcome = fix_document(self.linter, document, diagnostics, self.unsafe, self._unbaselined)
        if outcome.document.text == document.text:
            return document, outcome.diagnostics, 0
        if self.echoing:
            self.echo = encode(document, outcome.document.text)
        elif not self.write:
            self.diffs.append(unified_diff(loaded.path, document.text, outcome.document.text, document.bom))
        else:
            try:
                write_atomic(loaded.path, encode(document, outcome.document.text), loaded.raw)
            except WriteError as error:
                problem = self.linter.position(document, self.linter.checks["io-error"], Finding("", error.message))
                return document, sorted([*diagnostics, problem], key=Diagnostic.sort_key), 0
        self.changed.append(loaded.path)
        self.applied += outcome.applied
        return outcome.document, outcome.diagnostics, outcome.applied

    def _unbaselined(self, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
        """``diagnostics`` without the fixes of those the baseline hides: they are accepted as they are."""
        if self.baseline is None or not any(d.fix is not None for d in diagnostics):
            return diagnostics
        path = diagnostics[0].file
        hidden = {id(d) for d in self.baseline.hide([FileResult(path, diagnostics)])[0].hidden}
        return [replace(d, fix=None) if id(d) in hidden else d for d in diagnostics]


def make_fixer(
    linter: Linter, *, fix: bool, diff: bool, unsafe: bool, paths: Sequence[str], baseline: Baseline | None = None
) -> Fixer | None:
    """The hook for ``--fix``/``--diff`` (None without them), installed on ``linter``; refuses what cannot work."""
    if unsafe and not (fix or diff):
        raise ConfigError("--unsafe-fixes only has an effect together with --fix or --diff")
    if not (fix or diff):
        return None
    echoing = not diff and "-" in paths
    if echoing and len(paths) > 1:
        raise ConfigError(
            "--fix prints fixed standard input on standard output, so '-' must be the only path; "
            "lint the files in another run"
        )
    fixer = Fixer(linter, unsafe=unsafe, write=not diff and not echoing, baseline=baseline, echoing=echoing)
    linter.fixer = fixer
    return fixer


def report_diff(fixer: Fixer, results: Sequence[FileResult], stdout: TextIO, stderr: TextIO, quiet: bool) -> int:
    """``--diff``: the patch on stdout; fixes that failed and a count on stderr. Exit 1 if anything would change."""
    stdout.write(defuse("".join(fixer.diffs)))  # record lines, shown as visible() made them, minus CI commands
    stdout.flush()
    code = 1 if fixer.changed else 0
    for result in results:
        for d in result.diagnostics:
            if d.rule in ("internal-error", "io-error"):
                line = f"{visible(d.file)}:{d.line}:{d.column}: {d.severity.label}[{d.rule}] {visible(d.message)}\n"
                stderr.write(defuse(line))
                code = max(code, 3 if d.rule == "internal-error" else 2)
    if not quiet:
        fixes = sum(result.fixes_applied for result in results)
        files = len(fixer.changed)
        stderr.write(
            f"incidentlint: {fixes} {'fix' if fixes == 1 else 'fixes'} would be applied to "
            f"{files} {'file' if files == 1 else 'files'}\n"
            if files
            else "incidentlint: no fixes to apply\n"
        )
    return code
