"""resolution-time-mismatch (IL103), including its safe fix."""

from __future__ import annotations

import json
from typing import Any

import pytest

from incidentlint.api import Fix, Replace
from tests.rules import assert_silent, diagnostics, findings_both, lint_json, lint_yaml

RULE = "resolution-time-mismatch"
POINTER = "/response_details/time_to_resolution"


def message(says: str, actual: str, right: str) -> str:
    return (
        f"time_to_resolution says {says} but end_time - start_time is {actual}; "
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
    assert lint_json(RULE, JSON) == [(6, 27, message("45m", "1h 5m", "1 hour 5 minutes"))]


def test_fires_at_time_to_resolution_in_yaml() -> None:
    assert lint_yaml(RULE, YAML) == [(5, 23, message("45m", "1h 5m", "1 hour 5 minutes"))]


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
    expected = message("1h 3m 59s", "1h 5m", "1 hour 5 minutes")
    assert findings_both(RULE, record("63 minutes 59 seconds")) == ([expected], [expected])
    expected = message("1h 6m 1s", "1h 5m", "PT1H5M")
    assert findings_both(RULE, record("PT1H6M1S")) == ([expected], [expected])


def test_tolerance_option() -> None:
    assert_silent(RULE, record("70 minutes"), tolerance=300)
    expected = message("1h 10m", "1h 5m", "1 hour 5 minutes")
    assert findings_both(RULE, record("70 minutes"), tolerance=299) == ([expected], [expected])


@pytest.mark.parametrize(
    ("written", "right"), [("45 minutes", "1 hour 5 minutes"), ("45m", "1h5m"), ("PT45M", "PT1H5M")]
)
def test_safe_fix_keeps_the_style_of_the_field(written: str, right: str) -> None:
    (diagnostic,) = diagnostics(RULE, json.dumps(record(written)))
    description = f"set time_to_resolution to {right}"
    assert diagnostic.fix == Fix(ops=(Replace(POINTER, right),), safe=True, description=description)


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
