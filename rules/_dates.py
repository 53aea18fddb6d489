"""Calendar dates in records (an action item's due_date) and the calendar days an instant falls on.

A due_date is a day in someone's calendar, not an instant, and nobody can tell whose: the author's, the team's, or
UTC, which the record's timestamps are compared in. An instant falls on one day in UTC and on one day in the offset
it was written with, and these differ by at most one. The due-date rules compare with whichever of the two favours
the author, so that a date is reported only when it is wrong in every reading: their mistakes (a year typo, an item
copied from another record, a deadline months out) are never a matter of one day.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from ._common import in_utc

#: RFC 3339 full-date, as the schema's ``date`` format checks it: ``date.fromisoformat`` alone also takes ISO week
#: dates (2024-W11-5) and, in Python 3.11, basic forms (20240315).
_FULL_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_date(value: object) -> date | None:
    """A ``YYYY-MM-DD`` text as a date, or None when it is anything else (the schema reports it)."""
    if not isinstance(value, str) or _FULL_DATE.fullmatch(value) is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:  # 2024-02-30, or year 0000
        return None


def days_of(instant: datetime) -> tuple[date, date]:
    """(earlier, later) of the day ``instant`` falls on in UTC and in its own offset; the same day twice for ``Z``."""
    local = instant.date()
    utc = in_utc(instant)
    day = local if utc is None else utc.date()  # None: 0001-01-01T00:00:00+01:00 has no UTC day
    return (day, local) if day <= local else (local, day)
