"""timeline-not-chronological (IL110), including its unsafe fix."""

from __future__ import annotations

import json
from typing import Any

import pytest

from incidentlint.api import Fix, Reorder
from tests.rules import assert_silent, diagnostics, findings_both, lint_json, lint_yaml

RULE = "timeline-not-chronological"


def message(this: str, earlier: str) -> str:
    return (
        f"communication_log is not in time order: this entry at {this} comes after one at {earlier}; "
        "list entries oldest first, or correct this timestamp"
    )


def log(*stamps: Any) -> dict[str, Any]:
    return {"communication_log": [{"timestamp": stamp, "message": f"update {i}"} for i, stamp in enumerate(stamps)]}


JSON = """{
  "communication_log": [
    {"timestamp": "2024-03-15T14:50:00Z", "message": "Investigating"},
    {"timestamp": "2024-03-15T15:35:00Z", "message": "Resolved"},
    {"timestamp": "2024-03-15T15:00:00Z", "message": "Identified"},
    {"timestamp": "2024-03-15T14:55:00Z", "message": "Still investigating"}
  ]
}
"""

YAML = """communication_log:
  - timestamp: 2024-03-15T15:35:00Z
    message: Resolved
  # newest first, as a live log would be
  - timestamp: '2024-03-15T14:50:00Z'
    message: Investigating
"""


def test_points_at_the_first_out_of_order_entry_in_json() -> None:
    assert lint_json(RULE, JSON) == [(5, 19, message("2024-03-15T15:00:00Z", "2024-03-15T15:35:00Z"))]


def test_points_at_the_first_out_of_order_entry_in_yaml() -> None:
    assert lint_yaml(RULE, YAML) == [(5, 16, message("2024-03-15T14:50:00Z", "2024-03-15T15:35:00Z"))]


def test_unsafe_fix_sorts_stably_by_time() -> None:
    (diagnostic,) = diagnostics(RULE, JSON)
    order = (0, 3, 2, 1)  # 14:50, 14:55, 15:00, 15:35
    assert diagnostic.fix == Fix(
        ops=(Reorder("/communication_log", order),), safe=False, description="sort communication_log by time"
    )


def test_equal_times_keep_their_order_in_the_fix() -> None:
    (diagnostic,) = diagnostics(
        RULE, json.dumps(log("2024-03-15T15:00:00Z", "2024-03-15T14:00:00Z", "2024-03-15T15:00:00+00:00"))
    )
    assert diagnostic.fix.ops == (Reorder("/communication_log", (1, 0, 2)),)


def test_offsets_are_converted() -> None:
    # 15:10+01:00 is 14:10 UTC.
    assert_silent(RULE, log("2024-03-15T14:00:00Z", "2024-03-15T15:10:00+01:00", "2024-03-15T14:20:00Z"))
    expected = message("2024-03-15T15:50:00+01:00", "2024-03-15T15:00:00Z")
    assert findings_both(RULE, log("2024-03-15T15:00:00Z", "2024-03-15T15:50:00+01:00")) == ([expected], [expected])


def test_equal_times_are_in_order() -> None:
    assert_silent(RULE, log("2024-03-15T15:00:00Z", "2024-03-15T15:00:00Z", "2024-03-15T17:00:00+02:00"))


def test_times_are_compared_at_the_coarser_precision() -> None:
    # A tool wrote milliseconds, a person wrote seconds: 15:00:00Z stands for that whole second.
    assert_silent(RULE, log("2024-03-15T15:00:00.250Z", "2024-03-15T15:00:00Z", "2024-03-15T15:00:00.1Z"))
    expected = message("2024-03-15T14:59:59Z", "2024-03-15T15:00:00.250Z")
    got = findings_both(RULE, log("2024-03-15T15:00:00.250Z", "2024-03-15T14:59:59Z"))
    assert got == ([expected], [expected])
    expected = message("2024-03-15T15:00:00.1Z", "2024-03-15T15:00:00.250Z")
    got = findings_both(RULE, log("2024-03-15T15:00:00.250Z", "2024-03-15T15:00:00.1Z"))
    assert got == ([expected], [expected])


def test_entries_without_a_valid_time_are_skipped_and_block_the_fix() -> None:
    record = log("2024-03-15T15:00:00Z", "later", "2024-03-15T14:00:00Z")
    expected = message("2024-03-15T14:00:00Z", "2024-03-15T15:00:00Z")
    assert findings_both(RULE, record) == ([expected], [expected])
    (diagnostic,) = diagnostics(RULE, json.dumps(record))
    assert diagnostic.fix is None


@pytest.mark.parametrize(
    "bad",
    [
        {"communication_log": "2024-03-15T15:00:00Z, 2024-03-15T14:00:00Z"},
        {"communication_log": {"0": {"timestamp": "2024-03-15T15:00:00Z"}}},
        {"communication_log": [None, 1, "x", ["2024-03-15T15:00:00Z"]]},
        {"communication_log": []},
        log("2024-03-15T15:00:00Z"),
        log("2024-03-15 15:00", "2024-03-15T14:00:00Z"),
        {},
    ],
)
def test_silent_when_the_log_is_absent_short_or_malformed(bad: dict[str, Any]) -> None:
    assert_silent(RULE, bad)
