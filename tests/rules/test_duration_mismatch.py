"""duration-mismatch (IL102), including its safe fix."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from incidentlint.api import Fix, Replace
from tests.helpers import run_cli
from tests.rules import assert_silent, diagnostics, findings_both, lint_json, lint_yaml

RULE = "duration-mismatch"
START = "2024-03-15T14:30:00Z"


def message(says: str, actual: str, right: str) -> str:
    return (
        f"duration says '{says}' but end_time - start_time is {actual}; "
        f"set duration to '{right}', or correct the timestamps"
    )


def record(duration: Any, end: Any = "2024-03-15T15:35:00Z", start: Any = START) -> dict[str, Any]:
    return {"start_time": start, "end_time": end, "duration": duration}


def test_fires_at_duration_in_json() -> None:
    text = (
        '{\n  "start_time": "2024-03-15T14:30:00Z",\n  "end_time": "2024-03-15T15:35:00Z",\n  "duration": "1h 15m"\n}\n'
    )
    assert lint_json(RULE, text) == [(4, 15, message("1h 15m", "1h 5m", "1h 5m"))]


def test_a_duration_in_minutes_only_is_corrected_in_minutes() -> None:
    # '65 minutes' reads as the author wrote; '1 hour 5 minutes' would restyle the field.
    text = '{"start_time": "2024-03-15T14:30:00Z", "end_time": "2024-03-15T15:35:00Z", "duration": "75 minutes"}'
    assert lint_json(RULE, text) == [(1, 88, message("75 minutes", "1h 5m", "65 minutes"))]


def test_fires_at_duration_in_yaml() -> None:
    text = "start_time: 2024-03-15T14:30:00Z\nend_time: 2024-03-15T15:35:00Z\nduration: 1h 15m  # typo\n"
    assert lint_yaml(RULE, text) == [(3, 11, message("1h 15m", "1h 5m", "1h 5m"))]


def test_offsets_are_converted_before_subtracting() -> None:
    # 17:35+02:00 is 15:35 UTC: the incident lasted 1h 5m, not 3h 5m.
    assert_silent(RULE, record("1h 5m", end="2024-03-15T17:35:00+02:00"))
    expected = message("3h 5m", "1h 5m", "1h 5m")
    assert findings_both(RULE, record("3h 5m", end="2024-03-15T17:35:00+02:00")) == ([expected], [expected])


@pytest.mark.parametrize("duration", ["1h 5m", "1h5m", "65 minutes", "1 hour 5 minutes", "PT1H5M", "PT65M", "3900s"])
def test_silent_when_every_style_matches(duration: str) -> None:
    assert_silent(RULE, record(duration))


def test_exactly_one_minute_off_is_within_the_default_tolerance() -> None:
    assert_silent(RULE, record("1h 5m", end="2024-03-15T15:36:00Z"))
    assert_silent(RULE, record("1h 5m", end="2024-03-15T15:34:00Z"))


def test_sixty_one_seconds_off_fires() -> None:
    expected = message("1h 5m", "1h 6m 1s", "1h 6m 1s")
    assert findings_both(RULE, record("1h 5m", end="2024-03-15T15:36:01Z")) == ([expected], [expected])
    expected = message("1h 5m", "1h 3m 59s", "1h 3m 59s")
    assert findings_both(RULE, record("1h 5m", end="2024-03-15T15:33:59Z")) == ([expected], [expected])


def test_tolerance_option() -> None:
    assert_silent(RULE, record("1h", end="2024-03-15T15:35:00Z"), tolerance=300)
    expected = message("1h 5m", "1h 5m 1s", "1h 5m 1s")
    got = findings_both(RULE, record("1h 5m", end="2024-03-15T15:35:01Z"), tolerance=0)
    assert got == ([expected], [expected])


def test_immediate_is_zero() -> None:
    expected = message("immediate", "1h 5m", "1 hour 5 minutes")
    assert findings_both(RULE, record("immediate")) == ([expected], [expected])


@pytest.mark.parametrize(
    ("written", "right"),
    [
        ("1h 15m", "1h 5m"),
        ("1h15m", "1h5m"),
        ("75 minutes", "65 minutes"),
        ("PT1H15M", "PT1H5M"),
    ],
)
def test_fix_keeps_the_style_of_the_field_and_is_safe_when_time_to_resolution_agrees(written: str, right: str) -> None:
    ttr = '"response_details": {"time_to_resolution": "65 minutes"}'
    text = f'{{"start_time": "{START}", "end_time": "2024-03-15T15:35:00Z", "duration": "{written}", {ttr}}}'
    (diagnostic,) = diagnostics(RULE, text)
    assert diagnostic.fix == Fix(ops=(Replace("/duration", right),), safe=True, description=f"set duration to {right}")


@pytest.mark.parametrize("ttr", [None, "45 minutes", "soon"])
def test_fix_is_unsafe_unless_time_to_resolution_backs_the_timestamps(ttr: str | None) -> None:
    extra = {} if ttr is None else {"response_details": {"time_to_resolution": ttr}}
    (diagnostic,) = diagnostics(RULE, json.dumps({**record("1h 15m"), **extra}))
    assert diagnostic.fix == Fix(ops=(Replace("/duration", "1h 5m"),), safe=False, description="set duration to 1h 5m")
    assert diagnostic.message == message("1h 15m", "1h 5m", "1h 5m")


def test_a_date_typo_in_end_time_is_not_fixed_into_the_duration(tmp_path: Path) -> None:
    # duration and time_to_resolution agree; end_time is a day late. --fix must leave all three for a person.
    data = {**record("1h 5m", end="2024-03-16T15:35:00Z"), "response_details": {"time_to_resolution": "65 minutes"}}
    path = tmp_path / "INC-2024-0315-001.json"
    path.write_text(json.dumps(data, indent=2) + "\n", "utf-8")
    before = path.read_bytes()
    code, out, _ = run_cli(
        "--select", "duration-mismatch,resolution-time-mismatch", "--fix", "--format", "json", str(path)
    )
    assert code == 1 and path.read_bytes() == before
    messages = sorted(item["message"] for item in json.loads(out)["diagnostics"])
    assert messages == [
        "duration says '1h 5m' and time_to_resolution agrees ('65 minutes'), but end_time - start_time is 1d 1h 5m; "
        "correct the timestamps if they are wrong, or set duration to '1d 1h 5m'",
        "time_to_resolution says '65 minutes' and duration agrees ('1h 5m'), but end_time - start_time is 1d 1h 5m; "
        "correct the timestamps if they are wrong, or set time_to_resolution to '1 day 1 hour 5 minutes'",
    ]


@pytest.mark.parametrize(
    "bad",
    [
        record("1h 15m", end="2024-03-15T14:00:00Z"),  # end before start: end-before-start reports it
        record("an hour"),
        record("1 hour 5 minutes."),
        record(3900),
        record(None),
        record(["1h 5m"]),
        record("1h 15m", end=None),
        record("1h 15m", end="2024-03-15T15:35:00"),
        record("1h 15m", start={"at": START}),
        record("99999999999 weeks"),
        {"duration": "1h 15m"},
    ],
)
def test_silent_when_an_input_is_absent_or_malformed(bad: dict[str, Any]) -> None:
    assert_silent(RULE, bad)


def test_a_value_right_to_the_second_passes_even_with_zero_tolerance() -> None:
    # The fix writes whole seconds; a fixed value must never fire again, even on sub-second timestamps.
    assert_silent(RULE, record("1h 5m", end="2024-03-15T15:35:00.400Z"), tolerance=0)
    expected = message("1h 5m", "1h 5m 1s", "1h 5m 1s")
    assert findings_both(RULE, record("1h 5m", end="2024-03-15T15:35:00.600Z"), tolerance=0) == ([expected], [expected])


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (START, "2204-03-15T15:35:00Z"),  # a year typo in end_time
        ("2204-03-15T14:30:00Z", "2204-03-15T15:35:00Z"),  # ... in both
        ("2204-03-15T14:30:00Z", "2204-03-15T16:35:00Z"),
    ],
)
def test_silent_when_a_timestamp_is_later_than_now(start: str, end: str) -> None:
    # The span is not known yet: future-timestamp reports the typo, and '65743d 1h 5m' would be no advice.
    data = {**record("1h 5m", end=end, start=start), "response_details": {"time_to_resolution": "65 minutes"}}
    assert_silent(RULE, data)


def test_later_than_now_is_judged_against_the_run_s_now() -> None:
    now = datetime.fromisoformat("2300-01-01T00:00:00+00:00")
    expected = message("1h 5m", "2h 5m", "2h 5m")
    assert findings_both(RULE, record("1h 5m", "2204-03-15T16:35:00Z", "2204-03-15T14:30:00Z"), now=now) == (
        [expected],
        [expected],
    )


def test_an_incident_of_no_length_is_compared_too() -> None:
    # end_time == start_time is a window, not an inverted one: the stated duration is measured against zero.
    expected = message("1h", "0m", "0h")
    assert findings_both(RULE, record("1h", end=START)) == ([expected], [expected])


def test_an_end_time_at_now_exactly_is_not_in_the_future() -> None:
    expected = message("1h 15m", "1h 5m", "1h 5m")
    at_end = datetime.fromisoformat("2024-03-15T15:35:00+00:00")
    assert findings_both(RULE, record("1h 15m"), now=at_end) == ([expected], [expected])


def test_a_witness_within_the_tolerance_of_the_timestamps_makes_the_fix_safe() -> None:
    # time_to_resolution one minute (the default tolerance) from end_time - start_time backs the timestamps, so
    # rewriting duration is safe; a second more and it backs neither side.
    data: dict[str, Any] = {**record("1h 15m"), "response_details": {"time_to_resolution": "1h 6m"}}
    (diagnostic,) = diagnostics(RULE, json.dumps(data))
    assert diagnostic.fix == Fix(ops=(Replace("/duration", "1h 5m"),), safe=True, description="set duration to 1h 5m")
    assert diagnostic.message == message("1h 15m", "1h 5m", "1h 5m")
    data["response_details"]["time_to_resolution"] = "1h 6m 1s"
    (diagnostic,) = diagnostics(RULE, json.dumps(data))
    assert diagnostic.fix == Fix(ops=(Replace("/duration", "1h 5m"),), safe=False, description="set duration to 1h 5m")


def test_a_witness_within_the_tolerance_of_the_stated_duration_agrees_with_it() -> None:
    # time_to_resolution one minute (the default tolerance) from duration agrees with it; a second more does not.
    data: dict[str, Any] = {**record("1h 15m"), "response_details": {"time_to_resolution": "1h 16m"}}
    agrees = (
        "duration says '1h 15m' and time_to_resolution agrees ('1h 16m'), but end_time - start_time is 1h 5m; "
        "correct the timestamps if they are wrong, or set duration to '1h 5m'"
    )
    assert findings_both(RULE, data) == ([agrees], [agrees])
    data["response_details"]["time_to_resolution"] = "1h 16m 1s"
    alone = message("1h 15m", "1h 5m", "1h 5m")
    assert findings_both(RULE, data) == ([alone], [alone])
