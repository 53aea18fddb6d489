"""The incident window, start_time to end_time, as far as the rules that measure other fields against it can trust it.

One mistake should give one finding. A bad start_time or end_time is reported by its own rule (end-before-start,
future-timestamp), so the rules that compare other fields with the window, or subtract one bound from the other,
leave out a bound those rules report instead of blaming fields that are right.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from incidentlint.api import parse_timestamp

from ._common import earlier, now


class Window(NamedTuple):
    """start_time and end_time, each as (instant, text as written), or (None, "") when it cannot be used."""

    start: datetime | None
    start_text: str
    end: datetime | None
    end_text: str
    #: end_time is before start_time: end-before-start reports it, and nobody can tell which of the two is wrong,
    #: so a rule that measures other fields against the window says nothing. ``end`` is then None.
    inverted: bool


def window(record: Mapping[str, Any], options: Mapping[str, Any]) -> Window:
    """The record's window. A bound that is absent, malformed or later than the run's now (future-timestamp
    reports it: usually a year typo) is None, so a rule judges against the other bound alone; an end before the
    start (compared exactly, as end-before-start does) makes the window ``inverted``."""
    start_text: Any = record.get("start_time")  # a str whenever it parses below
    end_text: Any = record.get("end_time")
    start, end = parse_timestamp(start_text), parse_timestamp(end_text)
    if start is None and end is None:
        return Window(None, "", None, "", False)
    current = now(options)
    if start is not None and start > current:
        start = None
    if end is not None and end > current:
        end = None
    if start is not None and end is not None and end < start:
        return Window(start, start_text, None, "", True)
    return Window(start, start_text if start is not None else "", end, end_text if end is not None else "", False)


def span(record: Mapping[str, Any], options: Mapping[str, Any]) -> timedelta | None:
    """end_time - start_time, or None when either is unusable (see :func:`window`) or the end is before the start:
    there is no right duration to compare a stated one with."""
    start, end = parse_timestamp(record.get("start_time")), parse_timestamp(record.get("end_time"))
    if start is None or end is None or end < start or end > now(options):  # the end is the later: enough to ask
        return None
    return end - start


def in_future(instant: datetime, options: Mapping[str, Any]) -> bool:
    """True when ``instant`` is later than the run's now, exactly as future-timestamp decides it."""
    return instant > now(options)


def before_start(instant: datetime, written: str, start: datetime, start_text: str) -> bool:
    """True when a communication_log entry at ``instant`` (``written``) is before start_time, compared at the
    coarser of the two precisions, exactly as timeline-outside-window reports it."""
    return instant < start and earlier(instant, written, start, start_text)
