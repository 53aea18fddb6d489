"""detection-outside-window (IL107)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from tests.rules import assert_silent, findings_both, lint_json, lint_yaml

RULE = "detection-outside-window"
START, END = "2024-03-15T14:30:00Z", "2024-03-15T15:35:00Z"


def before(detected: str, gap: str, start: str = START) -> str:
    return (
        f"detection_time {detected} is {gap} before start_time {start}; an incident cannot be detected before it "
        "starts: correct detection_time, or move start_time back to when impact began"
    )


def record(detected: Any, start: Any = START, end: Any = END) -> dict[str, Any]:
    return {"start_time": start, "end_time": end, "detection_details": {"detection_time": detected}}


JSON = """{
  "start_time": "2024-03-15T14:30:00Z",
  "detection_details": {
    "detection_method": "customer_report",
    "detection_time": "2024-03-15T14:20:00Z"
  }
}
"""

YAML = """start_time: 2024-03-15T14:30:00Z
end_time: 2024-03-15T15:35:00Z
detection_details:
  detection_time: 2024-03-15T15:25:00+01:00   # 14:25 UTC
"""


def test_before_start_fires_in_json() -> None:
    assert lint_json(RULE, JSON) == [(5, 23, before("2024-03-15T14:20:00Z", "10m"))]


def test_before_start_fires_in_yaml_with_offsets_converted() -> None:
    assert lint_yaml(RULE, YAML) == [(4, 19, before("2024-03-15T15:25:00+01:00", "5m"))]


LATE_JSON = """{
  "start_time": "2024-03-15T12:00:00Z",
  "end_time": "2024-03-15T12:01:30.250Z",
  "detection_details": {
    "detection_method": "customer_report",
    "detection_time": "2024-03-15T12:30:00Z",
    "time_to_detection": "30 minutes"
  }
}
"""

LATE_YAML = """start_time: 2024-03-15T12:00:00Z
end_time: 2024-03-15T12:01:30.250Z
detection_details:
  detection_method: customer_report
  detection_time: 2024-03-15T12:30:00Z
  time_to_detection: 30 minutes
"""


def test_a_detection_after_the_end_is_not_flagged() -> None:
    # A customer reports bad data half an hour after a 90-second incident ended: end_time is when impact ended,
    # and late detection is normal. time_to_detection agrees, and nothing here is wrong.
    assert lint_json(RULE, LATE_JSON) == []
    assert lint_yaml(RULE, LATE_YAML) == []


@pytest.mark.parametrize("detected", ["2024-03-15T16:00:00Z", "2024-03-16T14:30:00Z", "2024-03-15T15:35:00.9Z"])
def test_a_detection_after_the_end_is_not_flagged_even_without_time_to_detection(detected: str) -> None:
    # A date typo here is detection-time-mismatch's to find, when time_to_detection is given.
    assert_silent(RULE, record(detected))


def test_offsets_are_converted() -> None:
    # 16:00+01:00 is 15:00 UTC, inside the window although it reads after the 15:35 end.
    assert_silent(RULE, record("2024-03-15T16:00:00+01:00"))
    # 15:25+01:00 is 14:25 UTC, before the start although it reads after it.
    expected = before("2024-03-15T15:25:00+01:00", "5m")
    assert findings_both(RULE, record("2024-03-15T15:25:00+01:00")) == ([expected], [expected])


@pytest.mark.parametrize("detected", [START, END, "2024-03-15T14:31:00Z"])
def test_the_window_includes_its_edges(detected: str) -> None:
    assert_silent(RULE, record(detected))


def test_one_second_before_the_start_fires() -> None:
    expected = before("2024-03-15T14:29:59Z", "1s")
    assert findings_both(RULE, record("2024-03-15T14:29:59Z")) == ([expected], [expected])


def test_without_end_time_only_the_start_is_checked() -> None:
    assert_silent(RULE, {"start_time": START, "detection_details": {"detection_time": "2025-01-01T00:00:00Z"}})


@pytest.mark.parametrize(
    "bad",
    [
        record("2024-03-15 14:20"),
        record(None),
        record(1710512400),
        record("2024-03-15T14:20:00Z", start="2024-03-15"),
        record("2024-03-15T16:00:00Z", end="later"),
        {"start_time": START, "detection_details": "2024-03-15T14:20:00Z"},
        {"start_time": START, "detection_details": ["2024-03-15T14:20:00Z"]},
        {"detection_details": {"detection_time": "2024-03-15T14:20:00Z"}},
    ],
)
def test_silent_when_an_input_is_absent_or_malformed(bad: dict[str, Any]) -> None:
    assert_silent(RULE, bad)


MS_JSON = """{
  "start_time": "2024-03-15T14:30:00.250Z",
  "end_time": "2024-03-15T15:35:00Z",
  "detection_details": {"detection_time": "2024-03-15T14:30:00Z"}
}
"""

MS_YAML = """start_time: 2024-03-15T14:30:00.250Z
end_time: 2024-03-15T15:35:00.100Z
detection_details:
  detection_time: 2024-03-15T15:35:00Z
"""


def test_a_timestamp_without_a_fraction_stands_for_its_whole_second_in_json() -> None:
    # 14:30:00Z, written to the second, is not before 14:30:00.250Z: tools cut the fraction off.
    assert lint_json(RULE, MS_JSON) == []


def test_a_timestamp_without_a_fraction_stands_for_its_whole_second_in_yaml() -> None:
    assert lint_yaml(RULE, MS_YAML) == []


@pytest.mark.parametrize(
    ("detected", "start", "gap"),
    [
        ("2024-03-15T14:29:59.999Z", "2024-03-15T14:30:00Z", "0.001s"),  # before the whole second
        ("2024-03-15T14:29:59Z", "2024-03-15T14:30:00.250Z", "1.25s"),  # the real gap, not the cut one
        ("2024-03-15T14:30:00.1Z", "2024-03-15T14:30:00.25Z", "0.15s"),  # both tenths: .1 is before .2
        ("2024-03-15T14:30:00.100Z", "2024-03-15T14:30:00.250Z", "0.15s"),
        ("2024-03-15T14:30:00.000001Z", "2024-03-15T14:30:00.000002Z", "0.000001s"),
        ("2024-03-15T14:29:59.999999999Z", "2024-03-15T14:30:00.000000000Z", "0.000001s"),  # nanoseconds, as tracers
    ],
)
def test_sub_second_gaps_at_the_common_precision_fire_with_the_real_gap(detected: str, start: str, gap: str) -> None:
    expected = before(detected, gap, start)
    assert findings_both(RULE, record(detected, start=start)) == ([expected], [expected])


@pytest.mark.parametrize(
    ("detected", "start"),
    [
        ("2024-03-15T14:30:00.2Z", "2024-03-15T14:30:00.25Z"),  # equal in tenths
        ("2024-03-15T14:30:00Z", "2024-03-15T14:30:00.999999Z"),
        ("2024-03-15T15:30:00+01:00", "2024-03-15T14:30:00.5Z"),  # the same second in another offset
    ],
)
def test_silent_within_the_coarser_precision(detected: str, start: str) -> None:
    assert_silent(RULE, record(detected, start=start))


INVERTED_JSON = """{
  "start_time": "2024-03-15T15:35:00Z",
  "end_time": "2024-03-15T14:30:00Z",
  "detection_details": {"detection_time": "2024-03-15T14:30:00Z"}
}
"""

INVERTED_YAML = """start_time: 2024-03-15T15:35:00Z
end_time: 2024-03-15T14:30:00Z
detection_details:
  detection_time: 2024-03-15T14:30:00Z
"""


def test_silent_when_end_time_is_before_start_time() -> None:
    # start_time and end_time swapped: end-before-start reports it, and the detection, right, is not blamed.
    assert lint_json(RULE, INVERTED_JSON) == []
    assert lint_yaml(RULE, INVERTED_YAML) == []
    # Nor when end_time is the wrong one: the window is unknown until end-before-start is fixed.
    assert_silent(RULE, record("2024-03-15T14:20:00Z", end="2024-03-15T08:35:00Z"))


def test_a_start_time_later_than_now_is_left_to_future_timestamp() -> None:
    # A year typo in start_time puts every other timestamp before it.
    assert_silent(RULE, record(START, start="2204-03-15T14:30:00Z", end="2204-03-15T15:35:00Z"))
    # Judged against now: the same start in the past is one the detection is before.
    now = datetime.fromisoformat("2300-01-01T00:00:00+00:00")
    expected = before(START, "65743d", start="2204-03-15T14:30:00Z")
    got = findings_both(RULE, record(START, start="2204-03-15T14:30:00Z", end="2204-03-15T15:35:00Z"), now=now)
    assert got == ([expected], [expected])
