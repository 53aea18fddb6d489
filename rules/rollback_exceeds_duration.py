"""rollback-exceeds-duration: a rollback during the incident cannot outlast it."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from incidentlint.api import Finding, Options, human, rule

from ._common import DEFAULT_TOLERANCE, TOLERANCE_SCHEMA, duration_at, timestamp_at, tolerance


@rule(
    code="IL115",
    name="rollback-exceeds-duration",
    severity="warning",
    summary="technical_details.rollback_duration is longer than the incident.",
    rationale=(
        "The rollback is part of the response, so it fits inside the incident; a rollback longer than the whole "
        "incident means one of the two figures is wrong (often minutes written as hours), and the record "
        "overstates or understates how fast the team can recover. The incident's length is end_time - start_time "
        "when both are valid, otherwise the stated duration. The rollback may exceed it by the `tolerance` option "
        "(seconds, default 60) because durations are usually written to the minute."
    ),
    valid=[
        {
            "start_time": "2024-03-15T14:30:00Z",
            "end_time": "2024-03-15T15:35:00Z",
            "technical_details": {"rollback_duration": "7 minutes"},
        },
        {"duration": "1h 5m", "technical_details": {"rollback_duration": "PT1H5M"}},
    ],
    invalid=[
        {
            "start_time": "2024-03-15T14:30:00Z",
            "end_time": "2024-03-15T15:35:00Z",
            "technical_details": {"rollback_duration": "2 hours"},
        }
    ],
    options={"tolerance": DEFAULT_TOLERANCE},
    options_schema=TOLERANCE_SCHEMA,
)
def check(record: Mapping[str, Any], options: Options) -> Iterator[Finding]:
    rollback = duration_at(record, "technical_details", "rollback_duration")
    if rollback is None:
        return
    start = timestamp_at(record, "start_time")
    end = timestamp_at(record, "end_time")
    if start is not None and end is not None:
        if end < start:
            return  # no length to compare with; end-before-start reports it
        incident, basis = end - start, "end_time - start_time"
    else:
        stated = duration_at(record, "duration")
        if stated is None:
            return
        incident, basis = stated, "duration"
    if rollback - incident <= tolerance(options):
        return
    yield Finding(
        "/technical_details/rollback_duration",
        f"rollback_duration is {human(rollback)} but the whole incident lasted {human(incident)} ({basis}); "
        "a rollback during the incident cannot take longer than it: correct rollback_duration or the incident's times",
    )
