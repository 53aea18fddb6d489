"""resolution-time-mismatch (IL103), including its safe fix."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import pytest

from incidentlint.api import Fix, Replace
from tests.rules import assert_silent, diagnostics, findings_both, lint_json, lint_yaml

RULE = "resolution-time-mismatch"
POINTER = "/response_details/time_to_resolution"


def message(says: str, actual: str, right: str) -> str:
    return (
        f"time_to_resolution says '{says}' but end_time - start_time is {actual}; "
        f"set time_to_resolution to '{right}', or correct the timestamps"
    )


def record(ttr: Any, end: Any = "2024-03-15T15:35:00Z", start: Any = "2024-03-15T14:30:00Z") -> dict[str, Any]:
    return {"start_time": start, "end_time": end, "response_details": {"time_to_resolution": ttr}}


JSON = """{
  "start_time": "2024-03-15T14:30:00Z",
  "end_time": "2024-03-15T15:35:00Z",
  "response_details": {
    "time_to_response": "5 minutes",
    "time_to_resolution": "45 minutes"
  }
}
"""

YAML = """start_time: 2024-03-15T14:30:00Z
end_time: 2024-03-15T15:35:00Z
response_details:
  time_to_response: 5 minutes
  time_to_resolution: "45 minutes"
"""


def test_fires_at_time_to_resolution_in_json() -> None:
    assert lint_json(RULE, JSON) == [(6, 27, message("45 minutes", "1h 5m", "65 minutes"))]


def test_fires_at_time_to_resolution_in_yaml() -> None:
    assert lint_yaml(RULE, YAML) == [(5, 23, message("45 minutes", "1h 5m", "65 minutes"))]


def test_the_reference_values_match() -> None:
    assert_silent(RULE, record("65 minutes"))


def test_offsets_are_converted_before_subtracting() -> None:
    assert_silent(RULE, record("65 minutes", start="2024-03-15T09:30:00-05:00"))
    expected = message("6h 5m", "1h 5m", "1h 5m")
    got = findings_both(RULE, record("6h 5m", start="2024-03-15T09:30:00-05:00"))
    assert got == ([expected], [expected])


def test_tolerance_edges() -> None:
    assert_silent(RULE, record("64 minutes"))
    assert_silent(RULE, record("66 minutes"))
    expected = message("63 minutes 59 seconds", "1h 5m", "1 hour 5 minutes")
    assert findings_both(RULE, record("63 minutes 59 seconds")) == ([expected], [expected])
    expected = message("PT1H6M1S", "1h 5m", "PT1H5M")
    assert findings_both(RULE, record("PT1H6M1S")) == ([expected], [expected])


def test_tolerance_option() -> None:
    assert_silent(RULE, record("70 minutes"), tolerance=300)
    expected = message("70 minutes", "1h 5m", "65 minutes")
    assert findings_both(RULE, record("70 minutes"), tolerance=299) == ([expected], [expected])


@pytest.mark.parametrize(("written", "right"), [("45 minutes", "65 minutes"), ("45m", "65m"), ("PT45M", "PT65M")])
def test_fix_keeps_the_style_of_the_field_and_is_safe_when_duration_agrees_with_the_timestamps(
    written: str, right: str
) -> None:
    (diagnostic,) = diagnostics(RULE, json.dumps({**record(written), "duration": "1h 5m"}))
    description = f"set time_to_resolution to {right}"
    assert diagnostic.fix == Fix(ops=(Replace(POINTER, right),), safe=True, description=description)


@pytest.mark.parametrize("duration", [None, "a while", 65])
def test_fix_is_unsafe_when_no_duration_backs_the_timestamps(duration: Any) -> None:
    # Nothing says the timestamps are the right side: a date typo in end_time would be copied into the field.
    extra = {} if duration is None else {"duration": duration}
    (diagnostic,) = diagnostics(RULE, json.dumps({**record("45 minutes"), **extra}))
    assert diagnostic.fix is not None and diagnostic.fix.safe is False
    assert diagnostic.message == message("45 minutes", "1h 5m", "65 minutes")


def test_when_duration_agrees_with_the_field_the_message_suspects_the_timestamps() -> None:
    # A date typo in end_time: two statements of 1h 5m against one timestamp a day later.
    text = json.dumps({**record("65 minutes", end="2024-03-16T15:35:00Z"), "duration": "1h 5m"})
    (diagnostic,) = diagnostics(RULE, text)
    assert diagnostic.message == (
        "time_to_resolution says '65 minutes' and duration agrees ('1h 5m'), but end_time - start_time is "
        "1d 1h 5m; correct the timestamps if they are wrong, or set time_to_resolution to "
        "'1 day 1 hour 5 minutes'"
    )
    assert diagnostic.fix is not None and diagnostic.fix.safe is False


@pytest.mark.parametrize(
    "bad",
    [
        record("45 minutes", end="2024-03-15T14:00:00Z"),
        record("45 minutes", end=None),
        record(45),
        record("forty-five minutes"),
        {"start_time": "2024-03-15T14:30:00Z", "end_time": "2024-03-15T15:35:00Z", "response_details": "fast"},
        {"start_time": "2024-03-15T14:30:00Z", "end_time": "2024-03-15T15:35:00Z"},
        {"response_details": {"time_to_resolution": "45 minutes"}},
    ],
)
def test_silent_when_an_input_is_absent_or_malformed(bad: dict[str, Any]) -> None:
    assert_silent(RULE, bad)


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("2024-03-15T14:30:00Z", "2204-03-15T15:35:00Z"),  # a year typo in end_time
        ("2204-03-15T14:30:00Z", "2204-03-15T15:35:00Z"),
        ("2204-03-15T14:30:00Z", "2204-03-15T16:35:00Z"),
    ],
)
def test_silent_when_a_timestamp_is_later_than_now(start: str, end: str) -> None:
    # The span is not known yet: future-timestamp reports the typo.
    assert_silent(RULE, {**record("65 minutes", end=end, start=start), "duration": "1h 5m"})


def test_later_than_now_is_judged_against_the_run_s_now() -> None:
    now = datetime.fromisoformat("2300-01-01T00:00:00+00:00")
    expected = message("65 minutes", "2h 5m", "2 hours 5 minutes")
    got = findings_both(RULE, record("65 minutes", "2204-03-15T16:35:00Z", "2204-03-15T14:30:00Z"), now=now)
    assert got == ([expected], [expected])
