"""detection-time-mismatch (IL108)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.rules import assert_silent, diagnostics, findings_both, lint_json, lint_yaml

RULE = "detection-time-mismatch"
START = "2024-03-15T14:30:00Z"


def message(says: str, actual: str, right: str) -> str:
    return (
        f"time_to_detection says '{says}' but detection_time - start_time is {actual}; "
        f"set time_to_detection to '{right}', or correct the timestamps"
    )


def record(ttd: Any, detected: Any = "2024-03-15T14:45:00Z", start: Any = START) -> dict[str, Any]:
    return {"start_time": start, "detection_details": {"detection_time": detected, "time_to_detection": ttd}}


JSON = """{
  "start_time": "2024-03-15T14:30:00Z",
  "detection_details": {
    "detection_time": "2024-03-15T14:45:00Z",
    "time_to_detection": "immediate"
  }
}
"""

YAML = """start_time: 2024-03-15T14:30:00Z
detection_details:
  detection_time: 2024-03-15T14:45:00Z
  time_to_detection: 5m
"""


def test_fires_at_time_to_detection_in_json() -> None:
    assert lint_json(RULE, JSON) == [(5, 26, message("immediate", "15m", "15 minutes"))]


def test_fires_at_time_to_detection_in_yaml() -> None:
    assert lint_yaml(RULE, YAML) == [(4, 22, message("5m", "15m", "15m"))]


def test_immediate_means_zero_within_the_tolerance() -> None:
    assert_silent(RULE, record("immediate", detected=START))
    assert_silent(RULE, record("immediate", detected="2024-03-15T14:31:00Z"))
    expected = message("immediate", "1m 1s", "1 minute 1 second")
    assert findings_both(RULE, record("immediate", detected="2024-03-15T14:31:01Z")) == ([expected], [expected])


def test_offsets_are_converted() -> None:
    assert_silent(RULE, record("15 minutes", detected="2024-03-15T10:45:00-04:00"))


def test_tolerance_option() -> None:
    assert_silent(RULE, record("10 minutes"), tolerance=300)
    expected = message("10 minutes", "15m", "15 minutes")
    assert findings_both(RULE, record("10 minutes"), tolerance=299) == ([expected], [expected])


def test_no_fix_is_offered() -> None:
    # The detection time itself is often the estimate; which side is right is the author's call.
    (diagnostic,) = diagnostics(RULE, JSON)
    assert diagnostic.fix is None


@pytest.mark.parametrize(
    "bad",
    [
        record("15 minutes", detected="2024-03-15T14:20:00Z"),  # before start: detection-outside-window's
        record("quickly"),
        record(15),
        record(None),
        record("5m", detected=None),
        record("5m", start="14:30"),
        {"detection_details": {"detection_time": START, "time_to_detection": "5m"}},
        {"start_time": START, "detection_details": "immediate"},
    ],
)
def test_silent_when_an_input_is_absent_or_malformed(bad: dict[str, Any]) -> None:
    assert_silent(RULE, bad)
