"""The public rule API: what built-in rules, plugin packs and local ``rule-paths`` files are written against.

A rule is a function decorated with :func:`rule`. It receives the plain record (JSON types only) and its
options, and yields :class:`~incidentlint.diagnostics.Finding` objects: a JSON Pointer and a message. It never
computes line numbers, file names or severities; the engine stamps those. A rule may attach a :class:`Fix`
describing the corrected *value*; the autofixer turns it into text edits that leave the rest of the file alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from incidentlint.diagnostics import Finding, Severity

__all__ = [
    "Finding",
    "Fix",
    "Options",
    "RecordCheck",
    "Remove",
    "Reorder",
    "Replace",
    "RepositoryCheck",
    "Rule",
    "Severity",
    "rule",
]

JSON = Any
Record = Mapping[str, JSON]


@dataclass(frozen=True, slots=True)
class Replace:
    """Set the scalar at ``pointer`` to ``value``."""

    pointer: str
    value: JSON


@dataclass(frozen=True, slots=True)
class Reorder:
    """Rearrange the items of the array at ``pointer``: item ``order[i]`` moves to position ``i``."""

    pointer: str
    order: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Remove:
    """Delete the array item at ``pointer``."""

    pointer: str


FixOp = Replace | Reorder | Remove


@dataclass(frozen=True, slots=True)
class Fix:
    """A repair for one finding. Safe fixes run with ``--fix``; unsafe ones also need ``--unsafe-fixes``."""

    ops: tuple[FixOp, ...]
    safe: bool = True
    description: str = ""


class Options(dict[str, Any]):
    """A rule's options (its defaults merged with the configuration), plus run-wide facts such as ``now``."""

    now: datetime

    def __init__(self, values: Mapping[str, Any] | None = None, now: datetime | None = None) -> None:
        super().__init__(values or {})
        self.now = now or datetime.now(UTC)


RecordCheck = Callable[[Record, Options], Iterable[Finding]]
#: A repository-wide check gets every record as (display name, data) and yields (record index, finding).
RepositoryCheck = Callable[[Sequence[tuple[str, Record]], Options], Iterable[tuple[int, Finding]]]


@dataclass(frozen=True)
class Rule:
    """A rule and its documentation. ``valid``/``invalid`` examples are records or fragments, tested in CI."""

    code: str
    name: str
    severity: Severity
    summary: str
    rationale: str
    check: Callable[..., Iterable[Any]]
    valid: tuple[JSON, ...] = ()
    invalid: tuple[JSON, ...] = ()
    options: Mapping[str, Any] = field(default_factory=dict)
    options_schema: Mapping[str, Any] = field(default_factory=dict)
    scope: Literal["record", "repository"] = "record"
    enabled_by_default: bool = True
    fixable: bool = False
    source: str = "built-in"
    #: Repository-wide rules only: reduce each record to what the check needs, so a run over thousands of
    #: records keeps only these summaries in memory. ``None`` passes the whole record.
    collect: Callable[[Record], Any] | None = None

    def run(self, record: Record, options: Options) -> Iterator[Finding]:
        yield from self.check(record, options)


def rule(
    *,
    code: str,
    name: str,
    severity: Severity | str,
    summary: str,
    rationale: str,
    valid: Sequence[JSON] = (),
    invalid: Sequence[JSON] = (),
    options: Mapping[str, Any] | None = None,
    options_schema: Mapping[str, Any] | None = None,
    scope: Literal["record", "repository"] = "record",
    enabled_by_default: bool = True,
    fixable: bool = False,
    collect: Callable[[Record], Any] | None = None,
) -> Callable[[Callable[..., Iterable[Any]]], Rule]:
    """Declare a rule. The decorated function becomes the rule's ``check``.

    ``options_schema`` is a JSON Schema for the options object; when omitted, each option must keep the type of
    its default.
    """
    level = severity if isinstance(severity, Severity) else Severity.parse(severity)

    def wrap(function: Callable[..., Iterable[Any]]) -> Rule:
        return Rule(
            code=code,
            name=name,
            severity=level,
            summary=summary,
            rationale=rationale,
            check=function,
            valid=tuple(valid),
            invalid=tuple(invalid),
            options=dict(options or {}),
            options_schema=dict(options_schema or {}),
            scope=scope,
            enabled_by_default=enabled_by_default,
            fixable=fixable,
            collect=collect,
        )

    return wrap
