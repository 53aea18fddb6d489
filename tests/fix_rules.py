"""Small fixable rules for the autofix tests, independent of the built-in pack, and helpers to run the fixer."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from incidentlint.api import Finding, Fix, Options, Remove, Reorder, Replace, Rule, rule
from incidentlint.config import Config
from incidentlint.diagnostics import Diagnostic
from incidentlint.engine import Linter
from incidentlint.fix import Outcome, fix_document
from incidentlint.loader import parse
from incidentlint.timeparse import format_like, parse_duration, parse_timestamp


@rule(code="TF1", name="fix-duration", severity="error", summary="duration = end - start.", rationale="", fixable=True)
def fix_duration(record: Mapping[str, Any], options: Options) -> Iterator[Finding]:
    start, end = parse_timestamp(record.get("start_time")), parse_timestamp(record.get("end_time"))
    written = record.get("duration")
    actual = parse_duration(written)
    if start is None or end is None or actual is None or not isinstance(written, str) or end < start:
        return
    if actual != end - start:
        right = format_like(end - start, written)
        yield Finding(
            "/duration", f"duration says {written} but it is {right}", fix=Fix((Replace("/duration", right),))
        )


@rule(code="TF2", name="fix-order", severity="warning", summary="log in time order.", rationale="", fixable=True)
def fix_order(record: Mapping[str, Any], options: Options) -> Iterator[Finding]:
    log = record.get("communication_log")
    if not isinstance(log, list) or not log:
        return
    times = [parse_timestamp(entry.get("timestamp")) if isinstance(entry, dict) else None for entry in log]
    if any(time is None for time in times):
        return
    order = tuple(sorted(range(len(log)), key=lambda index: (times[index], index)))
    if order != tuple(range(len(log))):
        first = next(index for index, source in enumerate(order) if index != source)
        yield Finding(
            f"/communication_log/{order[first]}",
            "the communication log is not in time order",
            fix=Fix((Reorder("/communication_log", order),), safe=False),
        )


@rule(
    code="TF3", name="fix-duplicate", severity="warning", summary="no duplicate responders.", rationale="", fixable=True
)
def fix_duplicate(record: Mapping[str, Any], options: Options) -> Iterator[Finding]:
    responders = record.get("responders")
    if not isinstance(responders, list):
        return
    seen: set[str] = set()
    for index, name in enumerate(responders):
        if not isinstance(name, str):
            continue
        if name in seen:
            yield Finding(
                f"/responders/{index}",
                f"{name} is listed twice",
                fix=Fix((Remove(f"/responders/{index}"),), safe=False),
            )
        seen.add(name)


TEST_RULES: dict[str, Rule] = {r.name: r for r in (fix_duration, fix_order, fix_duplicate)}


def make_linter(*extra: Rule, select: list[str] | None = None) -> Linter:
    rules = {**TEST_RULES, **{r.name: r for r in extra}}
    return Linter(Config(select=select or list(rules)), rules)


def fix_text(
    text: str, name: str = "record.json", unsafe: bool = True, linter: Linter | None = None
) -> tuple[str, Outcome]:
    """Fix ``text`` as if it were the file ``name``; returns the new text and the outcome."""
    linter = linter or make_linter()
    document, problems = parse(name, text)
    assert document is not None, problems
    outcome = fix_document(linter, document, linter.lint_document(document), unsafe)
    return outcome.document.text, outcome


def rules_of(diagnostics: list[Diagnostic]) -> list[str]:
    return [d.rule for d in diagnostics]
