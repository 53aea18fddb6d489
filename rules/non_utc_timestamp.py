"""non-utc-timestamp: for teams whose records keep every time in UTC (off by default)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

from incidentlint.api import Finding, Fix, Options, Replace, rule
from incidentlint.lazyre import lazy

from ._common import in_utc, timestamps, where

#: A UTC offset as RFC 3339 writes it: Z, or an offset of zero hours and minutes (-00:00 says "UTC, local
#: offset unknown", which is still UTC).
_UTC = lazy(r"(?:[Zz]|[+-]00:00)\Z")
#: The fraction of a second as written, kept as it is: a whole-minute offset never changes it.
_FRACTION = lazy(r"\.[0-9]+")


@rule(
    code="IL125",
    name="non-utc-timestamp",
    severity="warning",
    summary="A timestamp has an offset other than UTC (Z); for teams whose records keep every time in UTC.",
    rationale=(
        "A timestamp with any offset names one instant, so the schema and the time rules accept them all. But "
        "PagerDuty's, GitLab's, Atlassian's and dfds's postmortem guides write every time in UTC, as readers "
        "compare a record with logs, dashboards and other records kept in UTC, and a timeline that mixes "
        "'14:30:00Z' with '16:45:00+02:00' reads as out of order at a glance (Statuspage, for one, writes local "
        "offsets). Off by default: turn it on where that is the team's rule. Every timestamp field is checked "
        "(start_time, end_time, detection_time, war_room_established and each communication_log timestamp); Z, z, "
        "+00:00 and -00:00 are UTC. The safe fix writes the same instant in UTC with Z, keeping the date and time "
        "separator and the fraction of a second as written: 2024-03-15T16:30:00.5+02:00 becomes "
        "2024-03-15T14:30:00.5Z. A leap second (23:59:60+01:00) and an instant that falls before year 1 in UTC "
        "are reported without a fix, as no UTC text holds them."
    ),
    valid=[
        {"start_time": "2024-03-15T14:30:00Z", "end_time": "2024-03-15T15:35:00+00:00"},
        {"communication_log": [{"timestamp": "2024-03-15T14:50:00.250z", "message": "Investigating"}]},
    ],
    invalid=[
        {"start_time": "2024-03-15T16:30:00+02:00"},
        {"communication_log": [{"timestamp": "2024-03-15T09:50:00-05:00", "message": "Investigating"}]},
    ],
    enabled_by_default=False,
    fixable=True,
)
def check(record: Mapping[str, Any], options: Options) -> Iterator[Finding]:
    for pointer, written, instant in timestamps(record):
        if _UTC.search(written):
            continue
        utc = _in_utc(written, instant)
        field = where(pointer)
        # Shown as written, like the other time rules: it parsed as a timestamp, so it holds nothing to escape.
        message = f"{field} {written} is not in UTC; this team writes every time in UTC"
        if utc is None:
            yield Finding(pointer, message + ": write it with Z, converted by hand")
            continue
        fix = Fix(ops=(Replace(pointer, utc),), safe=True, description=f"write {field} in UTC")
        yield Finding(pointer, f"{message}: write {utc}", fix=fix)


def _in_utc(written: str, instant: datetime) -> str | None:
    """``written`` as the same instant in UTC with Z, its separator and fraction kept; None for a leap second
    (read as :59.999999) or an instant before year 1 in UTC."""
    if written[17:19] == "60":
        return None
    utc = in_utc(instant)
    if utc is None:
        return None
    fraction = _FRACTION.match(written, 19)
    date = f"{utc.year:04d}-{utc.month:02d}-{utc.day:02d}"  # strftime writes year 999 as '999'
    return f"{date}{written[10]}{utc.hour:02d}:{utc.minute:02d}:{utc.second:02d}{fraction.group() if fraction else ''}Z"
