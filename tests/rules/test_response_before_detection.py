"""response-before-detection (IL124)."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from incidentlint.api import parse_timestamp
from incidentlint.config import Config
from incidentlint.engine import Linter
from tests.helpers import reference
from tests.rules import NOW, as_json, as_yaml, assert_silent, catalogue, lint_json, lint_yaml, timestamp_texts

RULE = "response-before-detection"
START, END = "2024-03-15T14:30:00Z", "2024-03-15T15:35:00Z"
ADVICE = (
    "an incident is detected before anyone responds to it: set detection_time to when it was first noticed, or "
    "correct the response times"
)


def record(detected: Any, room: Any = None, sent: list[Any] | None = None, **fields: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"start_time": START, "end_time": END, "detection_details": {"detection_time": detected}}
    if room is not None:
        data["response_details"] = {"war_room_established": room}
    if sent is not None:
        data["communication_log"] = [{"timestamp": at, "message": "Investigating"} for at in sent]
    data.update(fields)
    return data


JSON = """{
  "start_time": "2024-03-15T14:30:00Z",
  "detection_details": {
    "detection_method": "automated_monitoring",
    "detection_time": "2024-03-15T14:50:00Z"
  },
  "response_details": {
    "war_room_established": "2024-03-15T14:45:00Z"
  }
}
"""

YAML = """start_time: 2024-03-15T14:30:00Z
detection_details:
  detection_time: 2024-03-15T16:00:00+01:00   # 15:00 UTC
communication_log:
  - timestamp: 2024-03-15T14:40:00Z
    message: Investigating
  - timestamp: 2024-03-15T15:55:00+01:00       # 14:55 UTC
    message: Identified
response_details:
  war_room_established: 2024-03-15T14:42:00Z
"""


def test_a_war_room_before_detection_is_reported_at_detection_time_in_json() -> None:
    message = (
        f"detection_time 2024-03-15T14:50:00Z is 5m after the war room was opened (2024-03-15T14:45:00Z); {ADVICE}"
    )
    assert lint_json(RULE, JSON) == [(5, 23, message)]


def test_many_early_responses_give_one_finding_naming_the_first_in_yaml() -> None:
    message = (
        "detection_time 2024-03-15T16:00:00+01:00 is 20m after communication_log[0] was sent (2024-03-15T14:40:00Z), "
        f"and after 2 other responses; {ADVICE}"
    )
    assert lint_yaml(RULE, YAML) == [(3, 19, message)]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            record("2024-03-15T14:50:00Z", sent=["2024-03-15T14:49:59Z"]),
            "detection_time 2024-03-15T14:50:00Z is 1s after communication_log[0] was sent (2024-03-15T14:49:59Z)",
        ),
        (
            record("2024-03-15T14:50:00Z", room="2024-03-15T14:40:00Z", sent=["2024-03-15T14:45:00Z"]),
            "detection_time 2024-03-15T14:50:00Z is 10m after the war room was opened (2024-03-15T14:40:00Z), "
            "and after 1 other response",
        ),
    ],
)
def test_the_earliest_response_is_named(data: dict[str, Any], message: str) -> None:
    assert lint_json(RULE, as_json(data))[0][2] == f"{message}; {ADVICE}"


@pytest.mark.parametrize(
    "data",
    [
        record("2024-03-15T14:32:00Z", room="2024-03-15T14:45:00Z", sent=["2024-03-15T14:50:00Z"]),
        record("2024-03-15T14:32:00Z", room="2024-03-15T14:32:00Z"),  # the same minute: a fast response
        record("2024-03-15T14:32:00.500Z", room="2024-03-15T14:32:00Z"),  # the coarser precision: same second
        record("2024-03-15T14:32:00Z", room="2024-03-15T15:32:00+01:00"),  # 14:32 UTC
        record("2024-03-15T14:20:00Z", room="2024-03-15T14:15:00Z"),  # before start: detection-outside-window
        record("2999-01-01T00:00:00Z", room="2024-03-15T14:45:00Z"),  # in the future: future-timestamp
        record("2024-03-15T14:50:00Z", room="2024-03-15T14:45:00Z", end_time="2024-03-15T14:00:00Z"),  # inverted
        record("2024-03-15T14:50:00Z", sent=["2024-03-15T14:00:00Z"]),  # before start: timeline-outside-window
        record("2024-03-15T14:50:00Z", room="not a time", sent=[None, "yesterday", {"at": 1}]),
        record(None, room="2024-03-15T14:45:00Z"),
        {"detection_details": {"detection_time": "2024-03-15T14:50:00Z"}, "communication_log": "2024-03-15"},
    ],
)
def test_silent(data: dict[str, Any]) -> None:
    assert_silent(RULE, data)


def test_a_time_to_detection_that_agrees_with_the_responses_is_left_to_detection_time_mismatch() -> None:
    # time_to_detection says 5 minutes (14:35), before the war room at 14:45: detection_time (14:50) disagrees
    # with the record's own statement of the delay, and detection-time-mismatch says so. One finding, not two.
    data = reference()
    data["detection_details"].update(detection_time="2024-03-15T14:50:00Z", time_to_detection="5 minutes")
    data["response_details"]["war_room_established"] = "2024-03-15T14:45:00Z"
    result = Linter(Config(), catalogue(), NOW).lint_text("r.json", as_json(data))
    assert [d.rule for d in result.diagnostics] == ["detection-time-mismatch"]
    data["detection_details"]["time_to_detection"] = "20 minutes"  # agrees with 14:50: this rule's finding
    result = Linter(Config(), catalogue(), NOW).lint_text("r.json", as_json(data))
    assert [d.rule for d in result.diagnostics] == [RULE]


def test_a_war_room_after_a_late_detection_is_clean_and_one_before_it_is_reported(tmp_path: Path) -> None:
    # Impact ended at 12:01:30; a customer reported it at 12:30. A war room at 12:31 follows the report (and
    # timeline-outside-window no longer calls it late); one at 12:20 was opened before anyone knew.
    data = reference()
    data.update(start_time="2024-03-15T12:00:00Z", end_time="2024-03-15T12:01:30Z", duration="90s")
    data["detection_details"].update(detection_time="2024-03-15T12:30:00Z", time_to_detection="30 minutes")
    data["response_details"].update(time_to_resolution="90s", war_room_established="2024-03-15T12:31:00Z")
    data["technical_details"]["rollback_duration"] = "1 minute"
    data["communication_log"] = [{"timestamp": "2024-03-15T12:35:00Z", "message": "Resolved", "type": "status_page"}]
    linter = Linter(Config(), catalogue(), NOW)
    assert linter.lint_text("r.yaml", as_yaml(data)).diagnostics == []
    data["response_details"]["war_room_established"] = "2024-03-15T12:20:00Z"
    [finding] = linter.lint_text("r.yaml", as_yaml(data)).diagnostics
    assert (finding.rule, finding.message) == (
        RULE,
        f"detection_time 2024-03-15T12:30:00Z is 10m after the war room was opened (2024-03-15T12:20:00Z); {ADVICE}",
    )


@settings(max_examples=500, deadline=None)
@given(timestamp_texts(), st.one_of(st.none(), timestamp_texts()), st.lists(timestamp_texts(), max_size=4))
def test_the_quick_look_never_misses_an_earlier_response(detected: str, room: str | None, sent: list[str]) -> None:
    module = importlib.import_module("incidentlint.rules.response_before_detection")
    data = record(detected, room=room, sent=sent)
    instant = parse_timestamp(detected)
    assume(instant is not None)
    exact = any(at < instant for at, _, _ in module._responses(data))
    assert module._any_before(data, detected, instant) or not exact


def test_a_time_to_detection_that_puts_detection_exactly_at_the_first_response_agrees_with_it() -> None:
    # start_time + 15 minutes is 14:45, the war room: detection then is not after the response, so the mistake is
    # detection_time's alone (detection-time-mismatch). A minute more and detection is after the war room.
    agrees = record("2024-03-15T15:00:00Z", "2024-03-15T14:45:00Z")
    agrees["detection_details"]["time_to_detection"] = "15 minutes"
    assert lint_json(RULE, as_json(agrees)) == []
    agrees["detection_details"]["time_to_detection"] = "16 minutes"
    expected = (
        "detection_time 2024-03-15T15:00:00Z is 15m after the war room was opened (2024-03-15T14:45:00Z); an "
        "incident is detected before anyone responds to it: set detection_time to when it was first noticed, or "
        "correct the response times"
    )
    assert [message for _, _, message in lint_yaml(RULE, as_yaml(agrees))] == [expected]


def test_the_first_response_is_the_earliest_instant_not_the_earliest_text() -> None:
    # 16:40+02:00 is 14:40 UTC, before the 14:45Z update, although its text sorts after it.
    data = record("2024-03-15T15:00:00Z", "2024-03-15T16:40:00+02:00", ["2024-03-15T14:45:00Z"])
    expected = (
        "detection_time 2024-03-15T15:00:00Z is 20m after the war room was opened (2024-03-15T16:40:00+02:00), and "
        "after 1 other response; an incident is detected before anyone responds to it: set detection_time to when "
        "it was first noticed, or correct the response times"
    )
    assert [message for _, _, message in lint_json(RULE, as_json(data))] == [expected]
