"""resolved-without-end-time (IL104)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.rules import assert_silent, lint_json, lint_yaml

RULE = "resolved-without-end-time"


def message(status: str) -> str:
    return (
        f"status is '{status}' but there is no end_time; add end_time (when impact ended), "
        "or set status to an open state such as 'monitoring' if the incident is not over"
    )


def test_fires_at_status_in_json() -> None:
    text = '{\n  "start_time": "2024-03-15T14:30:00Z",\n  "status": "resolved"\n}\n'
    assert lint_json(RULE, text) == [(3, 13, message("resolved"))]


def test_fires_at_status_in_yaml() -> None:
    text = "start_time: 2024-03-15T14:30:00Z\nstatus: closed\n"
    assert lint_yaml(RULE, text) == [(2, 9, message("closed"))]


def test_a_null_end_time_counts_as_missing() -> None:
    assert lint_yaml(RULE, "status: resolved\nend_time:\n") == [(1, 9, message("resolved"))]
    assert lint_json(RULE, '{"end_time": null, "status": "closed"}') == [(1, 30, message("closed"))]


@pytest.mark.parametrize("status", ["investigating", "identified", "monitoring", "mitigated"])
def test_open_statuses_need_no_end_time(status: str) -> None:
    assert_silent(RULE, {"status": status})


@pytest.mark.parametrize(
    "record",
    [
        {"status": "resolved", "end_time": "2024-03-15T15:35:00Z"},
        {"status": "closed", "end_time": "2024-03-15T17:35:00+02:00"},
        {"status": "Resolved"},  # not a status the schema knows: its finding, not ours
        {"status": ["resolved"]},
        {"status": None},
        {},
        # present but malformed: the schema reports the timestamp
        {"status": "resolved", "end_time": "yesterday"},
        {"status": "resolved", "end_time": ""},
        {"status": "resolved", "end_time": 0},
    ],
)
def test_silent(record: dict[str, Any]) -> None:
    assert_silent(RULE, record)
