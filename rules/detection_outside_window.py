"""detection-outside-window: an incident is detected while it is happening."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from incidentlint.api import Finding, Options, human, rule

from ._common import earlier, get, timestamp_at


@rule(
    code="IL107",
    name="detection-outside-window",
    severity="warning",
    summary="detection_details.detection_time is before start_time or after end_time.",
    rationale=(
        "Detection is a milestone inside the incident: FireFighter and Rootly order the lifecycle as start, "
        "detection, mitigation, resolution, and time to detection is measured from the start. A detection before "
        "the start means start_time is too late (impact began earlier than recorded), and one after the end "
        "usually means a wrong date or offset. Instants are compared after converting offsets, at the precision of "
        "the coarser of the two: tools cut a timestamp off, so '14:30:00Z' stands for that whole second and is not "
        "before '14:30:00.250Z'. end_time is only checked when present."
    ),
    valid=[
        {"start_time": "2024-03-15T14:30:00Z", "detection_details": {"detection_time": "2024-03-15T14:32:00Z"}},
        {
            "start_time": "2024-03-15T14:30:00Z",
            "end_time": "2024-03-15T15:35:00Z",
            "detection_details": {"detection_time": "2024-03-15T16:35:00+01:00"},
        },
    ],
    invalid=[
        {"start_time": "2024-03-15T14:30:00Z", "detection_details": {"detection_time": "2024-03-15T14:20:00Z"}},
        {
            "start_time": "2024-03-15T14:30:00Z",
            "end_time": "2024-03-15T15:35:00Z",
            "detection_details": {"detection_time": "2024-03-15T16:00:00Z"},
        },
    ],
)
def check(record: Mapping[str, Any], options: Options) -> Iterator[Finding]:
    detected = timestamp_at(record, "detection_details", "detection_time")
    if detected is None:
        return
    written = get(record, "detection_details", "detection_time")
    pointer = "/detection_details/detection_time"
    start = timestamp_at(record, "start_time")
    end = timestamp_at(record, "end_time")
    if start is not None and detected < start and earlier(detected, written, start, record["start_time"]):
        yield Finding(
            pointer,
            f"detection_time {written} is {human(start - detected)} before start_time {record['start_time']}; "
            "an incident cannot be detected before it starts: correct detection_time, or move start_time back "
            "to when impact began",
        )
    elif end is not None and end < detected and earlier(end, record["end_time"], detected, written):
        yield Finding(
            pointer,
            f"detection_time {written} is {human(detected - end)} after end_time {record['end_time']}; "
            "detection happens while the incident is going on: correct detection_time or end_time",
        )
