"""rollback-exceeds-duration (IL115)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.rules import assert_silent, findings_both, lint_json, lint_yaml

RULE = "rollback-exceeds-duration"
START, END = "2024-03-15T14:30:00Z", "2024-03-15T15:35:00Z"


def message(rollback: str, incident: str, basis: str = "end_time - start_time") -> str:
    return (
        f"rollback_duration is {rollback} but the whole incident lasted {incident} ({basis}); a rollback during the "
        "incident cannot take longer than it: correct rollback_duration or the incident's times"
    )


def record(rollback: Any, start: Any = START, end: Any = END, **extra: Any) -> dict[str, Any]:
    return {"start_time": start, "end_time": end, **extra, "technical_details": {"rollback_duration": rollback}}


JSON = """{
  "start_time": "2024-03-15T14:30:00Z",
  "end_time": "2024-03-15T15:35:00Z",
  "technical_details": {
    "resolution_method": "rollback",
    "rollback_duration": "2 hours"
  }
}
"""

YAML = """duration: 1h 5m
technical_details:
  rollback_duration: PT70M
"""


def test_fires_at_rollback_duration_in_json() -> None:
    assert lint_json(RULE, JSON) == [(6, 26, message("2h", "1h 5m"))]


def test_falls_back_to_the_stated_duration_in_yaml() -> None:
    assert lint_yaml(RULE, YAML) == [(3, 22, message("1h 10m", "1h 5m", "duration"))]


def test_timestamps_win_over_the_stated_duration() -> None:
    assert_silent(RULE, record("70 minutes", end="2024-03-15T15:45:00Z", duration="1h 5m"))


def test_offsets_are_converted() -> None:
    # 17:35+02:00 is 15:35 UTC: the incident lasted 1h 5m, not 3h 5m.
    expected = message("2h", "1h 5m")
    assert findings_both(RULE, record("2 hours", end="2024-03-15T17:35:00+02:00")) == ([expected], [expected])


def test_tolerance_edges() -> None:
    assert_silent(RULE, record("66 minutes"))
    expected = message("1h 6m 1s", "1h 5m")
    assert findings_both(RULE, record("66 minutes 1 second")) == ([expected], [expected])


def test_tolerance_option() -> None:
    assert_silent(RULE, record("70 minutes"), tolerance=300)
    expected = message("1h 5m 1s", "1h 5m")
    assert findings_both(RULE, record("3901s"), tolerance=0) == ([expected], [expected])


@pytest.mark.parametrize(
    "bad",
    [
        record("7 minutes"),
        record("2 hours", end="2024-03-15T14:00:00Z"),  # end before start: end-before-start reports it
        record("2 hours", end=None),  # no end and no duration: nothing to compare with
        record("2 hours", start="yesterday", duration="soon"),
        record("two hours"),
        record(120),
        record(None),
        {"start_time": START, "end_time": END, "technical_details": ["2 hours"]},
        {"start_time": START, "end_time": END, "rollback_duration": "2 hours"},
    ],
)
def test_silent_when_within_or_an_input_is_absent_or_malformed(bad: dict[str, Any]) -> None:
    assert_silent(RULE, bad)


def test_an_incident_of_no_length_is_still_compared() -> None:
    # start_time == end_time is not an end before the start (end-before-start is silent on it), so a rollback of
    # two hours is longer than the zero-length incident.
    expected = message("2h", "0m")
    assert findings_both(RULE, record("2 hours", end=START)) == ([expected], [expected])
