"""The one grammar for timestamps and durations, shared by the schema and the rules.

The schema's ``$defs/duration`` pattern is :data:`DURATION_PATTERN` verbatim (a test keeps them equal), so a value
the schema accepts is a value the rules can compute with.
"""

from __future__ import annotations

import functools
import re
from datetime import UTC, date, datetime, timedelta

# RFC 3339 date-time with a mandatory offset. Lower-case t/z are allowed by RFC 3339 section 5.6.
_RFC3339 = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt ]([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]+)?"
    r"([Zz]|[+-][0-9]{2}:[0-9]{2})"
)


def parse_timestamp(text: object) -> datetime | None:
    """An aware datetime for an RFC 3339 timestamp with offset, or None when ``text`` is not one."""
    if not isinstance(text, str):
        return None
    return _timestamp(text) if len(text) <= _CACHED_LENGTH else _timestamp.__wrapped__(text)


# Several rules (and the schema's format check) parse the same few timestamps of each record: a small cache
# turns the repeats into a dictionary lookup. datetime and timedelta are immutable, so sharing them is safe.
# Only short texts are cached, so a hostile multi-megabyte "timestamp" is not kept alive by the cache.
_CACHED_LENGTH = 64


@functools.lru_cache(maxsize=1024)
def _timestamp(text: str) -> datetime | None:
    match = _RFC3339.fullmatch(text)
    if match is None:
        return None
    offset = match.group(8)
    # The common spellings go to datetime.fromisoformat (C, ~20x faster than building the datetime here): an
    # upper-case Z or an offset with valid minutes, and no leap second. Python 3.11's fromisoformat reads those
    # exactly as RFC 3339 means them; it would refuse a lower-case z and a leap second, and take minutes of 60
    # or more in an offset, so those take the general path. A test compares the two paths.
    if match.group(6) != "60" and (offset == "Z" or (len(offset) == 6 and offset[4] < "6")):
        try:
            return datetime.fromisoformat(text)
        except ValueError:  # a day or hour out of range, year 0, an offset of 24 hours or more
            return None
    return from_fields(match)


def from_fields(match: re.Match[str]) -> datetime | None:
    """The instant an :data:`_RFC3339` match describes, built field by field; None when it does not exist."""
    year, month, day, hour, minute, second, fraction, offset = match.groups()
    try:
        if offset in ("Z", "z"):
            tz = UTC
        else:
            sign = 1 if offset[0] == "+" else -1
            off_h, off_m = int(offset[1:3]), int(offset[4:6])
            if off_h > 23 or off_m > 59:
                return None
            from datetime import timezone

            tz = timezone(sign * timedelta(hours=off_h, minutes=off_m))
        # RFC 3339 allows a leap second (23:59:60); datetime has no second 60. It is read as the last microsecond
        # of second 59, whatever its fraction: the date, hour and minute stay as written (an incident that started
        # in the leap second at the end of 2016-12-31 started on that day), and the instant is within a
        # microsecond of where the leap second begins. Adding a second instead gave 00:00:00 of the next day.
        leap = second == "60"
        value = datetime(
            int(year),
            int(month),
            int(day),
            int(hour),
            int(minute),
            59 if leap else int(second),
            999999 if leap else int((fraction or ".0")[1:7].ljust(6, "0")),
            tzinfo=tz,
        )
    except ValueError:
        return None
    return value


_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_DATE_SHAPE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


def parse_date(value: object) -> date | None:
    """A ``YYYY-MM-DD`` text (RFC 3339 full-date, the schema's ``date`` format) as a date, or None when it is
    anything else. The shape is tested first: ``date.fromisoformat`` alone also takes ISO week dates (2024-W11-5)
    and, in Python 3.11, basic forms (20240315)."""
    if not isinstance(value, str) or _DATE_SHAPE.fullmatch(value) is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:  # 2024-02-30, or year 0000
        return None


def impossible(text: str, date: bool = False) -> str | None:
    """Why ``text``, written in the shape of an RFC 3339 date-time (with ``date``, of a ``YYYY-MM-DD`` date), names
    no real instant or day ("February 2024 has 29 days"); None when it is real, or not of that shape at all."""
    match = (_DATE_SHAPE if date else _RFC3339).fullmatch(text)
    if match is None:
        return None
    year, month, day = (int(part) for part in match.groups()[:3])
    if year == 0:
        return "there is no year 0000; years start at 0001"
    if not 1 <= month <= 12:
        return f"there is no month {match.group(2)}; months run from 01 to 12"
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    length = (31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)[month - 1]
    if not 1 <= day <= length:
        return f"{_MONTHS[month - 1]} {year} has {length} days" if day else "there is no day 00; days start at 01"
    if match.re is _DATE_SHAPE:
        return None
    hour, minute, second, offset = match.group(4), match.group(5), match.group(6), match.group(8)
    if int(hour) > 23:
        return f"there is no hour {hour}; hours run from 00 to 23"
    if int(minute) > 59:
        return f"there is no minute {minute}; minutes run from 00 to 59"
    if int(second) > 60:  # 60 is a leap second, which RFC 3339 allows
        return f"there is no second {second}; seconds run from 00 to 59"
    if len(offset) == 6 and (int(offset[1:3]) > 23 or int(offset[4:6]) > 59):
        return f"the offset {offset} is out of range; offsets run from -23:59 to +23:59"
    return None


def is_timestamp(text: object) -> bool:
    """The ``date-time`` format check used by the schema validator."""
    return not isinstance(text, str) or parse_timestamp(text) is not None


_NUMBER = r"[0-9]+(?:\.[0-9]+)?"
_UNITS = {
    "weeks": 604800,
    "week": 604800,
    "wks": 604800,
    "wk": 604800,
    "w": 604800,
    "days": 86400,
    "day": 86400,
    "d": 86400,
    "hours": 3600,
    "hour": 3600,
    "hrs": 3600,
    "hr": 3600,
    "h": 3600,
    "minutes": 60,
    "minute": 60,
    "mins": 60,
    "min": 60,
    "m": 60,
    "seconds": 1,
    "second": 1,
    "secs": 1,
    "sec": 1,
    "s": 1,
}
_UNIT = "(?:" + "|".join(_UNITS) + ")"
_PART = f"{_NUMBER} ?{_UNIT}"
_SEP = "(?:,? and |, | |)"
_ISO_TIME = r"(?:[0-9]+H(?:[0-9]+M)?(?:[0-9]+(?:\.[0-9]+)?S)?|[0-9]+M(?:[0-9]+(?:\.[0-9]+)?S)?|[0-9]+(?:\.[0-9]+)?S)"
_ISO = rf"P(?:[0-9]+W|[0-9]+D(?:T{_ISO_TIME})?|T{_ISO_TIME})"

#: Accepted durations: ``immediate``; compact ``1h 5m``, ``1h5m``, ``90s``; words ``65 minutes``,
#: ``1 hour 5 minutes``, ``2 days``; ISO 8601 ``PT1H5M``, ``P1DT2H``, ``P2W``. Years and months are not accepted:
#: their length in seconds is not fixed.
# ``$(?!\n)``: Python's ``$`` also matches before a final newline, which a block scalar leaves behind.
DURATION_PATTERN = f"^(?:immediate|{_ISO}|{_PART}(?:{_SEP}{_PART})*)$(?!\\n)"

_DURATION = re.compile(DURATION_PATTERN)
_PART_RE = re.compile(f"({_NUMBER}) ?({_UNIT})")
_ISO_PART = re.compile(r"([0-9]+(?:\.[0-9]+)?)([WDHMS])")
_ISO_SECONDS = {"W": 604800, "D": 86400, "H": 3600, "S": 1}


def parse_duration(text: object) -> timedelta | None:
    """A timedelta for a duration in the shared grammar (``immediate`` is zero), or None when it is not one."""
    if not isinstance(text, str):
        return None
    return _duration(text) if len(text) <= _CACHED_LENGTH else _duration.__wrapped__(text)


@functools.lru_cache(maxsize=1024)
def _duration(text: str) -> timedelta | None:
    if _DURATION.search(text) is None:
        return None
    if text == "immediate":
        return timedelta(0)
    seconds = 0.0
    if text.startswith("P"):
        in_time = False
        for index, char in enumerate(text):
            if char == "T":
                in_time = True
                rest = text[index:]
                break
        else:
            rest = ""
        date_part = text[1 : len(text) - len(rest)] if in_time else text[1:]
        for number, unit in _ISO_PART.findall(date_part):
            seconds += float(number) * _ISO_SECONDS[unit]
        for number, unit in _ISO_PART.findall(rest):
            seconds += float(number) * (60 if unit == "M" else _ISO_SECONDS[unit])
        return _seconds(seconds)
    for number, unit in _PART_RE.findall(text):
        seconds += float(number) * _UNITS[unit]
    return _seconds(seconds)


def duration_too_long(text: object) -> bool:
    """True when ``text`` is written in the duration grammar (so the schema accepts it) but is longer than any
    duration can be computed with: more than ``timedelta.max``, 999,999,999 days, such as ``99999999999 weeks``.
    :func:`parse_duration` answers None for those, as it does for text outside the grammar."""
    return isinstance(text, str) and parse_duration(text) is None and _DURATION.search(text) is not None


def _seconds(seconds: float) -> timedelta | None:
    # "99999999999 weeks" matches the grammar but is beyond timedelta's range: not a usable duration.
    try:
        return timedelta(seconds=seconds)
    except (OverflowError, ValueError):
        return None


def duration_style(text: str) -> str:
    """Which style a duration is written in: ``iso``, ``compact`` (``1h 5m``/``1h5m``), or ``words``."""
    if text.startswith("P"):
        return "iso"
    units = [unit for _, unit in _PART_RE.findall(text)]
    if units and all(len(unit) == 1 for unit in units):
        return "compact" if " " in text else "compact-tight"
    return "words"


def _split(total: int) -> list[tuple[int, str]]:
    parts = []
    for seconds, name in ((86400, "d"), (3600, "h"), (60, "m"), (1, "s")):
        amount, total = divmod(total, seconds)
        if amount:
            parts.append((amount, name))
    return parts


_WORDS = {"d": "day", "h": "hour", "m": "minute", "s": "second"}


def format_duration(delta: timedelta, style: str = "compact") -> str:
    """Write ``delta`` in a style :func:`duration_style` returns; rounded to whole seconds."""
    total = round(delta.total_seconds())
    parts = _split(abs(total))
    if style == "iso":
        if not parts:
            return "PT0S"
        days = "".join(f"{n}D" for n, u in parts if u == "d")
        time = "".join(f"{n}{u.upper()}" for n, u in parts if u != "d")
        return "P" + days + ("T" + time if time else "")
    if not parts:
        return "0 minutes" if style == "words" else "0m"
    if style == "words":
        return " ".join(f"{n} {_WORDS[u]}{'' if n == 1 else 's'}" for n, u in parts)
    joiner = "" if style == "compact-tight" else " "
    return joiner.join(f"{n}{u}" for n, u in parts)


#: The units a duration can be suggested in on their own: seconds in one unit -> (compact, word, ISO) names.
_SINGLE_UNITS = {86400: ("d", "day", "D"), 3600: ("h", "hour", "H"), 60: ("m", "minute", "M"), 1: ("s", "second", "S")}


def _only_unit(text: str) -> int | None:
    """The length in seconds of the one unit ``text`` is written in (``75 minutes``, ``90s``, ``PT75M``), or None
    when it mixes units or uses none."""
    if text.startswith("P"):
        date, _, time = text[1:].partition("T")
        units = {_ISO_SECONDS[unit] for _, unit in _ISO_PART.findall(date)}
        units |= {60 if unit == "M" else _ISO_SECONDS[unit] for _, unit in _ISO_PART.findall(time)}
    else:
        units = {_UNITS[unit] for _, unit in _PART_RE.findall(text)}
    return next(iter(units)) if len(units) == 1 else None


def format_like(delta: timedelta, written: str) -> str:
    """Write ``delta`` as the author wrote ``written``: in its style, and in its one unit when it uses only one and
    ``delta`` is a whole number of it below 100, so ``75 minutes`` is corrected to ``65 minutes``, not ``1 hour 5
    minutes``. From 100 on the usual units read better: ``1 day``, not ``1440 minutes``."""
    style = duration_style(written)
    unit = _only_unit(written)
    total = round(abs(delta.total_seconds()))
    if unit not in _SINGLE_UNITS or total % unit or total // unit >= 100:
        return format_duration(delta, style)
    amount = total // unit
    short, word, iso = _SINGLE_UNITS[unit]
    if style == "iso":
        return f"P{amount}D" if iso == "D" else f"PT{amount}{iso}"
    if style == "words":
        return f"{amount} {word}{'' if amount == 1 else 's'}"
    return f"{amount}{short}"


def human(delta: timedelta) -> str:
    """A compact rendering for messages: ``1h 5m``, ``45s``; negative spans get a leading minus, zero is ``0m``.

    A minute or more is rounded to the second (``2m 30s``). Below a minute the seconds are exact, in decimal
    seconds with only the digits the span has, down to the microsecond: ``45s``, ``1.5s``, ``0.9s``, ``0.25s``,
    ``0.000001s``. So a gap of 250 ms reads ``0.25s``, never ``0m``, and 0.9 s is not rounded up to ``1s``.
    """
    size = abs(delta)
    sign = "-" if delta < timedelta(0) else ""
    if size.microseconds and size < timedelta(minutes=1):
        return f"{sign}{size.seconds}.{size.microseconds:06d}".rstrip("0") + "s"
    return sign + format_duration(size, "compact")
