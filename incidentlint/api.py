"""The public rule API: what built-in rules, plugin packs and local ``rule-paths`` files are written against.

Everything in ``__all__`` is stable: built-in rules import nothing else from incidentlint, and neither should a
plugin. A rule is a function decorated with :func:`rule`::

    from incidentlint.api import Finding, Options, rule

    @rule(
        code="ACME001",
        name="team-tag-required",
        severity="warning",
        summary="Every record names the owning team in x-team.",
        rationale="Our on-call rota is per team; a record without a team is never reviewed.",
        valid=[{"x-team": "payments"}],
        invalid=[{"title": "Checkout down"}],
    )
    def check(record, options: Options):
        if "x-team" not in record:
            yield Finding("", "the record has no x-team; add the owning team, like x-team: payments")

The rule receives the plain record (JSON types only: dict, list, str, int, float, bool, None) and its options,
and yields :class:`~incidentlint.diagnostics.Finding` objects: a JSON Pointer and a message. It never computes
line numbers, file names or severities; the engine maps the pointer to a position and stamps the rule's name,
code and configured severity. A rule may attach a :class:`Fix` describing the corrected *value*; the autofixer
turns it into text edits that leave the rest of the file alone.

The API also carries the one time grammar the schema uses (``parse_timestamp``, ``parse_date``, ``parse_duration``,
``duration_too_long``, ``duration_style``, ``format_duration``, ``format_like``, and ``human`` for messages) and
the helpers that make record values safe to quote in a message (``show_value``, ``visible``, ``truncate``).

Rules see records that may have failed the schema: a value of the wrong type is the schema's finding, so the rule
stays silent. If a rule raises anyway, the engine reports one ``internal-error`` naming the rule and the file, and
every other rule still runs.

Where rules come from (see :mod:`incidentlint.registry`): the built-in pack, any installed distribution that
declares an entry point in the group ``incidentlint.rules`` (pointing at a module, a :class:`Rule`, or a list of
them), and the Python files named by the ``rule-paths`` configuration key. Codes and names must be unique across
all of them; a clash is a configuration error.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from incidentlint.diagnostics import Finding, Severity

# Re-exported so that rules parse times and quote record values exactly as the schema and the core do, without
# importing anything outside this module.
from incidentlint.textsafe import show_value, truncate, visible
from incidentlint.timeparse import (
    duration_style,
    duration_too_long,
    format_duration,
    format_like,
    human,
    parse_date,
    parse_duration,
    parse_timestamp,
)

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
    "duration_style",
    "duration_too_long",
    "format_duration",
    "format_like",
    "human",
    "parse_date",
    "parse_duration",
    "parse_timestamp",
    "rule",
    "show_value",
    "truncate",
    "visible",
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
    """A rule and its documentation, as :func:`rule` builds it.

    ``valid`` and ``invalid`` are examples, checked by one test over the whole catalogue and rendered in
    ``docs/rules.md`` and ``incidentlint explain``: each ``valid`` example must produce nothing from this rule and
    each ``invalid`` example must produce it at least once. For a record rule an example is a record or a
    fragment of one (only the fields the rule reads). For a repository rule an example is several records: a
    mapping from file name to record, like ``{"INC-2024-0101-001.json": {...}, "copy.json": {...}}`` (a plain
    list of records is also accepted; they are then named ``record-1.json``, ``record-2.json``, ...).

    ``source`` is filled in by the registry: ``built-in``, ``plugin:<entry point name>`` or ``local:<file name>``.
    """

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
    #: records keeps only these summaries in memory. ``None`` passes the whole record. It is given a record that
    #: is a JSON object, a ``dict``; a function taking a ``Mapping`` fits as well.
    collect: Callable[[dict[str, Any]], Any] | None = None
    #: Record rules only: given the file's text (decoded), False when the rule certainly finds nothing in the
    #: record parsed from it; the engine then skips the rule. ``None`` always runs it.
    prefilter: Callable[[str], bool] | None = None

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
    collect: Callable[[dict[str, Any]], Any] | None = None,
    prefilter: Callable[[str], bool] | None = None,
) -> Callable[[Callable[..., Iterable[Any]]], Rule]:
    """Declare a rule. The decorated function becomes the rule's ``check``.

    - ``code``: letters then digits (``IL101``; plugins should use their own prefix, like ``ACME001``).
    - ``name``: kebab-case and stable: configurations, suppressions and CI scripts refer to it.
    - ``severity``: the default, ``"error"``, ``"warning"`` or ``"info"``; users may override it or turn it off.
    - ``summary``: one sentence saying what the rule finds. ``rationale``: why it matters, for the docs.
    - ``options``: option names and defaults, set per project under ``[tool.incidentlint.options.<name>]``.
    - ``options_schema``: a JSON Schema for the options object; when omitted, each configured option must keep
      the type of its default. Unknown option names are always rejected.
    - ``scope``: ``"record"`` checks one record: ``check(record, options)`` yields findings. ``"repository"``
      checks every record of the run: ``collect(record)`` reduces each record to a small, picklable summary
      (worker processes send it; ``None``: the whole record) and ``check(summaries, options)`` receives
      ``(file name, summary)`` pairs and yields ``(index into summaries, finding)``; its fixes are not applied.
    - A check must not modify the record it is given, nor print: its output goes to stderr.
    - ``enabled_by_default``: ``False`` for rules a project opts into with ``select``/``extend-select``.
    - ``fixable``: the rule attaches :class:`Fix` objects to (some of) its findings.
    - ``prefilter``: record rules only, an optional quick look at the file's decoded text: ``prefilter(text)``
      returns False only when the rule cannot find anything in the record parsed from that text, and the engine
      then skips the rule. For a rule whose findings need something a text rarely holds: a control character
      needs a backslash escape in JSON, and an invisible character a non-ASCII one. It must never be wrong in
      that direction: it sees text the rule does not (keys, comments), but never less.
    """
    level = severity if isinstance(severity, Severity) else Severity.parse(severity)
    # Checked here, where the file's traceback-free load error can still name what to change.
    for what, value, like in (
        ("options", options, 'option names and defaults, like {"words": ["TBD"]}'),
        ("options_schema", options_schema, 'a JSON Schema, like {"type": "object", "properties": {...}}'),
    ):
        if value is not None and not isinstance(value, Mapping):
            raise TypeError(f"rule '{name}': {what} must be a dict ({like}), not {type(value).__name__}")

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
            prefilter=prefilter,
        )

    return wrap
