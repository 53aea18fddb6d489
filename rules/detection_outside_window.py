"""detection-outside-window: an incident cannot be detected before it starts."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from incidentlint.api import Finding, Options, human, parse_timestamp, rule

from ._common import earlier, get, usual_timestamp
from ._window import window


@rule(
    code="IL107",
    name="detection-outside-window",
    severity="warning",
    summary="detection_details.detection_time is before start_time.",
    rationale=(
        "Time to detection is measured from the start: FireFighter and Rootly order the lifecycle as start, "
        "detection, mitigation, resolution. A detection before the start means start_time is too late (impact "
        "began earlier than recorded) or detection_time has a wrong date or offset. A detection after end_time is "
        "not flagged: end_time is when impact ended, and silent data corruption or a customer's report is often "
        "noticed only after that. A wrong date in a late detection_time is still caught when time_to_detection is "
        "given: detection-time-mismatch compares the two, and points at detection_time when time_to_detection "
        "puts detection inside the incident. Instants are compared after converting offsets, at the precision of "
        "the coarser of the two: tools cut a timestamp off, so '14:30:00Z' stands for that whole second and is not "
        "before '14:30:00.250Z'. When end_time is before start_time, end-before-start reports it and this rule "
        "says nothing, since start_time may be the wrong one; a start_time later than now is left to "
        "future-timestamp."
    ),
    valid=[
        {"start_time": "2024-03-15T14:30:00Z", "detection_details": {"detection_time": "2024-03-15T14:32:00Z"}},
        {
            "start_time": "2024-03-15T12:00:00Z",
            "end_time": "2024-03-15T12:01:30.250Z",
            "detection_details": {
                "detection_method": "customer_report",
                "detection_time": "2024-03-15T12:30:00Z",
                "time_to_detection": "30 minutes",
            },
        },
    ],
    invalid=[
        {"start_time": "2024-03-15T14:30:00Z", "detection_details": {"detection_time": "2024-03-15T14:20:00Z"}},
        {"start_time": "2024-03-15T14:30:00Z", "detection_details": {"detection_time": "2024-03-15T15:20:00+01:00"}},
    ],
)
def check(record: Mapping[str, Any], options: Options) -> Iterator[Finding]:
    written = get(record, "detection_details", "detection_time")
    start_text = record.get("start_time")
    if usual_timestamp(written) and usual_timestamp(start_text) and written >= start_text:
        return  # the common case, settled as text: such timestamps sort as their instants do
    detected = parse_timestamp(written)
    if detected is None:
        return
    start = parse_timestamp(start_text)
    if start is None or detected >= start:
        return  # the common case, decided before asking whether the window can be trusted
    bounds = window(record, options)
    if bounds.inverted or bounds.start is None:
        return
    if earlier(detected, written, start, bounds.start_text):
        yield Finding(
            "/detection_details/detection_time",
            f"detection_time {written} is {human(start - detected)} before start_time {bounds.start_text}; "
            "an incident cannot be detected before it starts: correct detection_time, or move start_time back "
            "to when impact began",
        )
