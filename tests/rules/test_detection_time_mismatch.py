"""detection-time-mismatch (IL108)."""

from __future__ import annotations

import json
from datetime import datetime
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


def late(detected: str, end: str, says: str, gap: str) -> str:
    return (
        f"detection_time {detected} is {gap} after end_time {end}, but time_to_detection says '{says}', which puts "
        "detection before the incident ended; correct detection_time (check its date and offset), or "
        "time_to_detection"
    )


END = "2024-03-15T15:35:00Z"

NEXT_DAY_JSON = """{
  "start_time": "2024-03-15T14:30:00Z",
  "end_time": "2024-03-15T15:35:00Z",
  "detection_details": {
    "detection_time": "2024-03-16T14:30:00Z",
    "time_to_detection": "immediate"
  }
}
"""

LOCAL_AS_Z_YAML = """start_time: 2024-04-02T09:10:00Z
end_time: 2024-04-02T11:05:00+01:00
detection_details:
  detection_time: 2024-04-02T10:18:00Z   # 10:18 local time, marked Z
  time_to_detection: 8 minutes
"""


def test_a_detection_date_typo_after_the_end_is_reported_at_detection_time_in_json() -> None:
    # A day late: "set time_to_detection to '1 day'" would make the record agree with the typo.
    assert lint_json(RULE, NEXT_DAY_JSON) == [(5, 23, late("2024-03-16T14:30:00Z", END, "immediate", "22h 55m"))]


def test_a_detection_in_local_time_marked_z_is_reported_at_detection_time_in_yaml() -> None:
    expected = late("2024-04-02T10:18:00Z", "2024-04-02T11:05:00+01:00", "8 minutes", "13m")
    assert lint_yaml(RULE, LOCAL_AS_Z_YAML) == [(4, 19, expected)]


def test_time_to_detection_just_past_the_end_still_counts_as_inside_the_incident() -> None:
    # '66 minutes' in a 65-minute incident is the end, within the tolerance.
    detected = "2024-03-16T14:30:00Z"
    expected = late(detected, END, "66 minutes", "22h 55m")
    got = findings_both(RULE, {**record("66 minutes", detected=detected), "end_time": END})
    assert got == ([expected], [expected])
    expected = message("67 minutes", "1d", "1 day")
    got = findings_both(RULE, {**record("67 minutes", detected=detected), "end_time": END})
    assert got == ([expected], [expected])


def test_a_late_detection_that_time_to_detection_agrees_with_is_clean() -> None:
    # A customer reports bad data 30 minutes after a 90-second incident ended.
    def late_report(ttd: str) -> dict[str, Any]:
        window = {"start_time": "2024-03-15T12:00:00Z", "end_time": "2024-03-15T12:01:30.250Z"}
        return {**window, "detection_details": {"detection_time": "2024-03-15T12:30:00Z", "time_to_detection": ttd}}

    assert_silent(RULE, late_report("30 minutes"))
    # When both put detection after the end but disagree, time_to_detection is the one to look at.
    expected = message("20 minutes", "30m", "30 minutes")
    assert findings_both(RULE, late_report("20 minutes")) == ([expected], [expected])


def test_a_detection_just_after_the_end_within_the_tolerance_is_clean() -> None:
    assert_silent(RULE, {**record("65 minutes", detected="2024-03-15T15:35:30Z"), "end_time": END})


def test_an_end_time_that_cannot_be_trusted_is_not_used() -> None:
    # end_time before start_time (end-before-start's) or later than now (future-timestamp's): the usual finding.
    expected = message("immediate", "1d", "1 day")
    for end in ("2024-03-15T08:35:00Z", "2204-03-15T15:35:00Z"):
        got = findings_both(RULE, {**record("immediate", detected="2024-03-16T14:30:00Z"), "end_time": end})
        assert got == ([expected], [expected])


def test_a_timestamp_later_than_now_is_left_to_future_timestamp() -> None:
    # A year typo in detection_time or start_time makes the span absurd, not wrong: future-timestamp reports it.
    assert_silent(RULE, record("immediate", detected="2204-03-15T14:30:00Z"))
    assert_silent(RULE, record("immediate", start="2204-03-15T14:20:00Z", detected="2204-03-15T14:30:00Z"))
    # Judged against now, not against a fixed year.
    now = datetime.fromisoformat("2300-01-01T00:00:00+00:00")
    expected = message("immediate", "10m", "10 minutes")
    got = findings_both(
        RULE, record("immediate", start="2204-03-15T14:20:00Z", detected="2204-03-15T14:30:00Z"), now=now
    )
    assert got == ([expected], [expected])


ZERO_JSON = """{
  "start_time": "2024-03-15T14:30:00Z",
  "detection_details": {
    "detection_time": "2024-03-15T14:30:00Z",
    "time_to_detection": "10 minutes"
  }
}
"""


def test_a_zero_span_is_suggested_as_immediate() -> None:
    # The schema documents 'immediate' as time_to_detection's zero: '0 minutes' would be a needless new spelling.
    assert lint_json(RULE, ZERO_JSON) == [(5, 26, message("10 minutes", "0m", "immediate"))]
    expected = message("PT10M", "0.4s", "immediate")
    assert findings_both(RULE, record("PT10M", detected="2024-03-15T14:30:00.400Z"), tolerance=0) == (
        [expected],
        [expected],
    )


def test_a_span_of_one_second_is_not_immediate() -> None:
    expected = message("10 minutes", "1s", "1 second")
    got = findings_both(RULE, record("10 minutes", detected="2024-03-15T14:30:01Z"), tolerance=0)
    assert got == ([expected], [expected])


def test_a_huge_time_to_detection_after_the_end_does_not_overflow() -> None:
    # Found by Hypothesis: start_time + 500000 weeks is past the year 9999, and the comparison raised OverflowError
    # (an internal error for the file). Compared as spans, the record gets its finding.
    record = {
        "start_time": "2000-01-01T00:00:00Z",
        "end_time": "2000-01-01T00:00:00Z",
        "detection_details": {"time_to_detection": "500000week", "detection_time": "2024-03-15T14:30:00Z"},
    }
    [(rule, pointer, _)] = [(d.rule, d.pointer, d.message) for d in diagnostics(RULE, json.dumps(record))]
    assert (rule, pointer) == (RULE, "/detection_details/time_to_detection")


def test_a_detection_time_or_start_time_at_now_exactly_is_not_in_the_future() -> None:
    # Only a time later than now is left to future-timestamp; at now itself the span is compared as usual.
    start = "2024-03-15T14:30:00Z"
    detection = {"detection_time": "2024-03-15T14:50:00Z", "time_to_detection": "5 minutes"}
    record = {"start_time": start, "detection_details": detection}
    expected = message("5 minutes", "20m", "20 minutes")
    at_detection = datetime.fromisoformat("2024-03-15T14:50:00+00:00")
    assert findings_both(RULE, record, now=at_detection) == ([expected], [expected])
    detection["detection_time"] = start
    expected = message("5 minutes", "0m", "immediate")
    at_start = datetime.fromisoformat("2024-03-15T14:30:00+00:00")
    assert findings_both(RULE, record, now=at_start) == ([expected], [expected])
