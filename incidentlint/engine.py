"""The engine: load, validate, run rules, position findings, and apply filters; one file at a time."""

from __future__ import annotations

import codecs
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import redirect_stdout
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from itertools import islice
from typing import TYPE_CHECKING, Any, BinaryIO, TypeVar

from incidentlint import pointer as jp
from incidentlint.api import Options, Rule
from incidentlint.config import Config, ConfigError, suggest
from incidentlint.diagnostics import Diagnostic, Finding
from incidentlint.document import LINE_BREAK, Document, Lines, LoadProblem
from incidentlint.loader import Loaded, decodable_prefix, load_path, parse
from incidentlint.registry import CORE_CHECKS
from incidentlint.ruleguard import (
    MAX_COUNTED_FINDINGS,
    MAX_RULE_FINDINGS,
    capped,
    crash,
    iterable,
    overflow,
    repository_findings,
    restored,
    unpicklable_summary,
    well_formed,
)
from incidentlint.schema import SchemaConfigError, SchemaValidator
from incidentlint.selection import Check, ignored_in_file, resolve
from incidentlint.textsafe import visible

if TYPE_CHECKING:
    from incidentlint.baseline import Entry
    from incidentlint.suppressions import Malformed, Suppression, Suppressions


@dataclass
class FileResult:
    """Everything the reporters need about one file, without holding its document."""

    path: str
    diagnostics: list[Diagnostic]
    source_lines: dict[int, str] = field(default_factory=dict)
    fixes_applied: int = 0
    #: The file starts with a UTF-8 byte order mark, which the line texts leave out but byte columns count.
    bom: bool = False


@dataclass
class Outcome:
    """What applying a baseline did: the remaining results, what it hid, the entries this run showed to be stale
    (``unmatched``), and the entries it could not judge, which a rewritten baseline keeps (``unjudged``). A run
    without a baseline has only results; it is here, not in the baseline module, so that such a run (nearly every
    pre-commit run) does not import that module."""

    results: list[FileResult]
    hidden: list[Diagnostic] = field(default_factory=list)
    unmatched: list[Entry] = field(default_factory=list)
    unjudged: list[Entry] = field(default_factory=list)


FixHook = Callable[[Loaded, list[Diagnostic]], tuple[Document, list[Diagnostic], int] | None]


#: The longest message a report shows. The built-in rules quote values shortened, so theirs stay far below it; a
#: plugin's message can hold a whole field (one of 1.4 MB filled the terminal and every report with it).
MAX_MESSAGE = 2000


def bounded(message: str) -> str:
    """``message``, cut at :data:`MAX_MESSAGE` characters with a note of how much was left out."""
    if len(message) <= MAX_MESSAGE:
        return message
    return f"{message[:MAX_MESSAGE]}\u2026 (the message goes on for {len(message) - MAX_MESSAGE:,} more characters)"


_T = TypeVar("_T")

#: What :meth:`Linter._run` runs rules over: a record, its text, its path, where its findings go, and the snapshot
#: of its top-level items that plugin rules are checked against (None for the built-in rules).
_Target = tuple[dict[str, Any], str, str, list[tuple[str, Finding]], list[tuple[str, Any]] | None]

#: Files per :meth:`Linter.lint_batch`. Timing the rules alone over 300 records in batches of 4, 16, 64 and 300
#: gave 93, 79, 75 and 72 us a record (113 one record at a time): past 16 little is left to gain, and a batch's
#: documents are all held until it is done.
BATCH = 16


#: The most record text a batch holds before its records are finished: 16 ordinary records are ~50 KB, and a
#: file of 1 MiB or more is linted on its own.
BATCH_BYTES = 1 << 20


def batches(paths: Sequence[str], size: int = BATCH) -> Iterator[Sequence[str]]:
    """``paths`` in consecutive groups of ``size``."""
    for start in range(0, len(paths), size):
        yield paths[start : start + size]


def finding_hash(data: Any, finding: Finding) -> str:
    """What a baseline and a fingerprint know a finding by, besides its file, rule and pointer: a hash of its
    ``identity`` when it has one, of its message when it is about the whole record (a hash of the record would
    change with every edit), else of the offending value."""
    if finding.identity is not None:
        return _digest("identity:" + finding.identity)
    if not finding.pointer:
        return _digest("message:" + finding.message)
    return value_hash(data, finding.pointer)


def _digest(text: str) -> str:
    import hashlib  # here: only findings need it, and its OpenSSL binding costs ~3 ms of a clean run's start-up

    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def value_hash(data: Any, pointer: str) -> str:
    value = jp.resolve(data, pointer)
    try:
        text = json.dumps(value, sort_keys=True, ensure_ascii=True, default=str)
    except ValueError:  # an integer too long to write in decimal (the loaders refuse these; the API may not)
        text = repr(_hexed(value))
    return _digest(text)


def _hexed(value: Any) -> Any:
    """``value`` with every integer written in hexadecimal, which has no length limit."""
    if isinstance(value, dict):
        return sorted((str(key), _hexed(item)) for key, item in value.items())
    if isinstance(value, list):
        return [_hexed(item) for item in value]
    if isinstance(value, int) and not isinstance(value, bool):
        return hex(value)
    return value


def _drop_shadowed(diagnostics: list[Diagnostic], data: Any) -> list[Diagnostic]:
    """Without the YAML-ambiguity warnings on a value the schema refuses: for ``executives_notified: no`` the
    schema's "must be true or false" is the finding, and the warning's "quote it ('no')" would contradict it.
    Without placeholder-text's warning on a value the schema refuses (``end_time: TBD``): the schema's error fails
    the run and says what belongs there.
    Without the schema's finding on a null that a rule reports too: for ``end_time: null`` in a resolved record,
    resolved-without-end-time says what is missing and both ways out, the schema's "must be a string" neither."""
    refused = {(d.line, d.column) for d in diagnostics if d.rule == "schema"}
    explained = {d.pointer for d in diagnostics if d.rule not in CORE_CHECKS}
    invalid = {d.pointer for d in diagnostics if d.rule == "schema" and d.pointer}

    def shadowed(d: Diagnostic) -> bool:
        if d.rule == "yaml-ambiguous-value":
            return (d.line, d.column) in refused
        if d.rule == "placeholder-text":  # end_time: TBD fails the schema, which says what to write; one finding
            return d.pointer in invalid
        return d.rule == "schema" and d.pointer in explained and jp.resolve(data, d.pointer, jp.MISSING) is None

    return [d for d in diagnostics if not shadowed(d)]


def _offerable(linter: Linter, document: Document, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """The diagnostics, with the fix dropped where this file's layout cannot take it (a ``? key`` mapping, compact
    ``- -`` sequences, ...): a report must not offer, by ``[*]`` or its JSON ``fix``, what ``--fix`` will not do.
    A fix that cannot apply to this record at all (a Replace of a field it lacks) is a bug in its rule: dropped
    too, so that ``--fix`` still applies the others, and an internal error names the rule, as when a fix fails
    its check."""
    from incidentlint.edits import InvalidFix, Unsupported, edits_for  # only for a file with a fixable finding
    from incidentlint.fix import rule_bug

    out = []
    bugs: dict[tuple[str, str], Finding] = {}
    for d in diagnostics:
        if d.fix is not None and d.fix.ops:
            try:
                edits_for(document, d.fix.ops)
            except Unsupported:
                d = replace(d, fix=None)
            except InvalidFix as error:
                reason = f"cannot be applied: {visible(str(error))}"
                message = rule_bug(linter.rules, d.rule, reason, "so it is not offered")
                bugs.setdefault((d.rule, message), Finding(d.pointer, message))  # once for a fix that rules repeat
                d = replace(d, fix=None)
            except Exception:  # a fix that is wrong in itself: --fix reports it, and a plain run must not crash
                pass
        out.append(d)
    check = linter.checks["internal-error"]
    out.extend(linter.position(document, check, finding) for finding in bugs.values())
    return sorted(out, key=Diagnostic.sort_key) if bugs else out


def _source_text(document: Document) -> Callable[[str], str | None]:
    """A value's text as written, by pointer: what a schema message quotes when YAML read it as another type."""

    def written(pointer: str) -> str | None:
        span = document.spans.get(pointer)
        if span is None:
            return None
        if span.start == span.end:  # an empty value: what follows it on its line (a comment that took the text?)
            return LINE_BREAK.split(document.text[span.start : span.start + 200], maxsplit=1)[0]
        return document.text[span.start : span.end]

    return written


class Linter:
    """One configured run: the enabled checks, the schema, and the options of each rule."""

    def __init__(self, config: Config, rules: Mapping[str, Rule], now: datetime | None = None) -> None:
        self.config = config
        self.rules = rules
        self.checks: dict[str, Check] = resolve(config, rules)
        #: The run's notion of now, read once: every rule (and every worker process) compares with the same instant.
        self.clock = now or datetime.now(UTC)
        self.options: dict[str, Options] = {}
        for name, rule in rules.items():
            merged = {**rule.options, **config.options.get(name, {})}
            self.options[name] = Options(merged, self.clock)
        from incidentlint.config import load_user_schema

        schema = load_user_schema(config.schema) if config.schema is not None else None
        self.schema = SchemaValidator.create(schema, str(config.schema) if config.schema is not None else None)
        self.record_rules = [c for c in self.checks.values() if c.rule is not None and c.rule.scope == "record"]
        self.repository_rules = [c for c in self.checks.values() if c.rule is not None and c.rule.scope == "repository"]
        #: What the hot loop needs of each record rule, looked up once per run rather than once per record.
        plan = [
            (c.name, c.rule, c.rule.check, self.options[c.name], c.rule.prefilter)
            for c in self.record_rules
            if c.rule is not None
        ]
        # Built-in rules run first, on the record as read: a plugin that modifies it (which it must not) cannot
        # change their findings. Plugin and local rules are watched for that (see _run).
        self.plan = [step for step in plan if step[1].source == "built-in"]
        self.plugin_plan = [step for step in plan if step[1].source != "built-in"]
        # Summaries for repository-wide rules: (display name, path, summary) per loaded record.
        self.summaries: dict[str, list[tuple[str, str, Any]]] = {c.name: [] for c in self.repository_rules}
        # Suppressions of repository rules can only be judged once those rules have run: the files that have one.
        self.repository_names = {n for c in self.repository_rules for n in (c.name, c.code)}
        self.pending: set[str] = set()
        self.stdin_texts: dict[str, str] = {}
        #: ``--fix``/``--diff``: called while a file's document is alive; may return the fixed document, its
        #: diagnostics and the number of fixes applied (see incidentlint.fix.Fixer).
        self.fixer: FixHook | None = None
        #: Repository rules that cannot run: the record whose summary failed, and why (see unpicklable_summary).
        self.failed: dict[str, tuple[str, Exception]] = {}
        #: collect() crashes on records under ``root`` that this run does not lint: (rule, path, display, error).
        self.root_crashes: list[tuple[str, str, str, BaseException]] = []
        #: The built-in rules' findings for the documents of the batch being linted (see lint_batch), by id.
        self._ahead: dict[int, tuple[Document, list[tuple[str, Finding]]]] = {}

    # -- stages ---------------------------------------------------------------------------------------------
    def findings(self, document: Document) -> list[tuple[str, Finding]]:
        """Schema and record-rule findings as (check name, finding); rule crashes become internal errors."""
        out: list[tuple[str, Finding]] = []
        data = document.data
        if "schema" in self.checks and not (isinstance(data, dict) and self.schema.is_valid(data)):
            written = _source_text(document) if document.format == "yaml" else None
            out.extend(("schema", finding) for finding in self.schema.findings(data, written))
        if not isinstance(data, dict):
            return out
        text = document.text
        ahead = self._ahead.pop(id(document), None) if self._ahead else None
        if ahead is not None and ahead[0] is document:
            out.extend(ahead[1])  # found with the rest of its batch
        else:
            self._run(self.plan, [(data, text, document.path, out, None)])
        if self.plugin_plan:
            self._run(self.plugin_plan, [(data, text, document.path, out, list(data.items()))])
        return out

    def _run(
        self,
        plan: list[tuple[str, Rule, Callable[..., Iterable[Any]], Options, Callable[[str], bool] | None]],
        targets: Sequence[_Target],
    ) -> None:
        """Run the record rules of ``plan`` over each target (record, its text, its path, the list its findings go
        to, snapshot): each rule over every target before the next rule (see :meth:`lint_batch`).

        The snapshot is None for the built-in rules, which are read in full. For plugin and local rules it holds
        the record's top-level items: such a rule is read up to the cap (and counted past it, within
        MAX_COUNTED_FINDINGS), and one that changed those items (adding, removing or replacing a field) is an
        internal error, the record being put back as it was for the next rules. That is a list of 20-odd pairs per
        rule, compared by identity first, where a deep copy of the record per rule would cost more than the rules;
        a change deeper down (an item appended to the timeline) goes unseen."""
        for name, rule, check, options, prefilter in plan:
            for data, text, path, out, snapshot in targets:
                try:
                    if prefilter is not None and not prefilter(text):
                        continue  # the text shows the rule has nothing to find
                    # Collected first: a rule that crashes halfway reports the crash, not half of its findings.
                    result = check(data, options)
                    if snapshot is None:  # built-in: finite, and islice would cost ~0.2 us a rule in the hot loop
                        found = list(result)
                        if len(found) > MAX_RULE_FINDINGS:
                            found = capped(found, len(found) - MAX_RULE_FINDINGS, False)
                    else:  # at most one past the cap: an endless generator must not hang the run or fill the memory
                        found = list(islice(iterable(result), MAX_RULE_FINDINGS + 1))
                        if len(found) > MAX_RULE_FINDINGS:
                            more = overflow(result, len(found))
                            found = capped(found, more, more + MAX_RULE_FINDINGS >= MAX_COUNTED_FINDINGS)
                        if list(data.items()) != snapshot:
                            raise restored(data, snapshot)
                except (Exception, SystemExit) as error:  # a rule bug must not hide the other rules' findings; nor
                    # may a plugin's sys.exit() end the run, with whatever exit code it chose and no report at all
                    if snapshot is not None and list(data.items()) != snapshot:
                        restored(data, snapshot)
                    out.append(("internal-error", crash(rule, path, error)))
                    continue
                if found:
                    try:
                        well_formed(found)
                    except TypeError as error:
                        out.append(("internal-error", crash(rule, path, error)))
                        continue
                    out.extend((name, finding) for finding in found)

    def lint_document(self, document: Document, extra: Iterable[tuple[str, Finding]] = ()) -> list[Diagnostic]:
        """Diagnostics for one parsed document: load warnings, schema, rules, then filters."""
        raw: list[tuple[str, Finding | LoadProblem]] = [(p.rule, p) for p in document.problems]
        raw.extend(self.findings(document))
        raw.extend(extra)
        diagnostics = self.finish(document, raw)
        return _offerable(self, document, diagnostics) if any(d.fix is not None for d in diagnostics) else diagnostics

    def finish(
        self, document: Document, raw: Sequence[tuple[str, Finding | LoadProblem]], phase: str = "record"
    ) -> list[Diagnostic]:
        """Position the findings, drop the ignored and suppressed ones, and report unused suppressions.

        ``phase`` is ``"record"`` for the per-file pass and ``"repository"`` for repository-rule findings, which
        arrive after every file was read; each suppression is judged in the phase of the rule it names.
        """
        marked = document.may_suppress()
        if not raw and not marked:
            return []
        # Imported here, not with the engine: a clean record without suppressions (most of them, and a clean
        # one-file run's only one) never needs the module, its classes and its expressions (~2.5 ms of start-up).
        from incidentlint.suppressions import Suppressions, collect

        ignored = ignored_in_file(document.path, self.config, self.rules)
        suppressions = collect(document) if marked else Suppressions()
        result: list[Diagnostic] = []
        shadowed: set[tuple[str, str]] = set()  # (rule, pointer) a reported load problem accounts for
        for name, item in raw:
            check = self.checks.get(name)
            if check is None or name in ignored:
                continue
            diagnostic = self.position(document, check, item)
            if name not in UNSUPPRESSIBLE and suppressions.match(
                (check.name, check.code), _lines(document, item, diagnostic)
            ):
                continue
            result.append(diagnostic)
            if isinstance(item, LoadProblem) and item.shadows:
                shadowed.update((rule, item.pointer) for rule in item.shadows)
        if shadowed:
            result = [d for d in result if (d.rule, d.pointer) not in shadowed]
        if any(d.rule == "schema" for d in result):
            result = _drop_shadowed(result, document.data)
        if phase == "record" and any(item.rule in self.repository_names for item in suppressions.items):
            self.pending.add(document.path)
        result.extend(self.unused_suppressions(document, suppressions, ignored, phase))
        result.sort(key=Diagnostic.sort_key)
        return result

    def unused_suppressions(
        self, document: Document, suppressions: Suppressions, ignored: set[str], phase: str
    ) -> list[Diagnostic]:
        check = self.checks.get("unused-suppression")
        if check is None or "unused-suppression" in ignored:
            return []
        out: list[Diagnostic] = []
        if phase == "record":
            out.extend(self._place(document, check, problem.message, problem) for problem in suppressions.malformed)
        for entry in suppressions.items:
            if entry.used or (entry.rule in self.repository_names) != (phase == "repository"):
                continue
            out.append(self._place(document, check, self._unused_message(entry, ignored), entry))
        return out

    def _unused_message(self, entry: Suppression, ignored: set[str]) -> str:
        name = visible(entry.rule)
        known = {**{n: n for n in CORE_CHECKS}, **{code: n for n, (code, _, _) in CORE_CHECKS.items()}}
        known.update({n: n for n in self.rules})
        known.update({rule.code: n for n, rule in self.rules.items()})
        target = known.get(entry.rule)
        if target is None:
            return f"the suppression names '{name}', which is not a rule{suggest(entry.rule, list(known))}"
        if target in UNSUPPRESSIBLE:
            return f"'{target}' cannot be suppressed: it means the file or a rule could not be checked; remove it"
        if target in ignored:
            return (
                f"the suppression of '{name}' is unused: per-file-ignores already turns that rule off here; remove it"
            )
        if target not in self.checks:
            return f"the suppression of '{name}' is unused: that rule is not enabled; remove it"
        if not entry.lines:
            where = "in this file"
        elif len(entry.lines) == 1:
            where = "on this line"
        else:
            where = "on this line or the next"
        return f"the suppression of '{name}' matches nothing {where}; remove it"

    def _place(self, document: Document, check: Check, message: str, at: Suppression | Malformed) -> Diagnostic:
        if at.pointer:
            from incidentlint.suppressions import Malformed  # loaded by finish() already

            return self.position(document, check, Finding(at.pointer, message, isinstance(at, Malformed) and at.on_key))
        # A comment has no value to be known by in a baseline: like a whole-record finding, by its message (which
        # names the rule), so one accepted unused suppression does not hide another.
        return Diagnostic(
            document.path,
            at.line,
            at.column,
            at.line,
            at.end_column,
            check.name,
            check.code,
            check.severity,
            message,
            value_hash=_digest("message:" + message),
        )

    def position(self, document: Document, check: Check, item: Finding | LoadProblem) -> Diagnostic:
        if isinstance(item, LoadProblem):
            return _problem_diagnostic(document.path, check, item, document)
        start, end = document.locate(item.pointer, item.on_key)
        line, column = document.lines.position(start)
        end_line, end_column = document.lines.position(end) if end > start else (line, column)
        return Diagnostic(
            document.path,
            line,
            column,
            end_line,
            end_column,
            check.name,
            check.code,
            check.severity,
            bounded(item.message),
            item.pointer,
            fix=item.fix,
            value_hash=finding_hash(document.data, item),
        )

    # -- files ----------------------------------------------------------------------------------------------
    def lint_loaded(self, loaded: Loaded) -> FileResult:
        document = loaded.document
        if document is None:
            diagnostics = [
                _problem_diagnostic(loaded.path, self.checks[p.rule], p, None)
                for p in loaded.problems
                if p.rule in self.checks
            ]
            diagnostics.sort(key=Diagnostic.sort_key)
            if self.fixer is not None:
                self.fixer(loaded, diagnostics)  # nothing to fix, but --fix - echoes what it read
            text = loaded.text if loaded.text is not None else decodable_prefix(loaded.raw)
            lines = Lines(text) if text is not None else None
            bom = loaded.raw.startswith(codecs.BOM_UTF8)
            return FileResult(loaded.path, diagnostics, source_lines(lines, diagnostics) if lines else {}, bom=bom)
        diagnostics = self.lint_document(document)
        applied = 0
        fixed = self.fixer(loaded, diagnostics) if self.fixer is not None else None
        if fixed is not None:
            document, diagnostics, applied = fixed
        crashes = self.collect_summaries(document, loaded.path)
        if crashes:
            check = self.checks["internal-error"]
            diagnostics = sorted(
                [*diagnostics, *(self.position(document, check, c) for c in crashes)], key=Diagnostic.sort_key
            )
        shown = source_lines(document.lines, diagnostics)
        return FileResult(loaded.path, diagnostics, shown, fixes_applied=applied, bom=document.bom)

    def collect_summaries(self, document: Document, path: str, root: bool = False) -> list[Finding]:
        """Each repository rule's summary of the record; a collect() that crashes leaves the record out, and is
        that rule's internal error on this file (kept in ``root_crashes`` for a file under ``root`` only)."""
        if not self.repository_rules or not isinstance(document.data, dict):
            return []
        crashes = []
        for check in self.repository_rules:
            rule = check.rule
            assert rule is not None
            try:
                summary = rule.collect(document.data) if rule.collect is not None else document.data
            except (Exception, SystemExit) as error:  # as a crash in check(): the other rules still run
                if root:
                    self.root_crashes.append((check.name, path, document.path, error))
                else:
                    crashes.append(crash(rule, document.path, error, " in collect()"))
                continue
            self.summaries[check.name].append((document.path, path, summary))
        return crashes

    def lint_path(self, path: str, display: str | None = None, stdin: BinaryIO | None = None) -> FileResult:
        loaded = self._load(path, display, stdin)
        return loaded if isinstance(loaded, FileResult) else self._lint_guarded(loaded, display or path)

    def lint_batch(self, items: Sequence[tuple[str, str | None]]) -> list[FileResult]:
        """``lint_path`` for each (path, display name), with the same results: each built-in rule runs over every
        record of the batch before the next rule starts. Run in turn on each record, the 25 rules cost ~117 us a
        record, and ~69 us timed one by one over many records (``python -m benchmarks.rulecost``): switching
        between 25 functions for every record is what costs. In batches of 16 they cost ~70 us against ~55 us timed
        one by one in the same rulecost run (22:40; 117 against 69 at 21:57, before batching). The
        batch's documents are held until it is done, so keep it small (:data:`BATCH`); once the records read hold
        more than :data:`BATCH_BYTES` of text, those are finished before the next is read, so a run with large
        files (``max-file-size`` allows up to 1 GiB) holds no more than one at a time, as before batching. Plugin
        and local rules still run record by record, after the built-in ones, as their record is watched for
        changes."""
        results: list[FileResult] = []
        group: list[tuple[Loaded | FileResult, str, str | None]] = []
        size = 0
        for path, display in items:
            loaded = self._load(path, display)
            group.append((loaded, path, display))
            document = loaded.document if isinstance(loaded, Loaded) else None
            size += len(document.text) if document is not None else 0
            if size > BATCH_BYTES:
                results.extend(self._lint_group(group))
                group, size = [], 0
        results.extend(self._lint_group(group))
        return results

    def _lint_group(self, group: Sequence[tuple[Loaded | FileResult, str, str | None]]) -> list[FileResult]:
        """The loaded files of a batch, each built-in rule over all of their records first (see lint_batch)."""
        ready = [
            item.document
            for item, _, _ in group
            if isinstance(item, Loaded) and item.document is not None and isinstance(item.document.data, dict)
        ]
        if len(ready) > 1 and self.plan:
            self._ahead = {id(document): (document, []) for document in ready}
            self._run(self.plan, [(d.data, d.text, d.path, self._ahead[id(d)][1], None) for d in ready])
        try:
            return [
                item if isinstance(item, FileResult) else self._lint_guarded(item, display or path)
                for item, path, display in group
            ]
        finally:
            self._ahead = {}

    def _load(self, path: str, display: str | None, stdin: BinaryIO | None = None) -> Loaded | FileResult:
        loaded = self._guarded(display or path, load_path, path, display, self.config.max_file_size, stdin)
        if isinstance(loaded, Loaded) and path == "-" and self.repository_rules and loaded.text is not None:
            self.stdin_texts[loaded.path] = loaded.text  # standard input cannot be read twice
        return loaded

    def _lint_guarded(self, loaded: Loaded, name: str) -> FileResult:
        return self._guarded(name, self.lint_loaded, loaded)

    def _guarded(self, name: str, step: Callable[..., _T], *args: Any) -> _T | FileResult:
        """``step(*args)`` for the file ``name``; a bug met on one file must not stop the others, so an exception
        becomes that file's internal error. A configuration or schema error is the run's, not the file's: it
        stops the run with exit 2."""
        try:
            return step(*args)
        except (ConfigError, SchemaConfigError):
            raise
        except Exception as error:
            detail = visible(f"{type(error).__name__}: {error}")[:200]
            message = (
                f"incidentlint crashed while checking this file: {detail}; the other files were still checked. "
                "Please report this with the file attached."
            )
            return self._whole_file(name, "internal-error", message)

    def _whole_file(self, name: str, rule: str, message: str) -> FileResult:
        """A result of one core diagnostic about the file as a whole, at 1:1 (it has no document to point into)."""
        check = self.checks[rule]
        return FileResult(name, [Diagnostic(name, 1, 1, 1, 1, check.name, check.code, check.severity, message)])

    def lint_text(self, name: str, text: str) -> FileResult:
        document, problems = parse(name, text)
        return self.lint_loaded(Loaded(name, document, problems, text=text))

    def collect_root(self) -> None:
        """Summaries of every record under the configured root that this run has not read already."""
        from incidentlint.discovery import expand

        root = self.config.root
        if root is None or not self.repository_rules:
            return
        seen = {os.path.realpath(path) for records in self.summaries.values() for _, path, _ in records}
        config = self.config
        for path in expand([str(root)], config.include, config.exclude, config.base, False, config.respect_gitignore):
            if os.path.realpath(path) in seen:
                continue
            try:
                display = os.path.relpath(path)
            except ValueError:  # another drive on Windows
                display = path
            loaded = load_path(path, display, self.config.max_file_size)
            if loaded.document is not None:
                self.collect_summaries(loaded.document, path, root=True)

    def repository_results(self, linted: Sequence[str]) -> list[FileResult]:
        """Run repository-wide rules over the summaries; findings land on the files of this run only.

        With a configured ``root`` the summaries also cover every record under it, so a run over a few changed
        files (pre-commit) still finds what they share with the rest of the repository.

        A rule that prints writes to stderr, as while files are linted (see :func:`incidentlint.parallel.runner`).
        """
        with redirect_stdout(sys.stderr):
            return self._repository_results(linted)

    def _repository_results(self, linted: Sequence[str]) -> list[FileResult]:
        self.collect_root()
        wanted = set(linted)
        per_file: dict[str, list[tuple[str, Finding]]] = {}

        def crashed(
            rule: Rule, records: Sequence[tuple[str, str, Any]], error: BaseException, where: str = "", stage: str = ""
        ) -> None:
            """The crash lands on the record ``where`` if this run lints it, else on the first one the rule saw."""
            target = where if where in wanted else next((name for name, _, _ in records if name in wanted), None)
            if target is not None:
                per_file.setdefault(target, []).append(("internal-error", crash(rule, where or target, error, stage)))

        # Only when a collect() crashed under the root: 10,000 realpaths cost ~80 ms a run that needs none.
        linted_paths = {os.path.realpath(name) for name in wanted} if self.root_crashes else set()
        for name, path, display, error in self.root_crashes:
            if os.path.realpath(path) not in linted_paths:  # a linted file reports its own
                crashed(self.rules[name], self.summaries[name], error, display, " in collect()")
        for check in self.repository_rules:
            rule = check.rule
            assert rule is not None
            records = self.summaries[check.name]
            failed = self.failed.get(check.name) or unpicklable_summary(rule, records)
            if failed is not None:  # a rule that sees some of the records would report wrong findings
                crashed(rule, records, failed[1], failed[0])
                continue
            try:
                pairs = [(name, summary) for name, _, summary in records]
                found = repository_findings(rule.check(pairs, self.options[check.name]), len(records))
            except (Exception, SystemExit) as error:  # same isolation as record rules
                crashed(rule, records, error)
                continue
            for index, finding in found:
                name = records[index][0]
                if name in wanted:
                    per_file.setdefault(name, []).append((check.name, finding))
        results = []
        paths = {name: path for records in self.summaries.values() for name, path, _ in records}
        for name in sorted(set(per_file) | (self.pending & wanted)):
            if name in self.stdin_texts:
                document, _ = parse(name, self.stdin_texts[name])
            else:
                document = load_path(paths.get(name, name), name, self.config.max_file_size).document
            if document is None:  # removed, or broken, since it was read: say so rather than drop its findings
                count = len(per_file.get(name, []))
                message = (
                    f"the file could not be read again to place {count} repository-wide "
                    f"{'finding' if count == 1 else 'findings'}: it was removed or changed while the run was going "
                    "on; run again"
                )
                results.append(self._whole_file(name, "io-error", message))
                continue
            diagnostics = self.finish(document, per_file.get(name, []), phase="repository")
            if diagnostics:
                shown = source_lines(document.lines, diagnostics)
                results.append(FileResult(name, diagnostics, shown, bom=document.bom))
        return results


#: Diagnostics that mean a file or rule could not be checked; hiding them would make a broken file look clean.
UNSUPPRESSIBLE = frozenset({"parse-error", "io-error", "internal-error"})


def _lines(document: Document, item: Finding | LoadProblem, diagnostic: Diagnostic) -> set[int]:
    """The lines a suppression may sit on for this diagnostic: its own, and its key's (a block value starts on
    the line after its key, where an author writes the comment)."""
    lines = {diagnostic.line}
    if isinstance(item, Finding):
        span = document.span(item.pointer)
        if span is not None and span.key_start >= 0:
            lines.add(document.lines.position(span.key_start)[0])
    return lines


def _problem_diagnostic(path: str, check: Check, problem: LoadProblem, document: Document | None) -> Diagnostic:
    if problem.offset >= 0 and document is not None:
        line, column = document.lines.position(problem.offset)
        end_line, end_column = (
            document.lines.position(problem.end_offset) if problem.end_offset > problem.offset else (line, column)
        )
    else:
        line, column = max(problem.line, 1), max(problem.column, 1)
        end_line, end_column = line, column
    return Diagnostic(
        path,
        line,
        column,
        end_line,
        end_column,
        check.name,
        check.code,
        check.severity,
        problem.message,
        problem.pointer,
        fix=problem.fix,
    )


def source_lines(lines: Lines, diagnostics: Iterable[Diagnostic]) -> dict[int, str]:
    """The text of each line a diagnostic starts or ends on: code frames show the first, and formats that count
    columns in other units (SARIF's UTF-16, rdjson's UTF-8 bytes) convert both ends with them."""
    return {line: lines.line_text(line) for d in diagnostics for line in {d.line, d.end_line} if line > 0}
