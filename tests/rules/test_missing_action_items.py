"""missing-action-items (IL106)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.rules import assert_silent, lint_json, lint_yaml

RULE = "missing-action-items"


def message(status: str) -> str:
    return (
        f"status is '{status}' but there are no preliminary_action_items; list at least one follow-up "
        "that makes a repeat less likely or less harmful"
    )


def test_absent_list_fires_at_status_in_json() -> None:
    text = '{\n  "title": "Checkout down",\n  "status": "resolved"\n}\n'
    assert lint_json(RULE, text) == [(3, 13, message("resolved"))]


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
