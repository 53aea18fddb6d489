"""What the engine checks of a rule's output, so that a misbehaving rule (a plugin's, usually) is that rule's
internal error and never the file's or the run's: findings well formed and capped, the record left as it was,
summaries that can travel between processes, and a crash described as a finding."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from itertools import islice
from typing import Any

from incidentlint.api import Fix, Remove, Reorder, Replace, Rule
from incidentlint.diagnostics import Finding
from incidentlint.lazyre import lazy
from incidentlint.registry import describe_source
from incidentlint.textsafe import show_value, visible

#: Findings one rule reports in one file, as the schema caps its own (a record with 30,000 timeline entries out of
#: the window would otherwise print 60,000 warnings, megabytes nobody reads): past it, one finding gives the count.
MAX_RULE_FINDINGS = 100


#: The identity of the finding that counts the findings past the cap (its message holds the count).
OVERFLOW_IDENTITY = "more findings than listed"

#: Findings past the cap are counted, not kept, up to this many in all; an endless generator stops there.
MAX_COUNTED_FINDINGS = 100_000


def overflow(result: Iterable[Any], taken: int) -> int:
    """How many findings ``result`` holds past the first ``MAX_RULE_FINDINGS``, counting (without keeping them) up
    to ``MAX_COUNTED_FINDINGS`` in all; ``taken`` were already read from it."""
    rest = iter(result)
    skip = 0 if rest is result else taken  # a list or tuple starts again from its first item
    return taken - MAX_RULE_FINDINGS + sum(1 for _ in islice(rest, skip, skip + MAX_COUNTED_FINDINGS - taken))


def capped(found: list[Finding], more: int, stopped: bool) -> list[Finding]:
    """The first ``MAX_RULE_FINDINGS`` findings, and one that gives the count of the ``more`` others (at least
    that many when ``stopped``: the rule was not read to its end)."""
    if stopped:
        message = (
            f"at least {more:,} more findings of this rule in this file are not listed (only the first "
            f"{MAX_RULE_FINDINGS} are, and counting stopped at {MAX_COUNTED_FINDINGS:,}); fix those and run again"
        )
    else:
        message = (
            f"{more:,} more {'finding' if more == 1 else 'findings'} of this rule in this file are not listed (only "
            f"the first {MAX_RULE_FINDINGS} are); fix those and run again"
        )
    return [*found[:MAX_RULE_FINDINGS], Finding("", message, identity=OVERFLOW_IDENTITY)]


_BAD_ESCAPE = lazy(r"~(?![01])")


def _is_pointer(pointer: object) -> bool:
    """An RFC 6901 JSON Pointer: ``""`` (the whole record) or ``/``-separated tokens, ``~`` only in ``~0``/``~1``."""
    return isinstance(pointer, str) and (
        pointer == "" or (pointer[0] == "/" and ("~" not in pointer or _BAD_ESCAPE.search(pointer) is None))
    )


def restored(data: dict[str, Any], snapshot: list[tuple[str, Any]]) -> RuntimeError:
    """Put the record's top-level fields back as in ``snapshot``; the error says which ones a rule changed."""
    before = dict(snapshot)
    changed = sorted(
        {key for key in data if key not in before or data[key] is not before[key]} | (before.keys() - data.keys()),
        key=str,
    )
    data.clear()
    data.update(snapshot)
    shown = ", ".join(show_value(key, 40) for key in changed[:3]) + (", ..." if len(changed) > 3 else "")
    return RuntimeError(f"it modified the record it was given ({shown}); rules must not, and the change was undone")


def unpicklable_summary(rule: Rule, records: Sequence[tuple[str, str, Any]]) -> tuple[str, Exception] | None:
    """The first record whose summary cannot be pickled, and why; None when every one can.

    Worker processes send their summaries to the parent by pickling them, so a summary that cannot be pickled
    works in a small run and fails in a large one (``--jobs``, or 120 files and more); checking every run makes
    a rule fail the same way on three files as on three thousand. One pickling of the summaries per rule per run,
    for plugin and local rules: the built-in ones are tested to pickle, and pickle costs ~4 ms of start-up.
    """
    if rule.source == "built-in":
        return None
    import pickle

    try:
        pickle.dumps([summary for _, _, summary in records])
        return None
    except Exception:  # find which record, below
        pass
    for name, _, summary in records:
        try:
            pickle.dumps(summary)
        except Exception as error:
            detail = f"{type(error).__name__}: {error}"
            return name, TypeError(
                f"summaries must be picklable (worker processes send them), and collect() returned one that is not: "
                f"{detail}"
            )
    return None


def iterable(result: object) -> Iterable[Any]:
    """``result`` itself when a check returned something to read findings from; a check written as a plain function
    that returns nothing when all is well would otherwise crash with "'NoneType' object is not iterable"."""
    # Text and mappings are iterable too, but read as findings they give "it yielded str, not a Finding" about a
    # rule that yielded nothing: a check that returned a message, or a {pointer: message} dict, is told what it did.
    if not isinstance(result, Iterable) or isinstance(result, str | bytes | Mapping):
        raise TypeError(
            f"it returned {'None' if result is None else type(result).__name__}, not findings: yield each Finding, "
            "or return a list of them (an empty one when there is nothing to report)"
        )
    return result


def repository_findings(result: Iterable[Any], records: int) -> list[tuple[int, Finding]]:
    """A repository rule's ``(index, finding)`` pairs, checked, each file's capped as a record rule's are, without
    the fixes (``--fix`` applies no repository-wide fix, so no report may offer one). It reads at most enough pairs
    to fill every file's list and count past it, so an endless generator stops."""
    kept: dict[int, list[Finding]] = {}
    more: dict[int, int] = {}
    limit = max(MAX_COUNTED_FINDINGS, (MAX_RULE_FINDINGS + 1) * records)
    read = 0
    for pair in islice(iterable(result), limit):
        read += 1
        if not isinstance(pair, tuple | list) or len(pair) != 2:  # a list of two unpacks as well
            raise TypeError(
                f"it yielded {_kind_of_pair(pair)}, not a pair (index into the summaries it was given, Finding): "
                "yield index, Finding(...)"
            )
        index, finding = pair
        if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < records:
            given = {0: "no records", 1: "one record (index 0)"}.get(
                records, f"{records:,} records (0 to {records - 1:,})"
            )
            raise TypeError(
                f"it yielded the record index {show_value(index, 40)}, but it was given {given}: yield the position "
                "of the record's (name, summary) pair in the sequence it was given"
            )
        well_formed([finding])
        listed = kept.setdefault(index, [])
        if len(listed) < MAX_RULE_FINDINGS:
            listed.append(replace(finding, fix=None) if finding.fix is not None else finding)
        else:
            more[index] = more.get(index, 0) + 1
    for index, count in more.items():
        kept[index] = capped(kept[index], count, read == limit)
    return [(index, finding) for index, listed in kept.items() for finding in listed]


def _kind_of_pair(item: object) -> str:
    """What a repository rule yielded instead of an (index, Finding) pair."""
    if isinstance(item, tuple | list):
        return f"a {type(item).__name__} of {len(item)}"
    return "a Finding alone" if isinstance(item, Finding) else type(item).__name__


def well_formed(found: list[Any]) -> None:
    """Raise TypeError unless every item is a Finding with a text pointer and message, which every reporter needs
    (a plugin's Finding("", 123) used to crash the report of the whole run, every other file's findings with it),
    whose pointer is a JSON Pointer and whose fix, if any, is an api.Fix of operations at JSON Pointers."""
    for finding in found:
        if not isinstance(finding, Finding):
            raise TypeError(f"it yielded {type(finding).__name__}, not a Finding")
        if not isinstance(finding.pointer, str) or not isinstance(finding.message, str):
            raise TypeError("it yielded a Finding whose pointer or message is not text")
        if not _is_pointer(finding.pointer):
            raise TypeError(
                f"it yielded a Finding at {_quoted(finding.pointer)}, which is not a JSON Pointer: "
                "use '' for the whole record or start with '/', like '/title'"
            )
        if finding.identity is not None and not isinstance(finding.identity, str):
            raise TypeError("it yielded a Finding whose identity is neither text nor None")
        if finding.fix is not None:
            _check_fix(finding.fix)


def _check_fix(fix: object) -> None:
    if not isinstance(fix, Fix):
        raise TypeError(f"it yielded a Finding whose fix is {type(fix).__name__}, not an incidentlint.api.Fix")
    if not isinstance(fix.ops, tuple | list):
        raise TypeError(f"it yielded a Fix whose ops are {type(fix.ops).__name__}, not a tuple of operations")
    for op in fix.ops:
        if not isinstance(op, Replace | Reorder | Remove):
            raise TypeError(f"it yielded a Fix with {type(op).__name__} among its ops, not Replace, Reorder or Remove")
        if not _is_pointer(op.pointer):
            raise TypeError(f"it yielded a Fix at {_quoted(op.pointer)}, which is not a JSON Pointer")
        # The value is written into the record, and --jobs workers pickle it back: JSON data, nothing else.
        if isinstance(op, Replace) and not _is_json(op.value):
            raise TypeError(f"it yielded a Replace whose value is not JSON data: {_kind_of(op.value)}")
    if not isinstance(fix.description, str) or not isinstance(fix.safe, bool):
        raise TypeError("it yielded a Fix whose description is not text or whose safe is not True or False")


def _is_json(value: object, depth: int = 0) -> bool:
    """A value a Replace can write into a record: text, a whole or finite number, true, false, null, or a list or
    object (with text keys) of those, at most 64 levels deep, like a record."""
    if depth > 64:
        return False
    if isinstance(value, float):
        return math.isfinite(value)
    if value is None or isinstance(value, str | int | bool):
        return True
    if isinstance(value, list | tuple):
        return all(_is_json(item, depth + 1) for item in value)
    if isinstance(value, dict):
        return all(isinstance(key, str) and _is_json(item, depth + 1) for key, item in value.items())
    return False


def _kind_of(value: object) -> str:
    """The first thing in ``value`` that JSON cannot hold, named for the rule's author."""
    if isinstance(value, float):
        return f"the number {value!r}"
    if isinstance(value, list | tuple):
        return next((_kind_of(item) for item in value if not _is_json(item)), "nesting over 64 levels")
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                return f"a key of type {type(key).__name__}"
            if not _is_json(item):
                return _kind_of(item)
        return "nesting over 64 levels"
    return f"a {type(value).__name__}"


def _quoted(pointer: object) -> str:
    return "'" + visible(pointer[:40]) + "'" if isinstance(pointer, str) else type(pointer).__name__


def crash(rule: Rule, path: str, error: BaseException, stage: str = "") -> Finding:
    detail = visible(f"{type(error).__name__}: {error}")[:200]
    return Finding(
        "",
        f"rule '{rule.name}' ({describe_source(rule.source)}) crashed{stage} on {visible(path)}: {detail}; "
        f"the other checks still ran. {_who_fixes(rule)}",
    )


def _who_fixes(rule: Rule) -> str:
    """Where a crash goes: a team's own rule is theirs to fix, a plugin's goes to its maintainers, ours to us."""
    kind = rule.source.partition(":")[0]
    if kind == "local":
        return "Fix the rule in its file."
    if kind == "plugin":
        return "Please report this to the plugin's maintainers with the file attached."
    return "Please report this with the file attached."
