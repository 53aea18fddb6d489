"""detection-time-mismatch: time_to_detection must match detection_time - start_time."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from incidentlint.api import Finding, Options, human, parse_duration, parse_timestamp, rule, show_value

from ._common import DEFAULT_TOLERANCE, TOLERANCE_SCHEMA, earlier, get, now, span_mismatch, text_at, tolerance
from ._window import window


@rule(
    code="IL108",
    name="detection-time-mismatch",
    severity="warning",
    summary="time_to_detection (with immediate meaning 0) differs from detection_time - start_time.",
    rationale=(
        "Time to detection (TTD) measures how good monitoring is, and Datadog defines it from the incident's start to "
        "its detection. When the stated value disagrees with the timestamps, the metric that decides whether alerting "
        "needs work is wrong. 'immediate' means zero, and a zero span is suggested as 'immediate'. Offsets are "
        "converted before subtracting, and the two may differ by the `tolerance` option (seconds, default 60). When "
        "detection_time is after end_time but time_to_detection puts detection inside the incident, the finding is at "
        "detection_time: a wrong date or offset there is the likelier mistake, and copying the gap into "
        "time_to_detection would make the record agree with the typo. A detection before the start is left to "
        "detection-outside-window, and a detection_time or start_time later than now to future-timestamp."
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
        {
            "start_time": "2024-03-15T12:00:00Z",
            "end_time": "2024-03-15T12:01:30.250Z",
            "detection_details": {"detection_time": "2024-03-15T12:30:00Z", "time_to_detection": "30 minutes"},
        },
    ],
    invalid=[
        {
            "start_time": "2024-03-15T14:30:00Z",
            "detection_details": {"detection_time": "2024-03-15T14:45:00Z", "time_to_detection": "immediate"},
        },
        {
            "start_time": "2024-03-15T14:30:00Z",
            "end_time": "2024-03-15T15:35:00Z",
            "detection_details": {"detection_time": "2024-03-16T14:30:00Z", "time_to_detection": "immediate"},
        },
    ],
    options={"tolerance": DEFAULT_TOLERANCE},
    options_schema=TOLERANCE_SCHEMA,
)
def check(record: Mapping[str, Any], options: Options) -> Iterator[Finding]:
    written = text_at(record, "detection_details", "time_to_detection")
    if written is None:
        return
    detected_text = get(record, "detection_details", "detection_time")
    detected = parse_timestamp(detected_text)
    start = parse_timestamp(record.get("start_time"))
    if detected is None or start is None or detected < start:
        return  # a detection before the start is detection-outside-window's
    current = now(options)
    if detected > current or start > current:
        return  # future-timestamp reports it: a year typo makes the span absurd, not wrong
    pointer = "/detection_details/time_to_detection"
    between = "detection_time - start_time"
    # The schema documents 'immediate' as time_to_detection's zero, so a zero span is suggested that way, not
    # as '0 minutes'.
    finding = span_mismatch(
        pointer, "time_to_detection", written, detected - start, between, options, False, zero="immediate"
    )
    if finding is None:
        return
    bounds = window(record, options)  # only now: whether end_time can be trusted matters only for a finding
    end = bounds.end
    stated = parse_duration(written)
    if (
        end is not None
        and stated is not None
        and end < detected
        and stated <= end - start + tolerance(options)  # as spans: start + 500000 weeks is past year 9999
        and earlier(end, bounds.end_text, detected, detected_text)
    ):
        # time_to_detection puts detection inside the incident and detection_time puts it after the end: the
        # timestamp is the odd one out (a wrong date or offset), and "set time_to_detection to '1 day'" would
        # make the record agree with the typo.
        yield Finding(
            "/detection_details/detection_time",
            f"detection_time {detected_text} is {human(detected - end)} after end_time {bounds.end_text}, but "
            f"time_to_detection says {show_value(written)}, which puts detection before the incident ended; "
            "correct detection_time (check its date and offset), or time_to_detection",
        )
    else:
        yield finding
