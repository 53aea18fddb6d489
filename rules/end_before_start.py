"""end-before-start: an incident cannot end before it starts."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from incidentlint.api import Finding, Options, human, rule

from ._common import timestamp_at
from ._window import in_future


@rule(
    code="IL101",
    name="end-before-start",
    severity="error",
    summary="end_time is earlier than start_time.",
    rationale=(
        "Every duration the record states and every metric computed from it (time to resolve, availability, SLA "
        "breaches) is measured from start_time to end_time, so an end before the start makes all of them negative "
        "nonsense. It is nearly always a typo in the date or a timestamp written in local time with a 'Z' offset. "
        "Instants are compared after converting offsets, so '16:00+02:00' is 14:00 UTC, and exactly: an end even a "
        "fraction of a second before the start makes the computed duration negative, so '15:35:00Z' is reported "
        "against a start of '15:35:00.400Z' (0.4s later). Validators such as icco's validate.go and tools like "
        "Rootly reject it for the same reason. A start_time later than now is left to future-timestamp: a year typo "
        "there (2099 for 2024) is the one mistake, not an end before the start."
    ),
    valid=[
        {"start_time": "2024-03-15T14:30:00Z", "end_time": "2024-03-15T15:35:00Z"},
        {"start_time": "2024-03-15T14:30:00Z", "end_time": "2024-03-15T16:30:00+02:00"},
    ],
    invalid=[{"start_time": "2024-03-15T14:30:00Z", "end_time": "2024-03-15T14:00:00Z"}],
)
def check(record: Mapping[str, Any], options: Options) -> Iterator[Finding]:
    start = timestamp_at(record, "start_time")
    end = timestamp_at(record, "end_time")
    if start is None or end is None or end >= start:
        return
    if in_future(start, options):
        return  # a start_time later than now is future-timestamp's finding, and the likelier typo of the two
    yield Finding(
        "/end_time",
        f"end_time {record['end_time']} is {human(start - end)} before start_time {record['start_time']}; "
        "the incident must end at or after it starts: check the date and the offset of both",
    )
