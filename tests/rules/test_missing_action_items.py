"""missing-action-items (IL106)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.rules import assert_silent, lint_json, lint_yaml

RULE = "missing-action-items"


def message(status: str, severity: str | None = None) -> str:
    what = f"this {severity} incident" if severity else "the incident"
    return (
        f"status is '{status}' but {what} has no preliminary_action_items; list at least one follow-up "
        "that makes a repeat less likely or less harmful"
    )


def test_absent_list_fires_at_status_in_json() -> None:
    text = '{\n  "title": "Checkout down",\n  "severity": "sev1",\n  "status": "resolved"\n}\n'
    assert lint_json(RULE, text) == [(4, 13, message("resolved", "sev1"))]


def test_absent_list_fires_at_status_in_yaml() -> None:
    assert lint_yaml(RULE, "title: Checkout down\nstatus: closed\n") == [(2, 9, message("closed"))]


def test_empty_list_fires_at_the_list() -> None:
    text = '{\n  "status": "closed",\n  "preliminary_action_items": []\n}\n'
    assert lint_json(RULE, text) == [(3, 31, message("closed"))]
    text = "status: resolved\npreliminary_action_items: []\n"
    assert lint_yaml(RULE, text) == [(2, 27, message("resolved"))]


def test_null_list_fires_at_status() -> None:
    assert lint_yaml(RULE, "status: resolved\npreliminary_action_items:\n") == [(1, 9, message("resolved"))]


@pytest.mark.parametrize(
    "record",
    [
        {"status": "resolved", "preliminary_action_items": ["Add connection pool utilization alerts"]},
        {"status": "closed", "preliminary_action_items": [{"description": "Add alerts", "owner": "Tom"}]},
        {"status": "investigating"},
        {"status": "mitigated", "preliminary_action_items": []},
        {"status": "resolved", "preliminary_action_items": "Add alerts"},  # wrong type: the schema's finding
        {"status": "resolved", "preliminary_action_items": {}},
        {"status": 3},
        {},
    ],
)
def test_silent(record: dict[str, Any]) -> None:
    assert_silent(RULE, record)


@pytest.mark.parametrize("severity", ["sev3", "sev4", "sev5"])
def test_minor_incidents_need_no_action_items_by_default(severity: str) -> None:
    assert_silent(RULE, {"status": "resolved", "severity": severity})
    assert_silent(RULE, {"status": "closed", "severity": severity, "preliminary_action_items": []})


@pytest.mark.parametrize("severity", ["sev1", "sev2"])
def test_major_incidents_need_them(severity: str) -> None:
    text = f"severity: {severity}\nstatus: closed\n"
    assert lint_yaml(RULE, text) == [(2, 9, message("closed", severity))]


@pytest.mark.parametrize("severity", ["SEV2", "critical", "2", "null"])
def test_an_unknown_severity_is_checked(severity: str) -> None:
    # The schema reports the severity; the record may still be a major incident, so the rule does not stay quiet.
    assert lint_yaml(RULE, f"severity: {severity}\nstatus: resolved\n") == [(2, 9, message("resolved"))]
    assert lint_yaml(RULE, "status: resolved\n") == [(1, 9, message("resolved"))]


def test_severities_option() -> None:
    text = "severity: sev4\nstatus: resolved\n"
    assert lint_yaml(RULE, text, severities=["sev4"]) == [(2, 9, message("resolved", "sev4"))]
    assert_silent(RULE, {"status": "resolved", "severity": "sev1"}, severities=["sev4"])
    assert_silent(RULE, {"status": "resolved", "severity": "sev1"}, severities=[])
