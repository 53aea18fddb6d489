"""end-before-start (IL101)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.rules import assert_silent, findings_both, lint_json, lint_yaml

RULE = "end-before-start"
MESSAGE = (
    "end_time {end} is {gap} before start_time {start}; the incident must end at or after it starts: "
    "check the date and the offset of both"
)


def test_fires_at_end_time_in_json() -> None:
    text = '{\n  "start_time": "2024-03-15T14:30:00Z",\n  "end_time": "2024-03-15T14:00:00Z"\n}\n'
    message = MESSAGE.format(end="2024-03-15T14:00:00Z", gap="30m", start="2024-03-15T14:30:00Z")
    assert lint_json(RULE, text) == [(3, 15, message)]


def test_fires_at_end_time_in_yaml() -> None:
    text = "start_time: 2024-03-15T14:30:00Z\nend_time: '2024-03-15T14:00:00Z'\n"
    message = MESSAGE.format(end="2024-03-15T14:00:00Z", gap="30m", start="2024-03-15T14:30:00Z")
    assert lint_yaml(RULE, text) == [(2, 11, message)]


def test_offsets_are_converted_before_comparing() -> None:
    # 15:00+02:00 is 13:00 UTC, an hour and a half before a 14:30 UTC start, although "15:00" reads later.
    text = "end_time: 2024-03-15T15:00:00+02:00\nstart_time: 2024-03-15T14:30:00Z\n"
    message = MESSAGE.format(end="2024-03-15T15:00:00+02:00", gap="1h 30m", start="2024-03-15T14:30:00Z")
    assert lint_yaml(RULE, text) == [(1, 11, message)]


@pytest.mark.parametrize(
    "end",
    [
        "2024-03-15T14:30:00Z",  # equal: a zero-length incident is not an error of order
        "2024-03-15T16:30:00+02:00",  # the same instant in another offset
        "2024-03-15T14:30:01Z",
        "2024-03-15T15:35:00Z",
    ],
)
def test_silent_when_end_is_not_before_start(end: str) -> None:
    assert_silent(RULE, {"start_time": "2024-03-15T14:30:00Z", "end_time": end})


def test_one_second_early_fires() -> None:
    record = {"start_time": "2024-03-15T14:30:00Z", "end_time": "2024-03-15T14:29:59Z"}
    message = MESSAGE.format(end="2024-03-15T14:29:59Z", gap="1s", start="2024-03-15T14:30:00Z")
    assert findings_both(RULE, record) == ([message], [message])


@pytest.mark.parametrize(
    "record",
    [
        {"start_time": "2024-03-15T14:30:00Z"},
        {"end_time": "2024-03-15T14:00:00Z"},
        {"start_time": "2024-03-15T14:30:00Z", "end_time": "2024-03-15 14:00"},
        {"start_time": "2024-03-15T14:30:00Z", "end_time": "2024-03-15T14:00:00"},
        {"start_time": 1710513000, "end_time": "2024-03-15T14:00:00Z"},
        {"start_time": "2024-03-15T14:30:00Z", "end_time": ["2024-03-15T14:00:00Z"]},
        {"start_time": "2024-03-15T14:30:00Z", "end_time": None},
    ],
)
def test_silent_when_a_timestamp_is_absent_or_malformed(record: dict[str, Any]) -> None:
    assert_silent(RULE, record)


SUB_SECOND_JSON = '{\n  "start_time": "2024-03-15T15:35:00.400Z",\n  "end_time": "2024-03-15T15:35:00Z"\n}\n'
SUB_SECOND_YAML = "start_time: 2024-03-15T15:35:00.400Z\nend_time: 2024-03-15T15:35:00Z\n"


def test_an_end_a_fraction_of_a_second_early_fires_with_the_real_gap_in_json() -> None:
    # Compared exactly: the computed duration would be negative. The gap used to read "0m".
    message = MESSAGE.format(end="2024-03-15T15:35:00Z", gap="0.4s", start="2024-03-15T15:35:00.400Z")
    assert lint_json(RULE, SUB_SECOND_JSON) == [(3, 15, message)]


def test_an_end_a_fraction_of_a_second_early_fires_with_the_real_gap_in_yaml() -> None:
    message = MESSAGE.format(end="2024-03-15T15:35:00Z", gap="0.4s", start="2024-03-15T15:35:00.400Z")
    assert lint_yaml(RULE, SUB_SECOND_YAML) == [(2, 11, message)]


@pytest.mark.parametrize(
    ("end", "gap"),
    [
        ("2024-03-15T14:29:59.1Z", "0.9s"),  # not rounded up to "1s"
        ("2024-03-15T14:29:59.999999Z", "0.000001s"),
        ("2024-03-15T14:29:58.5Z", "1.5s"),
        ("2024-03-15T14:29:00.5Z", "59.5s"),
        ("2024-03-15T14:28:59.6Z", "1m"),  # a minute or more is rounded to the second
    ],
)
def test_gaps_below_a_minute_are_shown_exactly(end: str, gap: str) -> None:
    record = {"start_time": "2024-03-15T14:30:00Z", "end_time": end}
    message = MESSAGE.format(end=end, gap=gap, start="2024-03-15T14:30:00Z")
    assert findings_both(RULE, record) == ([message], [message])


def test_a_start_time_at_now_exactly_is_not_in_the_future() -> None:
    # A start_time later than now is future-timestamp's finding alone; one at now itself is not the future (as
    # future-timestamp decides it), so the end before it is reported here.
    record = {"start_time": "2024-03-15T14:30:00Z", "end_time": "2024-03-15T14:00:00Z"}
    message = MESSAGE.format(end="2024-03-15T14:00:00Z", gap="30m", start="2024-03-15T14:30:00Z")
    at_start = datetime(2024, 3, 15, 14, 30, tzinfo=UTC)
    assert findings_both(RULE, record, now=at_start) == ([message], [message])
    assert_silent(RULE, record, now=at_start - timedelta(microseconds=1))
