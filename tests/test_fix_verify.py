"""Every fix is checked after it is applied; a fix that misbehaves leaves the file alone and names its rule."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import pytest

from incidentlint import fix as fixmodule
from incidentlint.api import Finding, Fix, FixOp, Options, Remove, Replace, rule
from incidentlint.edits import Edit, edits_for
from incidentlint.loader import parse
from tests.fix_rules import fix_text, make_linter

TIMES_YAML = "start_time: 2024-03-15T14:30:00Z\nend_time: 2024-03-15T15:35:00Z\n"
DURATION = '{"start_time": "2024-03-15T14:30:00Z", "end_time": "2024-03-15T15:35:00Z", "duration": "2h"}'


@rule(code="TB1", name="wrong-fix", severity="error", summary="-", rationale="", fixable=True)
def wrong_fix(record: Mapping[str, Any], options: Options) -> Iterator[Finding]:
    if record.get("duration") != "1h 5m":
        yield Finding("/duration", "duration is not 1h 5m", fix=Fix((Replace("/duration", "3h"),)))


@rule(code="TB2", name="missing-target", severity="error", summary="-", rationale="", fixable=True)
def missing_target(record: Mapping[str, Any], options: Options) -> Iterator[Finding]:
    yield Finding("/duration", "remove something", fix=Fix((Remove("/responders/7"),)))


@rule(code="TB3", name="restless", severity="warning", summary="-", rationale="", fixable=True)
def restless(record: Mapping[str, Any], options: Options) -> Iterator[Finding]:
    count = record.get("count")
    if isinstance(count, int):
        yield Finding(f"/note{count}", "never satisfied", fix=Fix((Replace("/count", count + 1),)))


@rule(code="TB4", name="capitalise", severity="info", summary="-", rationale="", fixable=True)
def capitalise(record: Mapping[str, Any], options: Options) -> Iterator[Finding]:
    log = record.get("communication_log")
    for index, entry in enumerate(log if isinstance(log, list) else []):
        message = entry.get("message") if isinstance(entry, dict) else None
        if isinstance(message, str) and message[:1].islower():
            pointer = f"/communication_log/{index}/message"
            yield Finding(pointer, "start with a capital", fix=Fix((Replace(pointer, message.capitalize()),)))


def test_fix_that_does_not_resolve_its_finding_leaves_the_text_and_names_the_rule() -> None:
    linter = make_linter(wrong_fix, select=["wrong-fix"])
    fixed, outcome = fix_text(DURATION, linter=linter)
    assert fixed == DURATION
    assert outcome.applied == 0
    assert [(d.rule, d.pointer, d.line, d.column) for d in outcome.diagnostics] == [
        ("internal-error", "/duration", 1, 88),
        ("wrong-fix", "/duration", 1, 88),
    ]
    assert outcome.diagnostics[0].message == (
        "the fix for 'wrong-fix' (built-in) does not resolve the problem: the rule still reports it, so the file "
        "was left unchanged; this is a bug in the rule: please report it with the file attached"
    )


def test_fix_naming_a_missing_item_is_an_internal_error_and_not_offered_while_the_other_fixes_apply() -> None:
    # It used to leave the whole file unchanged. The lint finds it before any edit, as it finds a fix this layout
    # cannot take, so nothing is at risk in applying the fixes that can be applied.
    linter = make_linter(missing_target, select=["missing-target", "fix-duration"])
    fixed, outcome = fix_text(DURATION, linter=linter)
    assert fixed == DURATION.replace('"2h"', '"1h5m"')  # written like '2h', without a space
    [error] = [d for d in outcome.diagnostics if d.rule == "internal-error"]
    assert error.message == (
        "the fix for 'missing-target' (built-in) cannot be applied: the fix removes /responders/7, which is not an "
        "item of a list, so it is not offered; this is a bug in the rule: please report it with the file attached"
    )
    assert [(d.rule, d.fix) for d in outcome.diagnostics] == [("internal-error", None), ("missing-target", None)]


def test_fixes_that_never_settle_stop_after_the_pass_limit() -> None:
    linter = make_linter(restless, select=["restless"])
    fixed, outcome = fix_text('{"count": 0}', linter=linter)
    assert fixed == '{"count": 0}'
    [error] = [d for d in outcome.diagnostics if d.rule == "internal-error"]
    assert error.message.startswith(
        f"the fix for 'restless' (built-in) did not settle after {fixmodule.MAX_PASSES} passes"
    )


def _broken_edits(replacement: str) -> Any:
    real = edits_for

    def broken(document: Any, ops: Sequence[FixOp]) -> list[Edit]:
        edits = real(document, ops)
        if any(isinstance(op, Remove) for op in ops):
            return [Edit(edits[0].start, edits[0].end, replacement)]
        return edits

    return broken


RESPONDERS = (
    '{"start_time": "2024-03-15T14:30:00Z", "end_time": "2024-03-15T15:35:00Z", "duration": "2h",\n'
    ' "responders": ["a", "a"]}'
)


def test_an_edit_that_breaks_the_syntax_is_caught_and_only_its_rule_is_blamed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("incidentlint.fix.edits_for", _broken_edits("]"))
    fixed, outcome = fix_text(RESPONDERS)
    assert fixed == RESPONDERS
    [error] = [d for d in outcome.diagnostics if d.rule == "internal-error"]
    assert error.pointer == "/responders/1"
    assert error.message.startswith(
        "the fix for 'fix-duplicate' (built-in) would make the file unparseable: ']' does not match: the object "
        "opened at 1:1 closes with '}' (line 2), so the file was left unchanged"
    )


def test_an_edit_that_changes_more_than_the_fix_says_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("incidentlint.fix.edits_for", _broken_edits(', "b"'))
    fixed, outcome = fix_text(RESPONDERS)
    assert fixed == RESPONDERS
    [error] = [d for d in outcome.diagnostics if d.rule == "internal-error"]
    assert "would change the record beyond what the fix describes" in error.message


def test_overlapping_fixes_wait_for_the_next_pass() -> None:
    text = (
        "communication_log:\n"
        "- timestamp: 2024-03-15T15:35:00Z\n"
        "  message: resolved\n"
        "- timestamp: 2024-03-15T14:50:00Z\n"
        "  message: Investigating\n"
    )
    linter = make_linter(capitalise, select=["fix-order", "capitalise"])
    fixed, outcome = fix_text(text, "r.yaml", linter=linter)
    assert fixed == (
        "communication_log:\n"
        "- timestamp: 2024-03-15T14:50:00Z\n"
        "  message: Investigating\n"
        "- timestamp: 2024-03-15T15:35:00Z\n"
        "  message: Resolved\n"
    )
    assert outcome.applied == 2 and outcome.diagnostics == []


def test_fixing_twice_changes_nothing_the_second_time() -> None:
    text = DURATION[:-1] + ', "responders": ["a", "b", "a"]}'
    once, first = fix_text(text)
    twice, second = fix_text(once)
    assert once != text and twice == once
    assert first.applied == 2 and second.applied == 0


@rule(code="TB5", name="replace-meta", severity="info", summary="-", rationale="", fixable=True)
def replace_meta(record: Mapping[str, Any], options: Options) -> Iterator[Finding]:
    meta = record.get("meta")
    if isinstance(meta, dict) and "ok" not in meta:
        yield Finding("/meta", "meta needs ok", fix=Fix((Replace("/meta", {"ok": True}),)))


def test_a_layout_the_fixer_cannot_edit_keeps_the_finding_without_an_error() -> None:
    linter = make_linter(replace_meta, select=["replace-meta"])
    text = "meta:\n  a: 1\n"
    fixed, outcome = fix_text(text, "r.yaml", linter=linter)
    assert fixed == text
    assert [(d.rule, d.pointer) for d in outcome.diagnostics] == [("replace-meta", "/meta")]
    fixed, outcome = fix_text("meta: {a: 1}\n", "r.yaml", linter=linter)
    assert fixed == 'meta: {"ok": true}\n' and outcome.diagnostics == []


def test_suppressed_findings_are_not_fixed() -> None:
    text = TIMES_YAML + "duration: 2h  # incidentlint: disable=fix-duration\n"
    fixed, outcome = fix_text(text, "r.yaml")
    assert fixed == text and outcome.applied == 0


def test_the_parsed_result_differs_only_at_the_fixed_pointer() -> None:
    fixed, _ = fix_text(DURATION)
    before, _ = parse("r.json", DURATION)
    after, _ = parse("r.json", fixed)
    assert before is not None and after is not None
    assert {k: v for k, v in after.data.items() if k != "duration"} == {
        k: v for k, v in before.data.items() if k != "duration"
    }
    assert after.data["duration"] == "1h5m"
