"""detection-time-mismatch: time_to_detection must match detection_time - start_time."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from incidentlint.api import Finding, Options, rule

from ._common import DEFAULT_TOLERANCE, TOLERANCE_SCHEMA, span_mismatch, text_at, timestamp_at


@rule(
    code="IL108",
    name="detection-time-mismatch",
    severity="warning",
    summary="time_to_detection (with immediate meaning 0) differs from detection_time - start_time.",
    rationale=(
        "Time to detection (TTD) measures how good monitoring is, and Datadog defines it from the incident's start "
        "to its detection. When the stated value disagrees with the timestamps, the metric that decides whether "
        "alerting needs work is wrong. 'immediate' means zero. Offsets are converted before subtracting, and the "
        "two may differ by the `tolerance` option (seconds, default 60). A detection before the start is left to "
        "detection-outside-window."
    ),
    valid=[
        {
            "start_time": "2024-03-15T14:30:00Z",
            "detection_details": {"detection_time": "2024-03-15T14:30:00Z", "time_to_detection": "immediate"},
        },
        {
            "start_time": "2024-03-15T14:30:00Z",
            "detection_details": {"detection_time": "2024-03-15T14:42:00Z", "time_to_detection": "12 minutes"},
        },
    ],
    invalid=[
        {
            "start_time": "2024-03-15T14:30:00Z",
            "detection_details": {"detection_time": "2024-03-15T14:45:00Z", "time_to_detection": "immediate"},
        }
    ],
    options={"tolerance": DEFAULT_TOLERANCE},
    options_schema=TOLERANCE_SCHEMA,
)
def check(record: Mapping[str, Any], options: Options) -> Iterator[Finding]:
    written = text_at(record, "detection_details", "time_to_detection")
    start = timestamp_at(record, "start_time")
    detected = timestamp_at(record, "detection_details", "detection_time")
    if written is None or start is None or detected is None or detected < start:
        return
    pointer = "/detection_details/time_to_detection"
    between = "detection_time - start_time"
    finding = span_mismatch(pointer, "time_to_detection", written, detected - start, between, options, False)
    if finding is not None:
        yield finding
