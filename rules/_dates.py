"""The calendar days an instant falls on, for rules about calendar dates (an action item's due_date, read with
:func:`incidentlint.api.parse_date`).

A due_date is a day in someone's calendar, not an instant, and nobody can tell whose: the author's, the team's, or
UTC, which the record's timestamps are compared in. An instant falls on one day in UTC and on one day in the offset
it was written with, and these differ by at most one. The due-date rules compare with whichever of the two favours
the author, so that a date is reported only when it is wrong in every reading: their mistakes (a year typo, an item
copied from another record, a deadline months out) are never a matter of one day.
"""

from __future__ import annotations

from datetime import date, datetime

from ._common import in_utc


def days_of(instant: datetime) -> tuple[date, date]:
    """(earlier, later) of the day ``instant`` falls on in UTC and in its own offset; the same day twice for ``Z``."""
    local = instant.date()
    utc = in_utc(instant)
    day = local if utc is None else utc.date()  # None: 0001-01-01T00:00:00+01:00 has no UTC day
    return (day, local) if day <= local else (local, day)
