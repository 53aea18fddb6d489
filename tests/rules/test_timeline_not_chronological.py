"""timeline-not-chronological (IL110), including its unsafe fix."""

from __future__ import annotations

import importlib
import itertools
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from incidentlint.api import Fix, Reorder, parse_timestamp
from tests.rules import assert_silent, diagnostics, findings_both, lint_json, lint_yaml, timestamp_texts

RULE = "timeline-not-chronological"


def message(this: str, earlier: str) -> str:
    return (
        f"communication_log is not in time order: this entry at {this} comes after one at {earlier}; "
        "list entries oldest first, or correct this timestamp"
    )


def later(this: str, following: str) -> str:
    return (
        f"communication_log is not in time order: this entry at {this} is later than the entries after it "
        f"(next: {following}); list entries oldest first, or correct this timestamp"
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


def test_points_at_the_entry_out_of_place_in_json() -> None:
    # 15:35 is the one to move: the other three are in order without it (14:55 and 15:00 then swap by the fix).
    assert lint_json(RULE, JSON) == [(4, 19, later("2024-03-15T15:35:00Z", "2024-03-15T15:00:00Z"))]


def test_points_at_the_entry_out_of_place_in_yaml() -> None:
    # Newest first, as a live log would be. Either entry could be the one out of place: the second is reported,
    # as a reader going down the log would.
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


def test_disorder_finer_than_another_entry_s_precision_points_at_the_later_of_the_two() -> None:
    # Written to the second, 16:00:00Z sets the precision of the search for the run in order; the two tool
    # timestamps within one second are still out of order at their own precision, and the finding says so.
    expected = message("2024-03-15T15:00:00.250Z", "2024-03-15T15:00:00.900Z")
    got = findings_both(RULE, log("2024-03-15T15:00:00.900Z", "2024-03-15T15:00:00.250Z", "2024-03-15T16:00:00Z"))
    assert got == ([expected], [expected])
    # A second off at the coarse precision is found as usual, past a pair that is in order at it.
    expected = later("2024-03-15T16:00:00Z", "2024-03-15T15:30:00Z")
    stamps = ("2024-03-15T15:00:00.250Z", "2024-03-15T15:00:00Z", "2024-03-15T16:00:00Z", "2024-03-15T15:30:00Z")
    assert findings_both(RULE, log(*stamps)) == ([expected], [expected])


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


def reference_log(first: str, second: str) -> dict[str, Any]:
    return {"start_time": "2024-03-15T14:30:00Z", "end_time": "2024-03-15T15:35:00Z", **log(first, second)}


def test_of_two_entries_the_one_far_from_the_incident_is_out_of_place() -> None:
    # Two entries out of order: either could be the wrong one, and the one a day outside the incident is.
    expected = later("2024-03-16T14:50:00Z", "2024-03-15T15:35:00Z")
    got = findings_both(RULE, reference_log("2024-03-16T14:50:00Z", "2024-03-15T15:35:00Z"))
    assert got == ([expected], [expected])
    # Without start_time to measure it against, a day early is out of place too.
    expected = message("2024-03-14T15:35:00Z", "2024-03-15T14:50:00Z")
    got = findings_both(
        RULE, {**log("2024-03-15T14:50:00Z", "2024-03-14T15:35:00Z"), "end_time": "2024-03-15T15:35:00Z"}
    )
    assert got == ([expected], [expected])


def test_an_entry_before_start_time_is_left_to_timeline_outside_window() -> None:
    # A day early is before start_time: timeline-outside-window reports it, with how far out it is.
    assert_silent(RULE, reference_log("2024-03-15T14:50:00Z", "2024-03-14T15:35:00Z"))
    # The rest of the log is still checked, and the entry before start_time does not count in the order.
    record = {
        "start_time": "2024-03-15T14:30:00Z",
        "end_time": "2024-03-15T15:35:00Z",
        **log("2024-03-15T14:50:00Z", "2024-03-14T15:00:00Z", "2024-03-15T14:40:00Z", "2024-03-15T15:35:00Z"),
    }
    expected = message("2024-03-15T14:40:00Z", "2024-03-15T14:50:00Z")
    assert findings_both(RULE, record) == ([expected], [expected])
    # No fix: sorting would move the entry with the wrong date to the top of the log.
    (diagnostic,) = diagnostics(RULE, json.dumps(record))
    assert diagnostic.pointer == "/communication_log/2/timestamp"
    assert diagnostic.fix is None
    # Within start_time's second is not before it (timeline-outside-window compares at the coarser precision), so
    # such an entry is still judged for its order.
    expected = message("2024-03-15T14:30:00.500Z", "2024-03-15T14:50:00Z")
    got = findings_both(RULE, reference_log("2024-03-15T14:50:00Z", "2024-03-15T14:30:00.500Z"))
    assert got == ([expected], [expected])


@pytest.mark.parametrize(
    ("stamps", "expected"),
    [
        # A day late in the middle: later than what follows.
        (
            ("2024-03-15T14:50:00Z", "2024-03-16T15:00:00Z", "2024-03-15T15:35:00Z", "2024-03-15T15:40:00Z"),
            later("2024-03-16T15:00:00Z", "2024-03-15T15:35:00Z"),
        ),
        # A day early in the middle: earlier than what came before, not the right entry before it.
        (
            ("2024-03-15T14:50:00Z", "2024-03-14T15:00:00Z", "2024-03-15T15:35:00Z", "2024-03-15T15:40:00Z"),
            message("2024-03-14T15:00:00Z", "2024-03-15T14:50:00Z"),
        ),
        (
            ("2024-03-15T14:50:00Z", "2024-03-14T15:00:00Z", "2024-03-15T15:35:00Z"),
            message("2024-03-14T15:00:00Z", "2024-03-15T14:50:00Z"),
        ),
        # A day late at the start, with a time that reads right.
        (
            ("2024-03-16T14:40:00Z", "2024-03-15T14:50:00Z", "2024-03-15T15:00:00Z", "2024-03-15T15:35:00Z"),
            later("2024-03-16T14:40:00Z", "2024-03-15T14:50:00Z"),
        ),
        # A day early at the end.
        (
            ("2024-03-15T14:50:00Z", "2024-03-15T15:00:00Z", "2024-03-14T15:35:00Z"),
            message("2024-03-14T15:35:00Z", "2024-03-15T15:00:00Z"),
        ),
        # Newest first: as a reader going down the log finds it.
        (
            ("2024-03-15T16:00:00Z", "2024-03-15T15:00:00Z", "2024-03-15T14:00:00Z"),
            message("2024-03-15T15:00:00Z", "2024-03-15T16:00:00Z"),
        ),
    ],
)
def test_the_entry_out_of_place_is_reported(stamps: tuple[str, ...], expected: str) -> None:
    assert findings_both(RULE, log(*stamps)) == ([expected], [expected])


def test_an_entry_without_a_time_between_does_not_change_the_blame() -> None:
    stamps = ("2024-03-15T14:50:00Z", None, "2024-03-16T15:00:00Z", "soon", "2024-03-15T15:35:00Z")
    expected = later("2024-03-16T15:00:00Z", "2024-03-15T15:35:00Z")
    assert findings_both(RULE, log(*stamps)) == ([expected], [expected])
    (diagnostic,) = diagnostics(RULE, json.dumps(log(*stamps)))
    assert diagnostic.pointer == "/communication_log/2/timestamp"


def test_an_in_order_log_never_searches_for_the_entry_out_of_place(monkeypatch: pytest.MonkeyPatch) -> None:
    # The common case stays one pass: the search for the longest run in order is only for a log out of order.
    module = importlib.import_module("incidentlint.rules.timeline_not_chronological")

    def refuse(*args: Any) -> None:
        raise AssertionError("searched an in-order log")

    monkeypatch.setattr(module, "_out_of_place", refuse)
    stamps = [f"2024-03-15T{hour:02d}:{minute:02d}:00Z" for hour in range(10, 20) for minute in range(0, 60, 7)]
    assert_silent(RULE, log(*stamps, "2024-03-15T19:56:00.5Z", "2024-03-15T19:56:00Z"))


def brute_longest(keys: list[int]) -> int:
    best = [1] * len(keys)
    for j in range(len(keys)):
        for i in range(j):
            if keys[i] <= keys[j]:
                best[j] = max(best[j], best[i] + 1)
    return max(best)


@given(
    st.lists(st.integers(-5, 5), min_size=1, max_size=30),
    st.none() | st.integers(-5, 5),
    st.none() | st.integers(-5, 5),
)
def test_the_run_kept_is_a_longest_one_in_order(keys: list[int], start: int | None, end: int | None) -> None:
    module = importlib.import_module("incidentlint.rules.timeline_not_chronological")
    run = module._longest_run(keys, start, end)
    assert run == sorted(set(run))  # positions, each once, in log order
    assert all(keys[a] <= keys[b] for a, b in itertools.pairwise(run))
    assert len(run) == brute_longest(keys)


@settings(max_examples=500, deadline=None)
@given(st.lists(timestamp_texts(), max_size=6))
def test_log_texts_in_order_as_written_are_in_time_order(texts: list[str]) -> None:
    # The rule's shortcut returns at once for usual texts in order; the exact test must agree there is nothing.
    module = importlib.import_module("incidentlint.rules.timeline_not_chronological")
    common = importlib.import_module("incidentlint.rules._common")  # mypy cannot follow the package-dir mapping
    in_order_as_written, usual_timestamp = common.in_order_as_written, common.usual_timestamp
    if in_order_as_written(texts):
        assert module._first_disorder(texts, [parse_timestamp(text) for text in texts]) is None
    ordered = sorted(texts)
    if all(usual_timestamp(text) for text in texts):
        assert in_order_as_written(ordered)


@pytest.mark.parametrize("fraction", ["", ".000", ".5"])
def test_the_entry_out_of_place_is_the_same_whatever_precision_every_entry_is_written_at(fraction: str) -> None:
    # The run in order is searched at the finest precision all entries share: entries that all give milliseconds
    # are not cut to a coarser unit, where 15:00, 15:05 and 15:10 would tie and the blame move to 15:05.
    stamps = [f"2024-03-15T15:{minute}:00{fraction}Z" for minute in ("00", "10", "05")]
    expected = later(stamps[1], stamps[2])
    assert findings_both(RULE, log(*stamps)) == ([expected], [expected])
