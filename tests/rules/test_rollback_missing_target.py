"""rollback-missing-target (IL114)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.rules import assert_silent, findings_both, lint_json, lint_yaml

RULE = "rollback-missing-target"
ADVICE = "; set rollback_target to the version rolled back to, like 'v2.2.9'"
MISSING = "resolution_method is 'rollback' but rollback_target is missing" + ADVICE
EMPTY = "resolution_method is 'rollback' but rollback_target is empty" + ADVICE


def test_missing_target_fires_at_resolution_method_in_json() -> None:
    text = '{\n  "technical_details": {\n    "resolution_method": "rollback",\n    "rollback_duration": "7m"\n  }\n}\n'
    assert lint_json(RULE, text) == [(3, 26, MISSING)]


def test_missing_target_fires_at_resolution_method_in_yaml() -> None:
    text = "technical_details:\n  root_cause: a slow query\n  resolution_method: Rollback\n"
    assert lint_yaml(RULE, text) == [(3, 22, MISSING)]


def test_empty_target_fires_at_the_target() -> None:
    text = "technical_details:\n  resolution_method: rollback\n  rollback_target: '  '\n"
    assert lint_yaml(RULE, text) == [(3, 20, EMPTY)]
    text = '{"technical_details": {"resolution_method": "rollback", "rollback_target": ""}}'
    assert lint_json(RULE, text) == [(1, 76, EMPTY)]


def test_null_target_counts_as_missing() -> None:
    record = {"technical_details": {"resolution_method": " ROLLBACK ", "rollback_target": None}}
    assert findings_both(RULE, record) == ([MISSING], [MISSING])


@pytest.mark.parametrize(
    "record",
    [
        {"technical_details": {"resolution_method": "rollback", "rollback_target": "v2.2.9"}},
        {"technical_details": {"resolution_method": "hotfix"}},
        {"technical_details": {"resolution_method": "rollback forward"}},
        {"technical_details": {"resolution_method": ["rollback"]}},
        {"technical_details": {"resolution_method": "rollback", "rollback_target": 229}},  # the schema's finding
        {"technical_details": {"rollback_target": None}},
        {"technical_details": "rollback"},
        {"resolution_method": "rollback"},  # not where the schema puts it
        {},
    ],
)
def test_silent(record: dict[str, Any]) -> None:
    assert_silent(RULE, record)
