"""incident-id-date-mismatch (IL112)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.rules import assert_silent, findings_both, lint_json, lint_yaml

RULE = "incident-id-date-mismatch"


def message(incident_id: str, says: str, start: str, utc: str, right: str) -> str:
    return (
        f"incident_id {incident_id} says {says} but start_time {start} is on {utc} in UTC; "
        f"use {right} if only the id's date is wrong, or correct start_time"
    )


def test_fires_at_incident_id_in_json() -> None:
    text = '{\n  "incident_id": "INC-2024-0316-007",\n  "start_time": "2024-03-15T14:30:00Z"\n}\n'
    expected = message("INC-2024-0316-007", "2024-03-16", "2024-03-15T14:30:00Z", "2024-03-15", "INC-2024-0315-007")
    assert lint_json(RULE, text) == [(2, 18, expected)]


def test_fires_at_incident_id_in_yaml() -> None:
    text = "start_time: 2024-03-15T14:30:00Z\nincident_id: INC-2023-0315-001\n"
    expected = message("INC-2023-0315-001", "2023-03-15", "2024-03-15T14:30:00Z", "2024-03-15", "INC-2024-0315-001")
    assert lint_yaml(RULE, text) == [(2, 14, expected)]


def test_the_date_is_taken_in_utc() -> None:
    # 01:30+02:00 on the 15th is 23:30 UTC on the 14th.
    assert_silent(RULE, {"incident_id": "INC-2024-0314-001", "start_time": "2024-03-15T01:30:00+02:00"})
    record = {"incident_id": "INC-2024-0315-001", "start_time": "2024-03-15T01:30:00+02:00"}
    expected = message(
        "INC-2024-0315-001", "2024-03-15", "2024-03-15T01:30:00+02:00", "2024-03-14", "INC-2024-0314-001"
    )
    assert findings_both(RULE, record) == ([expected], [expected])
    # 20:00-05:00 on the 31st of December is New Year's Day in UTC.
    assert_silent(RULE, {"incident_id": "INC-2025-0101-001", "start_time": "2024-12-31T20:00:00-05:00"})


@pytest.mark.parametrize(
    "record",
    [
        {"incident_id": "INC-2024-0315-001", "start_time": "2024-03-15T00:00:00Z"},
        {"incident_id": "INC-2024-0315-001", "start_time": "2024-03-15T23:59:59Z"},
        {"incident_id": "INC-2024-0315-001"},
        {"start_time": "2024-03-15T14:30:00Z"},
        {"incident_id": "INC-20240316-001", "start_time": "2024-03-15T14:30:00Z"},  # not the id form
        {"incident_id": "inc-2024-0316-001", "start_time": "2024-03-15T14:30:00Z"},
        {"incident_id": "PM2024-001", "start_time": "2024-03-15T14:30:00Z"},
        {"incident_id": 20240316001, "start_time": "2024-03-15T14:30:00Z"},
        {"incident_id": "INC-2024-0316-001", "start_time": "2024-03-16"},
        {"incident_id": "INC-2024-0316-001", "start_time": "0001-01-01T00:00:00+01:00"},  # before year 1 in UTC
    ],
)
def test_silent(record: dict[str, Any]) -> None:
    assert_silent(RULE, record)


LEAP_JSON = '{\n  "incident_id": "INC-2016-1231-001",\n  "start_time": "2016-12-31T23:59:60Z"\n}\n'
LEAP_YAML = "incident_id: INC-2017-0101-001\nstart_time: 2016-12-31T23:59:60Z\n"


def test_a_leap_second_belongs_to_the_day_it_ends_in_json() -> None:
    # 23:59:60 is the last second of 2016-12-31, not 00:00:00 of the next day.
    assert lint_json(RULE, LEAP_JSON) == []


def test_a_leap_second_belongs_to_the_day_it_ends_in_yaml() -> None:
    expected = message("INC-2017-0101-001", "2017-01-01", "2016-12-31T23:59:60Z", "2016-12-31", "INC-2016-1231-001")
    assert lint_yaml(RULE, LEAP_YAML) == [(1, 14, expected)]


@pytest.mark.parametrize(
    ("incident_id", "start"),
    [
        ("INC-2016-1231-001", "2016-12-31T23:59:60.999Z"),
        ("INC-2016-1231-001", "2016-12-31T18:59:60-05:00"),  # the same leap second, written in New York time
        ("INC-2016-0630-002", "2016-06-30T23:59:60z"),
        ("INC-9999-1231-001", "9999-12-31T23:59:60Z"),  # the last day a datetime holds
    ],
)
def test_silent_on_leap_seconds_of_the_named_day(incident_id: str, start: str) -> None:
    assert_silent(RULE, {"incident_id": incident_id, "start_time": start})


def test_a_start_time_later_than_now_is_left_to_future_timestamp() -> None:
    # NOW is 2030-01-01: a start_time in 2099 is likelier the typo than the id, and future-timestamp reports it.
    assert_silent(RULE, {"incident_id": "INC-2024-0315-001", "start_time": "2099-03-15T14:30:00Z"})
    expected = message("INC-2024-0315-001", "2024-03-15", "2029-03-15T14:30:00Z", "2029-03-15", "INC-2029-0315-001")
    record = {"incident_id": "INC-2024-0315-001", "start_time": "2029-03-15T14:30:00Z"}
    assert findings_both(RULE, record) == ([expected], [expected])
