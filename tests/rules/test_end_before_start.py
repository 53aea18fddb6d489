"""end-before-start (IL101)."""

from __future__ import annotations

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
