"""incident-id-date-mismatch: the date in incident_id is the UTC date the incident started."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from incidentlint.api import Finding, Options, rule

from ._common import in_utc, timestamp_at

_ID = re.compile(r"INC-([0-9]{4})-([0-9]{2})([0-9]{2})-([0-9]{3})")


@rule(
    code="IL112",
    name="incident-id-date-mismatch",
    severity="warning",
    summary="The YYYY-MMDD part of incident_id is not the UTC date of start_time.",
    rationale=(
        "Identifiers of the form INC-YYYY-MMDD-NNN are read as 'the NNNth incident that started on that day', "
        "and people search and sort by them (dfds's PMyyyy-nnn ids work the same way). An id whose date disagrees "
        "with start_time points readers at the wrong day. The date is taken in UTC, so an "
        "incident starting at 01:30+02:00 belongs to the previous UTC day, and one starting in a leap second "
        "(23:59:60) to the day that second ends. Ids that do not have this form are the schema's finding."
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
    start = timestamp_at(record, "start_time")
    match = _ID.fullmatch(incident_id) if isinstance(incident_id, str) else None
    if match is None or start is None:
        return
    year, month, day, sequence = match.groups()
    utc = in_utc(start)
    if utc is None or (int(year), int(month), int(day)) == (utc.year, utc.month, utc.day):
        return
    right = f"INC-{utc.year:04}-{utc.month:02}{utc.day:02}-{sequence}"
    yield Finding(
        "/incident_id",
        f"incident_id {incident_id} says {year}-{month}-{day} but start_time {record['start_time']} is on "
        f"{utc.date().isoformat()} in UTC; use {right}, or correct start_time",
    )
