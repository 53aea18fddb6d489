"""timeline-outside-window (IL109)."""

from __future__ import annotations

import importlib
from datetime import datetime
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from incidentlint.api import Options, parse_timestamp
from tests.rules import NOW, assert_silent, catalogue, findings_both, lint_json, lint_yaml, timestamp_texts

RULE = "timeline-outside-window"
START, END = "2024-03-15T14:30:00Z", "2024-03-15T15:35:00Z"


def entry_before(at: str, gap: str) -> str:
    return (
        f"this communication_log entry at {at} is {gap} before start_time {START}; correct its timestamp, "
        "or move start_time back to when impact began"
    )


def room_before(at: str, gap: str) -> str:
    return (
        f"war_room_established {at} is {gap} before start_time {START}; correct war_room_established, "
        "or move start_time back to when impact began"
    )


def room_after(at: str, gap: str) -> str:
    return (
        f"war_room_established {at} is {gap} after end_time {END}; a war room is opened during the incident: "
        "correct war_room_established or end_time"
    )


JSON = """{
  "start_time": "2024-03-15T14:30:00Z",
  "end_time": "2024-03-15T15:35:00Z",
  "response_details": {"war_room_established": "2024-03-15T14:00:00Z"},
  "communication_log": [
    {"timestamp": "2024-03-15T14:50:00Z", "message": "Investigating"},
    {"timestamp": "2024-03-15T14:10:00Z", "message": "Degraded"},
    {"timestamp": "2024-03-15T16:00:00Z", "message": "All clear"}
  ]
}
"""

YAML = """start_time: 2024-03-15T14:30:00Z
end_time: 2024-03-15T15:35:00Z
response_details:
  war_room_established: 2024-03-15T16:35:00+01:00   # 15:35 UTC: fine
communication_log:
  - timestamp: 2024-03-15T14:29:00Z
    message: Investigating
  - message: Resolved
    timestamp: "2024-03-15T15:40:00Z"
"""


def test_fires_at_each_early_timestamp_in_json() -> None:
    assert lint_json(RULE, JSON) == [
        (4, 48, room_before("2024-03-15T14:00:00Z", "30m")),
        (7, 19, entry_before("2024-03-15T14:10:00Z", "20m")),
    ]


def test_fires_in_yaml_with_offsets_converted() -> None:
    assert lint_yaml(RULE, YAML) == [(6, 16, entry_before("2024-03-15T14:29:00Z", "1m"))]


def test_war_room_after_end_fires() -> None:
    record = {
        "start_time": START,
        "end_time": END,
        "response_details": {"war_room_established": "2024-03-15T15:36:00Z"},
    }
    expected = room_after("2024-03-15T15:36:00Z", "1m")
    assert findings_both(RULE, record) == ([expected], [expected])


def test_offsets_are_converted() -> None:
    # 15:20+01:00 is 14:20 UTC: before the start although it reads after it.
    record = {"start_time": START, "communication_log": [{"timestamp": "2024-03-15T15:20:00+01:00", "message": "x"}]}
    expected = entry_before("2024-03-15T15:20:00+01:00", "10m")
    assert findings_both(RULE, record) == ([expected], [expected])


def test_edges_and_updates_after_the_end_are_fine() -> None:
    assert_silent(
        RULE,
        {
            "start_time": START,
            "end_time": END,
            "response_details": {"war_room_established": END},
            "communication_log": [
                {"timestamp": START, "message": "Investigating"},
                {"timestamp": "2024-03-16T09:00:00Z", "message": "Postmortem published"},
            ],
        },
    )


def test_without_end_time_the_war_room_is_only_checked_against_the_start() -> None:
    assert_silent(RULE, {"start_time": START, "response_details": {"war_room_established": "2024-03-20T00:00:00Z"}})


@pytest.mark.parametrize(
    "bad",
    [
        {"communication_log": [{"timestamp": "2024-03-15T14:00:00Z", "message": "x"}]},
        {"start_time": "soon", "communication_log": [{"timestamp": "2024-03-15T14:00:00Z", "message": "x"}]},
        {"start_time": START, "communication_log": {"timestamp": "2024-03-15T14:00:00Z"}},
        {"start_time": START, "communication_log": ["2024-03-15T14:00:00Z", None, 3, []]},
        {"start_time": START, "communication_log": [{"timestamp": "2024-03-15 14:00", "message": "x"}]},
        {"start_time": START, "response_details": {"war_room_established": 1710511200}},
        {"start_time": START, "response_details": ["2024-03-15T14:00:00Z"]},
    ],
)
def test_silent_when_an_input_is_absent_or_malformed(bad: dict[str, Any]) -> None:
    assert_silent(RULE, bad)


MS_JSON = """{
  "start_time": "2024-03-15T14:50:00.250Z",
  "end_time": "2024-03-15T15:35:00Z",
  "response_details": {"war_room_established": "2024-03-15T15:35:00.900Z"},
  "communication_log": [
    {"timestamp": "2024-03-15T14:50:00Z", "message": "Investigating"},
    {"timestamp": "2024-03-15T14:50:00.2Z", "message": "Degraded"},
    {"timestamp": "2024-03-15T14:49:59.9Z", "message": "Early"}
  ]
}
"""

MS_YAML = """start_time: 2024-03-15T14:50:00.250Z
end_time: 2024-03-15T15:35:00Z
response_details:
  war_room_established: 2024-03-15T15:35:00.900Z
communication_log:
  - {timestamp: 2024-03-15T14:50:00Z, message: Investigating}
  - {timestamp: 2024-03-15T14:50:00.2Z, message: Degraded}
  - {timestamp: 2024-03-15T14:49:59.9Z, message: Early}
"""

MS_START = "2024-03-15T14:50:00.250Z"


def ms_entry_before(at: str, gap: str) -> str:
    return (
        f"this communication_log entry at {at} is {gap} before start_time {MS_START}; correct its timestamp, "
        "or move start_time back to when impact began"
    )


def test_sub_second_gaps_count_at_the_coarser_precision_in_json() -> None:
    # 14:50:00Z stands for its whole second, and 14:50:00.2Z for its tenth: neither is before 14:50:00.250Z.
    # 14:49:59.9Z is, by 0.35s; and a war room at 15:35:00.900Z is not after an end written to the second.
    assert lint_json(RULE, MS_JSON) == [(8, 19, ms_entry_before("2024-03-15T14:49:59.9Z", "0.35s"))]


def test_sub_second_gaps_count_at_the_coarser_precision_in_yaml() -> None:
    assert lint_yaml(RULE, MS_YAML) == [(8, 17, ms_entry_before("2024-03-15T14:49:59.9Z", "0.35s"))]


def test_a_war_room_a_fraction_of_a_second_out_shows_the_real_gap() -> None:
    record = {
        "start_time": "2024-03-15T14:30:00.5Z",
        "end_time": END,
        "response_details": {"war_room_established": "2024-03-15T14:30:00.1Z"},
    }
    expected = (
        "war_room_established 2024-03-15T14:30:00.1Z is 0.4s before start_time 2024-03-15T14:30:00.5Z; correct "
        "war_room_established, or move start_time back to when impact began"
    )
    assert findings_both(RULE, record) == ([expected], [expected])
    record["response_details"] = {"war_room_established": "2024-03-15T15:35:00.001Z"}
    record["end_time"] = "2024-03-15T15:35:00.000Z"
    expected = (
        "war_room_established 2024-03-15T15:35:00.001Z is 0.001s after end_time 2024-03-15T15:35:00.000Z; a war "
        "room is opened during the incident: correct war_room_established or end_time"
    )
    assert findings_both(RULE, record) == ([expected], [expected])


SWAPPED_JSON = """{
  "start_time": "2024-03-15T15:35:00Z",
  "end_time": "2024-03-15T14:30:00Z",
  "response_details": {"war_room_established": "2024-03-15T14:45:00Z"},
  "communication_log": [
    {"timestamp": "2024-03-15T14:50:00Z", "message": "Investigating"},
    {"timestamp": "2024-03-15T15:35:00Z", "message": "Resolved"}
  ]
}
"""

SWAPPED_YAML = """start_time: 2024-03-15T15:35:00Z
end_time: 2024-03-15T14:30:00Z
response_details:
  war_room_established: 2024-03-15T14:45:00Z
communication_log:
  - {timestamp: 2024-03-15T14:50:00Z, message: Investigating}
  - {timestamp: 2024-03-15T15:35:00Z, message: Resolved}
"""


def test_silent_when_start_and_end_are_swapped() -> None:
    # end-before-start reports the swap; the war room and the update, both right, are not blamed for it.
    assert lint_json(RULE, SWAPPED_JSON) == []
    assert lint_yaml(RULE, SWAPPED_YAML) == []


def test_silent_when_end_time_is_before_start_time() -> None:
    # Local time marked Z in end_time: 08:35 is before the 14:30 start, and the 14:45 war room is not "after" it.
    # The window is unknown until end-before-start is fixed, so even an entry before start_time waits.
    record = {
        "start_time": START,
        "end_time": "2024-03-15T08:35:00Z",
        "response_details": {"war_room_established": "2024-03-15T14:45:00Z"},
        "communication_log": [{"timestamp": "2024-03-15T14:00:00Z", "message": "x"}],
    }
    assert_silent(RULE, record)


def test_a_bound_later_than_now_is_left_to_future_timestamp() -> None:
    # A year typo in start_time would put every entry before it; one in end_time, nothing after it.
    record = {
        "start_time": "2204-03-15T14:30:00Z",
        "end_time": "2204-03-15T15:35:00Z",
        "response_details": {"war_room_established": "2024-03-15T14:45:00Z"},
        "communication_log": [{"timestamp": "2024-03-15T14:50:00Z", "message": "x"}],
    }
    assert_silent(RULE, record)
    # Judged against the run's now: the same record read in 2300 has a window to be outside of.
    now = datetime.fromisoformat("2300-01-01T00:00:00+00:00")
    start = "2204-03-15T14:30:00Z"
    expected = [
        f"war_room_established 2024-03-15T14:45:00Z is 65742d 23h 45m before start_time {start}; correct "
        "war_room_established, or move start_time back to when impact began",
        f"this communication_log entry at 2024-03-15T14:50:00Z is 65742d 23h 40m before start_time {start}; "
        "correct its timestamp, or move start_time back to when impact began",
    ]
    assert findings_both(RULE, record, now=now) == (expected, expected)


def test_a_war_room_later_than_now_is_left_to_future_timestamp() -> None:
    record = {
        "start_time": START,
        "end_time": END,
        "response_details": {"war_room_established": "2204-03-15T14:45:00Z"},
    }
    assert_silent(RULE, record)
    now = datetime.fromisoformat("2300-01-01T00:00:00+00:00")
    expected = room_after("2204-03-15T14:45:00Z", "65742d 23h 10m")
    assert findings_both(RULE, record, now=now) == ([expected], [expected])


@settings(max_examples=500, deadline=None)
@given(
    timestamp_texts(),
    st.one_of(st.none(), timestamp_texts()),
    st.one_of(st.none(), timestamp_texts()),
    st.lists(st.one_of(st.none(), timestamp_texts()), max_size=4),
)
def test_what_the_text_shortcut_settles_has_no_finding_by_the_exact_comparison(
    start: str, end: str | None, room: str | None, sent: list[str | None]
) -> None:
    module: Any = importlib.import_module("incidentlint.rules.timeline_outside_window")
    record: dict[str, Any] = {"start_time": start, "end_time": end, "response_details": {"war_room_established": room}}
    record["communication_log"] = [{"timestamp": at, "message": "Update"} for at in sent]
    assume(module._inside_as_written(record))
    shortcut = module._inside_as_written
    module._inside_as_written = lambda record: False  # the exact comparisons alone
    try:
        rule = catalogue()[RULE]
        assert list(rule.check(record, Options(rule.options, NOW))) == []
    finally:
        module._inside_as_written = shortcut


@settings(max_examples=1000, deadline=None)
@given(timestamp_texts(), timestamp_texts())
def test_usual_timestamps_sort_as_their_instants(first: str, second: str) -> None:
    # The lemma the text shortcuts of the time rules stand on (detection-outside-window, timeline-outside-window,
    # timeline-not-chronological, response-before-detection).
    common = importlib.import_module("incidentlint.rules._common")  # mypy cannot follow the package-dir mapping
    a, b = parse_timestamp(first), parse_timestamp(second)
    if common.usual_timestamp(first) and common.usual_timestamp(second) and a is not None and b is not None:
        assert (first < second) == (a < b) and (first == second) == (a == b)


def test_an_incident_of_no_length_still_has_a_start_to_be_before() -> None:
    # end_time == start_time is not an inverted window (that is an end before the start), so an update half an
    # hour before start_time is reported.
    record = {
        "start_time": START,
        "end_time": START,
        "communication_log": [{"timestamp": "2024-03-15T14:00:00Z", "message": "Investigating"}],
    }
    expected = [entry_before("2024-03-15T14:00:00Z", "30m")]
    assert findings_both(RULE, record) == (expected, expected)


def test_a_detection_at_end_time_exactly_does_not_excuse_a_late_war_room() -> None:
    # Only a detection after end_time (impact noticed once it was over) lets the war room follow the end.
    record = {
        "start_time": START,
        "end_time": END,
        "detection_details": {"detection_time": END},
        "response_details": {"war_room_established": "2024-03-15T16:00:00Z"},
    }
    expected = [room_after("2024-03-15T16:00:00Z", "25m")]
    assert findings_both(RULE, record) == (expected, expected)
    record["detection_details"] = {"detection_time": "2024-03-15T15:35:01Z"}
    assert_silent(RULE, record)


@pytest.mark.parametrize("now", [NOW, datetime.fromisoformat("2024-03-15T14:30:00+00:00")])
def test_a_start_time_alone_is_a_window_even_at_now_exactly(now: datetime) -> None:
    # No end_time: the entry is judged against start_time alone. A start_time at now is not in the future.
    record = {"start_time": START, "communication_log": [{"timestamp": "2024-03-15T14:00:00Z", "message": "Paged"}]}
    expected = [entry_before("2024-03-15T14:00:00Z", "30m")]
    assert findings_both(RULE, record, now=now) == (expected, expected)
