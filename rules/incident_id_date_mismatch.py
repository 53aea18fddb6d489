"""incident-id-date-mismatch: the date in incident_id is the UTC date the incident started."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any, cast

from incidentlint.api import Finding, Options, rule

from ._common import in_utc, timestamp_at
from ._window import in_future

_ID = re.compile(r"INC-([0-9]{4})-([0-9]{2})([0-9]{2})-([0-9]{3})")

#: (year, month, day): what an id names need not be a real date, so it is not a ``datetime.date``.
Day = tuple[int, int, int]


@rule(
    code="IL112",
    name="incident-id-date-mismatch",
    severity="warning",
    summary="The YYYY-MMDD part of incident_id is not the UTC date of start_time.",
    rationale=(
        "Identifiers of the form INC-YYYY-MMDD-NNN are read as 'the NNNth incident that started on that day', and "
        "people search and sort by them (dfds's PMyyyy-nnn ids work the same way). An id whose date disagrees with "
        "start_time points readers at the wrong day. The date is taken in UTC, so an incident starting at "
        "01:30+02:00 belongs to the previous UTC day, and one starting in a leap second (23:59:60) to the day that "
        "second ends. The suggested id keeps the number, on the guess that only the date is wrong; when the file is "
        "named after the right id (an id copied from another incident), filename-id-mismatch names it. Ids that do "
        "not have this form are the schema's finding. A start_time later than now is left to future-timestamp: its "
        "year (2099 for 2024) is then the likelier typo."
    ),
    valid=[
        {"incident_id": "INC-2024-0315-001", "start_time": "2024-03-15T14:30:00Z"},
        {"incident_id": "INC-2024-0314-001", "start_time": "2024-03-15T01:30:00+02:00"},
        {"incident_id": "INC-2016-1231-001", "start_time": "2016-12-31T23:59:60Z"},
    ],
    invalid=[{"incident_id": "INC-2024-0316-001", "start_time": "2024-03-15T14:30:00Z"}],
)
def check(record: Mapping[str, Any], options: Options) -> Iterator[Finding]:
    incident_id = record.get("incident_id")
    match = parse_id(incident_id) if isinstance(incident_id, str) else None
    started = start_day(record)
    if match is None or started is None or id_day(match) == started:
        return
    if in_future(cast(datetime, timestamp_at(record, "start_time")), options):
        return  # future-timestamp reports start_time, whose year or date is then likelier wrong than the id's
    year, month, day, sequence = match.groups()
    right = f"INC-{started[0]:04}-{started[1]:02}{started[2]:02}-{sequence}"
    # The number is kept on the guess that only the date is wrong; an id copied from another incident has the wrong
    # number too, and filename-id-mismatch names the right id when the file name holds it.
    yield Finding(
        "/incident_id",
        f"incident_id {incident_id} says {year}-{month}-{day} but start_time {record['start_time']} is on "
        f"{show_day(started)} in UTC; use {right} if only the id's date is wrong, or correct start_time",
    )


def id_day(match: re.Match[str]) -> Day:
    """The (year, month, day) an ``INC-YYYY-MMDD-NNN`` match names (not necessarily a real date)."""
    year, month, day, _ = match.groups()
    return int(year), int(month), int(day)


def parse_id(text: str) -> re.Match[str] | None:
    """``text`` as an ``INC-YYYY-MMDD-NNN`` id, or None when it does not have that form."""
    return _ID.fullmatch(text)


def ids_in(text: str) -> list[re.Match[str]]:
    """The ``INC-YYYY-MMDD-NNN`` ids in ``text`` (a file name), in order."""
    return list(_ID.finditer(text))


def start_day(record: Mapping[str, Any]) -> Day | None:
    """The UTC (year, month, day) start_time falls on, or None when it is unusable."""
    start = timestamp_at(record, "start_time")
    utc = in_utc(start) if start is not None else None
    return (utc.year, utc.month, utc.day) if utc is not None else None


def show_day(day: Day) -> str:
    return f"{day[0]:04}-{day[1]:02}-{day[2]:02}"
