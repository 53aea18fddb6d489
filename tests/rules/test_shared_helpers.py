"""The helpers the rules share (rules/_common.py), pinned where no rule's findings can tell a wrong answer apart:
options given through the API, the answers the quick paths stand on, and what the helpers promise beyond what
today's callers ask of them."""

from __future__ import annotations

import importlib
from datetime import datetime
from typing import Any

import pytest

from incidentlint.api import Options
from incidentlint.timeparse import parse_timestamp


def common() -> Any:
    return importlib.import_module("incidentlint.rules._common")  # mypy cannot follow the package-dir mapping


@pytest.mark.parametrize("value", ["TBD", 5, None, {"TBD": "x"}])
def test_a_strings_option_that_is_not_a_list_counts_as_the_default(value: object) -> None:
    # The configuration refuses these; through the API a string must not be read as a list of its letters.
    assert common().strings_option(Options({"words": value}), "words", ("FIXME",)) == ("FIXME",)


def test_a_strings_option_keeps_its_non_blank_strings_even_with_an_unhashable_item() -> None:
    options = Options({"words": ["TBD", ["nested"], " ", 3, "", "lorem ipsum"]})
    assert common().strings_option(options, "words", ("FIXME",)) == ("TBD", "lorem ipsum")
    assert common().strings_option(Options({"words": ("TBD", " ")}), "words", ("FIXME",)) == ("TBD",)


def test_now_is_the_clock_unless_an_aware_now_is_given() -> None:
    aware = datetime.fromisoformat("2030-01-01T00:00:00+00:00")
    assert common().now(Options({}, aware)) is aware
    # A naive --now given through the API would make every comparison with a record's timestamps raise.
    assert common().now(Options({}, datetime(2030, 1, 1))).tzinfo is not None
    assert common().now({}).tzinfo is not None  # a plain mapping has no now at all


def test_get_steps_into_arrays_by_index_and_objects_by_key_only() -> None:
    get = common().get
    record = {"action_items": [{"owner": "Ann"}, "text"], "1": "one"}
    assert get(record, "action_items", 0, "owner") == "Ann"
    assert get(record, "action_items", 1) == "text"
    assert get(record, "action_items", 2) is None
    assert get(record, "action_items", -1) is None
    assert get(record, "action_items", "0") is None
    assert get(record, 1) is None  # an index into an object, even one with the key "1"
    assert get(record, "action_items", 1, "owner") is None


def ts(text: str) -> datetime:
    instant = parse_timestamp(text)
    assert instant is not None
    return instant


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("2024-03-15T14:30:00.000001Z", "2024-03-15T14:30:00.000000Z"),  # later, to the microsecond
        ("2024-03-15T14:30:00.000001Z", "2024-03-15T14:30:00.000001Z"),  # the same instant
        ("2024-03-15T14:30:00.000001999Z", "2024-03-15T14:30:00.000001Z"),  # the same microsecond, in nanoseconds
    ],
)
def test_earlier_is_false_for_a_later_or_the_same_instant_at_any_precision(first: str, second: str) -> None:
    # The rules compare the instants before they ask earlier(); it must still answer for itself.
    assert common().earlier(ts(first), first, ts(second), second) is False


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("2024-03-15T14:29:59.999999999Z", "2024-03-15T14:30:00.000000000Z", True),  # nanoseconds, cut to microseconds
        ("2024-03-15T14:30:00.000000Z", "2024-03-15T14:30:00.000001Z", True),
        ("2024-03-15T14:30:00.00001Z", "2024-03-15T14:30:00.000015Z", False),  # the same 10 microseconds
        ("2024-03-15T14:30:00.00001Z", "2024-03-15T14:30:00.000020Z", True),
    ],
)
def test_earlier_compares_at_the_coarser_of_the_two_precisions(first: str, second: str, expected: bool) -> None:
    assert common().earlier(ts(first), first, ts(second), second) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Human ERROR", "human error"),
        ("Zo\u00eb's fault", "zo\u00eb's fault"),  # not ASCII, but no character that a pattern takes for a letter
        ("NEGL\u0130GENCE", None),  # dotted capital I: the pattern "negligence" finds it, lower() does not
        ("carele\u017fs", None),  # long s
    ],
)
def test_lower_exactly_lowers_text_unless_a_lookalike_of_an_ascii_letter_is_in_it(
    text: str, expected: str | None
) -> None:
    # blameless-language skips a field whose lowered text lacks every phrase: None turns that quick look off.
    assert common().lower_exactly(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-03-15T14:30:00Z", True),
        ("2024-03-15t14:30:00Z", False),
        ("2024-03-15 14:30:00Z", False),
        ("2024-03-15T14:30:00z", False),
        ("2024-03-15T14:30:00.5Z", False),
        ("2024-03-15T14:30:00+00:00", False),
        ("2024-03-15T14:30Z", False),
        (20240315, False),
    ],
)
def test_usual_timestamp_is_the_upper_case_whole_second_utc_shape(text: object, expected: bool) -> None:
    assert common().usual_timestamp(text) is expected


def test_texts_in_order_as_written_need_every_text_usual_and_none_before_the_one_before() -> None:
    in_order = common().in_order_as_written
    assert in_order(["2024-03-15T14:30:00Z"]) is True
    assert in_order(["2024-03-15T14:30:00Z", "2024-03-15T14:30:00Z", "2024-03-15T15:00:00Z"]) is True
    assert in_order([]) is True
    assert in_order(["2024-03-15T15:00:00Z", "2024-03-15T14:30:00Z"]) is False
    assert in_order(["2024-03-15T14:30:00Z", None]) is False


def test_timestamps_since_a_day_passes_over_the_days_before_it() -> None:
    record = {
        "start_time": "2024-03-14T23:59:00-23:59",  # 2024-03-15T23:58Z, but written on the 14th
        "end_time": "2024-03-15T00:00:00Z",
        "detection_details": {"detection_time": "2024-03-16T10:00:00+01:00"},
        "response_details": {"war_room_established": "2024-03-15T14:45:00Z"},
        "communication_log": [
            {"timestamp": "2024-03-14T12:00:00Z"},
            {"timestamp": "2024-03-15T12:00:00Z"},
            "not an entry",
            {"timestamp": "not a time"},
        ],
    }
    found = [(pointer, text) for pointer, text, _ in common().timestamps(record, since="2024-03-15")]
    assert found == [
        ("/end_time", "2024-03-15T00:00:00Z"),
        ("/detection_details/detection_time", "2024-03-16T10:00:00+01:00"),
        ("/response_details/war_room_established", "2024-03-15T14:45:00Z"),
        ("/communication_log/1/timestamp", "2024-03-15T12:00:00Z"),
    ]
    every = [pointer for pointer, _, _ in common().timestamps(record)]
    assert every == [
        "/start_time",
        "/end_time",
        "/detection_details/detection_time",
        "/response_details/war_room_established",
        "/communication_log/0/timestamp",
        "/communication_log/1/timestamp",
    ]
