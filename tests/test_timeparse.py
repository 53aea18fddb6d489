"""The shared timestamp and duration grammar."""

from __future__ import annotations

import importlib
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from incidentlint.schema import _is_date, bundled_schema, with_builtin_formats
from incidentlint.timeparse import (
    _RFC3339,
    DURATION_PATTERN,
    _timestamp,
    duration_too_long,
    format_duration,
    format_like,
    from_fields,
    human,
    impossible,
    is_timestamp,
    parse_duration,
    parse_timestamp,
)


def _optional(name: str) -> Any:
    try:
        return importlib.import_module(name)
    except ImportError:  # jsonschema-rs is an optional speed-up; the tests comparing against it need it
        return None


_rs = _optional("jsonschema_rs")


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
    ("text", "expected"),
    [
        ("2016-12-31T23:59:60Z", datetime(2016, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)),
        ("2016-12-31T23:59:60.25Z", datetime(2016, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)),
        ("2016-12-31T18:59:60-05:00", datetime(2016, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)),
        ("2017-01-01T00:59:60+01:00", datetime(2016, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)),
        ("9999-12-31T23:59:60Z", datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)),
    ],
)
def test_a_leap_second_is_the_last_microsecond_of_its_minute(text: str, expected: datetime) -> None:
    """Its date, hour and minute stay as written; it falls after the second before it and before the next minute."""
    parsed = parse_timestamp(text)
    assert parsed == expected
    assert parsed is not None and parsed.isoformat()[:16] == text[:16]
    assert is_timestamp(text)
    offset = text[19:].lstrip(".0123456789")
    second, half = parse_timestamp(text[:17] + "59" + offset), parse_timestamp(text[:17] + "59.5" + offset)
    assert second is not None and half is not None and second < half < parsed


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


@pytest.mark.parametrize(
    ("written", "minutes", "expected"),
    [
        # One unit written: the suggestion keeps it where the span is a whole number of it, below 100.
        ("75 minutes", 65, "65 minutes"),
        ("75 mins", 61, "61 minutes"),
        ("2 minutes", 1, "1 minute"),
        ("75m", 65, "65m"),
        ("PT75M", 65, "PT65M"),
        ("4800 seconds", 65, "1 hour 5 minutes"),  # 3900 seconds is past 99: the usual units
        ("90s", 1.5, "90s"),
        ("2 hours", 26 * 60, "26 hours"),
        ("PT2H", 26 * 60, "PT26H"),
        ("3 days", 2 * 1440, "2 days"),
        ("P3D", 2 * 1440, "P2D"),
        ("0 minutes", 0, "0 minutes"),
        # Not a whole number of the unit, or 100 or more of it: the style's usual units.
        ("2 hours", 65, "1 hour 5 minutes"),
        ("75 minutes", 65.5, "1 hour 5 minutes 30 seconds"),
        ("67 minutes", 1440, "1 day"),
        ("75 minutes", 99, "99 minutes"),  # the largest amount kept in the one unit
        ("PT5M", 99, "PT99M"),
        ("5 minutes", 100, "1 hour 40 minutes"),
        # Mixed units, no unit, or weeks: as format_duration writes the style.
        ("1 hour 15 minutes", 65, "1 hour 5 minutes"),
        ("1h 15m", 65, "1h 5m"),
        ("PT1H15M", 65, "PT1H5M"),
        ("immediate", 65, "1 hour 5 minutes"),
        ("2 weeks", 7 * 1440, "7 days"),
    ],
)
def test_format_like_keeps_the_one_unit_the_author_wrote(written: str, minutes: float, expected: str) -> None:
    assert format_like(timedelta(minutes=minutes), written) == expected


@pytest.mark.parametrize(
    ("delta", "expected"),
    [
        (timedelta(0), "0m"),
        (timedelta(microseconds=1), "0.000001s"),
        (timedelta(milliseconds=250), "0.25s"),
        (timedelta(milliseconds=400), "0.4s"),
        (timedelta(milliseconds=900), "0.9s"),  # not rounded up to a second that is not there
        (timedelta(seconds=1), "1s"),
        (timedelta(seconds=1, milliseconds=500), "1.5s"),
        (timedelta(seconds=45), "45s"),
        (timedelta(seconds=59, microseconds=999999), "59.999999s"),
        (timedelta(seconds=60, milliseconds=400), "1m"),  # a minute or more: rounded to the second
        (timedelta(seconds=150), "2m 30s"),
        (timedelta(minutes=65), "1h 5m"),
        (timedelta(days=2, seconds=1), "2d 1s"),
        (-timedelta(milliseconds=250), "-0.25s"),
        (-timedelta(minutes=65), "-1h 5m"),
    ],
)
def test_human_states_the_real_amount_below_a_minute(delta: timedelta, expected: str) -> None:
    assert human(delta) == expected


@settings(max_examples=500, deadline=None)
@given(st.timedeltas(min_value=timedelta(microseconds=1), max_value=timedelta(seconds=59, microseconds=999999)))
def test_human_below_a_minute_reads_back_exactly(delta: timedelta) -> None:
    text = human(delta)
    assert text.endswith("s") and text != "0s"
    assert timedelta(seconds=float(text[:-1])) == delta


@pytest.mark.parametrize("text", ["99999999999 weeks", "9" * 400 + " hours", "P" + "9" * 30 + "D"])
def test_durations_beyond_timedelta_range_are_not_durations(text: str) -> None:
    # They match the grammar, so the schema accepts them, but no rule can compute with them: None, never a crash.
    assert parse_duration(text) is None
    assert duration_too_long(text) is True  # which duration-out-of-range reports


@pytest.mark.parametrize("text", ["999999999 days", "P999999999D", "1h 5m", "immediate", "an hour", "9e99 days", ""])
def test_durations_in_range_and_non_durations_are_not_too_long(text: str) -> None:
    assert duration_too_long(text) is False
    assert duration_too_long(None) is False


_DIGITS = st.text(alphabet="0123456789", min_size=2, max_size=2)


@st.composite
def timestamp_like(draw: st.DrawFn) -> str:
    """Strings of the RFC 3339 shape with every field drawn near its edges: days past the month's end, hour 24,
    leap seconds, year 0 and 9999, long fractions, offsets of 24 hours or 60 minutes, lower-case t and z."""
    year = draw(st.sampled_from(["0000", "0001", "1970", "2024", "2023", "9999"]) | st.from_regex(r"\A[0-9]{4}\Z"))
    month = draw(st.sampled_from(["00", "01", "02", "12", "13"]) | _DIGITS)
    day = draw(st.sampled_from(["00", "28", "29", "30", "31", "32"]) | _DIGITS)
    hour = draw(st.sampled_from(["00", "23", "24"]) | _DIGITS)
    minute = draw(st.sampled_from(["00", "59", "60"]) | _DIGITS)
    second = draw(st.sampled_from(["00", "59", "60", "61"]) | _DIGITS)
    fraction = draw(st.sampled_from(["", ".5", ".123456", ".1234567891"]) | st.from_regex(r"\A\.[0-9]{1,12}\Z"))
    offset = draw(
        st.sampled_from(["Z", "z", "+00:00", "-00:00", "+23:59", "-23:59", "+24:00", "+01:60", "+05:30"])
        | st.builds("{}{}:{}".format, st.sampled_from("+-"), _DIGITS, _DIGITS)
    )
    separator = draw(st.sampled_from("Tt "))
    return f"{year}-{month}-{day}{separator}{hour}:{minute}:{second}{fraction}{offset}"


@settings(max_examples=3000, deadline=None)
@given(timestamp_like())
@example("2024-03-15T14:30:00+01:60")  # fromisoformat would read this as +02:00
@example("2024-03-15T14:30:00z")  # fromisoformat refuses a lower-case z
@example("2024-03-15T23:59:60Z")
@example("2024-03-15T14:30:00.1234567891Z")
def test_the_fromisoformat_path_reads_timestamps_as_the_general_path_does(text: str) -> None:
    """parse_timestamp hands the common spellings to datetime.fromisoformat; the instant, and the offset it is
    written in, must be what building the datetime field by field gives."""
    match = _RFC3339.fullmatch(text)
    assert match is not None
    general = from_fields(match)
    parsed = _timestamp.__wrapped__(text)
    assert parsed == general
    if parsed is not None and general is not None:
        assert (parsed.utcoffset(), parsed.tzinfo, parsed.isoformat()) == (
            general.utcoffset(),
            general.tzinfo,
            general.isoformat(),
        )


@pytest.mark.skipif(_rs is None, reason="jsonschema-rs is not installed; the exact Python checks are used alone")
@settings(max_examples=3000, deadline=None)
@given(timestamp_like() | st.text(max_size=30))
@example("0000-01-01T00:00:00Z")  # jsonschema-rs takes year 0; datetime cannot hold it
@example("9999-12-31T23:59:60Z")  # the leap second at the end of the last representable day
def test_the_quick_date_time_check_accepts_only_what_ours_accepts(text: str) -> None:
    """The quick validator's verdict "valid" is final, so its date-time check (jsonschema-rs's, with what it
    accepts beyond ours refused) must never accept a string our check refuses."""
    assert _rs is not None
    quick = _rs.Draft202012Validator(
        with_builtin_formats({"$ref": "#/$defs/t", "$defs": {"t": {"type": "string", "format": "date-time"}}}),
        validate_formats=True,
    )
    if quick.is_valid(text):
        assert is_timestamp(text), text


@pytest.mark.skipif(_rs is None, reason="jsonschema-rs is not installed; the exact Python checks are used alone")
@settings(max_examples=2000, deadline=None)
@given(st.from_regex(r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}\Z") | st.text(max_size=12))
@example("0000-01-01")
@example("2024-W01-1")  # date.fromisoformat takes ISO week dates; neither check may
def test_the_quick_date_check_accepts_only_what_ours_accepts(text: str) -> None:
    assert _rs is not None
    quick = _rs.Draft202012Validator(with_builtin_formats({"type": "string", "format": "date"}), validate_formats=True)
    if quick.is_valid(text):
        assert _is_date(text), text
    assert not _is_date("2024-W01-1")


def test_the_quick_schema_copy_narrows_formats_and_nothing_else() -> None:
    """Only schema nodes with a date-time or date format gain the refusal; instance values (const, enum,
    default, examples) and properties that happen to be called "format" are copied unchanged."""
    schema: dict[str, Any] = {
        "properties": {
            "format": {"type": "string"},
            "at": {"type": "string", "format": "date-time", "allOf": [{"minLength": 1}]},
            "on": {"type": "string", "format": "date"},
            "fixed": {"const": {"format": "date"}, "enum": [{"format": "date-time"}]},
        }
    }
    copy = with_builtin_formats(schema)
    properties = copy["properties"]
    assert properties["format"] == {"type": "string"}
    assert properties["at"]["allOf"] == [
        {"minLength": 1},
        {"not": {"type": "string", "pattern": "^0000-"}},
    ]
    assert properties["on"]["allOf"] == [{"not": {"type": "string", "pattern": "^0000-"}}]
    assert properties["fixed"] == schema["properties"]["fixed"]
    assert "allOf" not in schema["properties"]["on"]  # a copy: the bundled schema itself is untouched


# -- boundaries and word lists, one by one (mutation testing found them unpinned) ----------------------------

_MONTH_LENGTHS = [
    ("January", 31), ("February", 29), ("March", 31), ("April", 30), ("May", 31), ("June", 30),
    ("July", 31), ("August", 31), ("September", 30), ("October", 31), ("November", 30), ("December", 31),
]  # fmt: skip


@pytest.mark.parametrize(("month", "name", "length"), [(n + 1, *pair) for n, pair in enumerate(_MONTH_LENGTHS)])
def test_impossible_names_each_month_and_its_length(month: int, name: str, length: int) -> None:
    last, past = f"2024-{month:02d}-{length:02d}", f"2024-{month:02d}-{length + 1:02d}"
    assert impossible(last, date=True) is None
    assert impossible(past, date=True) == f"{name} 2024 has {length} days"
    assert impossible(f"{last}T14:30:00Z") is None
    assert impossible(f"{past}T14:30:00Z") == f"{name} 2024 has {length} days"


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("0001-01-01T00:00:00Z", None),
        ("0000-03-15T14:30:00Z", "there is no year 0000; years start at 0001"),
        ("2024-00-15T14:30:00Z", "there is no month 00; months run from 01 to 12"),
        ("2024-13-15T14:30:00Z", "there is no month 13; months run from 01 to 12"),
        ("2024-03-00T14:30:00Z", "there is no day 00; days start at 01"),
        ("2023-02-29T14:30:00Z", "February 2023 has 28 days"),
        ("1900-02-29T14:30:00Z", "February 1900 has 28 days"),  # a century is not a leap year...
        ("2000-02-29T14:30:00Z", None),  # ... unless it divides by 400
        ("2024-03-15T23:59:59Z", None),
        ("2024-03-15T24:00:00Z", "there is no hour 24; hours run from 00 to 23"),
        ("2024-03-15T14:60:00Z", "there is no minute 60; minutes run from 00 to 59"),
        ("2024-03-15T14:30:60Z", None),  # a leap second
        ("2024-03-15T14:30:61Z", "there is no second 61; seconds run from 00 to 59"),
        ("2024-03-15T14:30:00+23:59", None),
        ("2024-03-15T14:30:00-23:59", None),
        ("2024-03-15T14:30:00+24:00", "the offset +24:00 is out of range; offsets run from -23:59 to +23:59"),
        ("2024-03-15T14:30:00-24:00", "the offset -24:00 is out of range; offsets run from -23:59 to +23:59"),
        ("2024-03-15T14:30:00-00:60", "the offset -00:60 is out of range; offsets run from -23:59 to +23:59"),
        ("2024-03-15 14:30", None),  # not of the shape at all
    ],
)
def test_impossible_says_which_part_names_nothing_at_each_boundary(text: str, why: str | None) -> None:
    assert impossible(text) == why


@pytest.mark.parametrize(
    ("unit", "seconds"),
    [
        ("weeks", 604800), ("week", 604800), ("wks", 604800), ("wk", 604800), ("w", 604800),
        ("days", 86400), ("day", 86400), ("d", 86400),
        ("hours", 3600), ("hour", 3600), ("hrs", 3600), ("hr", 3600), ("h", 3600),
        ("minutes", 60), ("minute", 60), ("mins", 60), ("min", 60), ("m", 60),
        ("seconds", 1), ("second", 1), ("secs", 1), ("sec", 1), ("s", 1),
    ],
)  # fmt: skip
def test_every_duration_unit_has_its_length(unit: str, seconds: int) -> None:
    assert parse_duration(f"2{unit}") == timedelta(seconds=2 * seconds)
    assert parse_duration(f"1.5 {unit}") == timedelta(seconds=1.5 * seconds)


@pytest.mark.parametrize(
    ("text", "seconds"), [("P2W", 1209600), ("P2D", 172800), ("PT2H", 7200), ("PT2M", 120), ("PT2S", 2)]
)
def test_every_iso_designator_has_its_length(text: str, seconds: int) -> None:
    assert parse_duration(text) == timedelta(seconds=seconds)


@pytest.mark.parametrize(
    ("written", "actual", "expected"),
    [
        ("2d", timedelta(days=3), "3d"),
        ("2h", timedelta(hours=3), "3h"),
        ("2m", timedelta(minutes=3), "3m"),
        ("2s", timedelta(seconds=3), "3s"),
        ("2 seconds", timedelta(seconds=3), "3 seconds"),
        ("PT2S", timedelta(seconds=3), "PT3S"),
    ],
)
def test_format_like_keeps_each_compact_single_unit(written: str, actual: timedelta, expected: str) -> None:
    assert format_like(actual, written) == expected


@pytest.mark.parametrize(
    ("style", "expected"), [("compact", "0m"), ("compact-tight", "0m"), ("words", "0 minutes"), ("iso", "PT0S")]
)
def test_format_duration_writes_zero_in_each_style(style: str, expected: str) -> None:
    # Under half a second rounds to zero; 'P' alone would be no duration at all.
    assert format_duration(timedelta(0), style) == expected
    assert format_duration(timedelta(seconds=0.4), style) == expected


@pytest.mark.parametrize(
    ("delta", "expected"),
    [(timedelta(days=2), "P2D"), (timedelta(days=1, hours=2), "P1DT2H"), (timedelta(seconds=90), "PT1M30S")],
)
def test_format_duration_iso_writes_days_before_the_time(delta: timedelta, expected: str) -> None:
    assert format_duration(delta, "iso") == expected


@pytest.mark.parametrize("offset", ["+01:60", "-00:60", "+00:99", "+23:60"])
def test_an_offset_with_sixty_minutes_or_more_is_not_a_timestamp(offset: str) -> None:
    """from_fields refuses offset minutes of 60 and more itself: timezone() would take +01:60 as +02:00, and the
    differential test above cannot see that, as both paths read such an offset through from_fields."""
    assert parse_timestamp(f"2024-03-15T14:30:00{offset}") is None


def test_an_offset_of_fifty_nine_minutes_is_read_exactly() -> None:
    assert parse_timestamp("2024-03-15T14:30:00z") == datetime(2024, 3, 15, 14, 30, tzinfo=UTC)
    assert parse_timestamp("2024-03-15T14:30:00-01:59") == datetime(2024, 3, 15, 16, 29, tzinfo=UTC)
