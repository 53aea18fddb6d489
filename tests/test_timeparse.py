"""The shared timestamp and duration grammar."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from incidentlint.schema import bundled_schema
from incidentlint.timeparse import DURATION_PATTERN, format_duration, parse_duration, parse_timestamp


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("immediate", 0),
        ("1h 5m", 65),
        ("1h5m", 65),
        ("90s", 1.5),
        ("65 minutes", 65),
        ("1 hour 5 minutes", 65),
        ("2 days", 2880),
        ("PT1H5M", 65),
        ("P1DT2H", 1560),
        ("PT65M", 65),
        ("1 hour and 5 minutes", 65),
    ],
)
def test_durations_parse(text: str, minutes: float) -> None:
    assert parse_duration(text) == timedelta(minutes=minutes)


@pytest.mark.parametrize("text", ["", "soon", "P", "PT", "1h ", " 1h", "1h\n", "P1Y", "-5m", "N/A", "5 parsecs"])
def test_non_durations_are_rejected(text: str) -> None:
    assert parse_duration(text) is None
    assert re.search(DURATION_PATTERN, text) is None


def test_schema_uses_the_same_duration_grammar() -> None:
    assert bundled_schema()["$defs"]["duration"]["pattern"] == DURATION_PATTERN


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-03-15T14:30:00Z", datetime(2024, 3, 15, 14, 30, tzinfo=UTC)),
        ("2024-03-15T16:30:00+02:00", datetime(2024, 3, 15, 14, 30, tzinfo=UTC)),
        ("2024-03-15T14:30:00.250Z", datetime(2024, 3, 15, 14, 30, 0, 250000, tzinfo=UTC)),
    ],
)
def test_timestamps_compare_as_instants(text: str, expected: datetime) -> None:
    assert parse_timestamp(text) == expected


@pytest.mark.parametrize(
    "text", ["2024-03-15 14:30", "2024-03-15T14:30:00", "2024-02-30T00:00:00Z", "2024-03-15T14:30:00Z\n"]
)
def test_invalid_timestamps(text: str) -> None:
    assert parse_timestamp(text) is None


@pytest.mark.parametrize(
    ("style", "expected"),
    [("compact", "1h 5m"), ("compact-tight", "1h5m"), ("words", "1 hour 5 minutes"), ("iso", "PT1H5M")],
)
def test_format_duration_styles(style: str, expected: str) -> None:
    assert format_duration(timedelta(minutes=65), style) == expected


@pytest.mark.parametrize("text", ["99999999999 weeks", "9" * 400 + " hours", "P" + "9" * 30 + "D"])
def test_durations_beyond_timedelta_range_are_not_durations(text: str) -> None:
    # They match the grammar, so the schema accepts them, but no rule can compute with them: None, never a crash.
    assert parse_duration(text) is None
