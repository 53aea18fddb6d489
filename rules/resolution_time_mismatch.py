"""resolution-time-mismatch: time_to_resolution must match end_time - start_time."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from incidentlint.api import Finding, Options, rule

from ._common import DEFAULT_TOLERANCE, TOLERANCE_SCHEMA, span_mismatch, text_at, timestamp_at


@rule(
    code="IL103",
    name="resolution-time-mismatch",
    severity="error",
    summary="response_details.time_to_resolution differs from end_time - start_time.",
    rationale=(
        "Time to resolution (TTR) is the metric teams track across incidents, so a wrong value skews every trend "
        "it feeds. Datadog and Rootly define it from the incident's start to its resolution, which in this record "
        "is end_time - start_time; when the stated value disagrees with the timestamps, one of them is wrong. "
        "Offsets are converted before subtracting, and the two may differ by the `tolerance` option (seconds, "
        "default 60). When end_time is before start_time only end-before-start reports it. The fix rewrites "
        "time_to_resolution from the timestamps in the style the field already uses. It is safe only when "
        "duration already agrees with the timestamps; otherwise a timestamp may be what is wrong, so it needs "
        "--unsafe-fixes, and when duration agrees with time_to_resolution the message says so."
    ),
    valid=[
        {
            "start_time": "2024-03-15T14:30:00Z",
            "end_time": "2024-03-15T15:35:00Z",
            "response_details": {"time_to_resolution": "65 minutes"},
        }
    ],
    invalid=[
        {
            "start_time": "2024-03-15T14:30:00Z",
            "end_time": "2024-03-15T15:35:00Z",
            "response_details": {"time_to_resolution": "45 minutes"},
        }
    ],
    options={"tolerance": DEFAULT_TOLERANCE},
    options_schema=TOLERANCE_SCHEMA,
    fixable=True,
)
def check(record: Mapping[str, Any], options: Options) -> Iterator[Finding]:
    written = text_at(record, "response_details", "time_to_resolution")
    start = timestamp_at(record, "start_time")
    end = timestamp_at(record, "end_time")
    if written is None or start is None or end is None or end < start:
        return
    pointer = "/response_details/time_to_resolution"
    witness = ("duration", text_at(record, "duration"))
    between = "end_time - start_time"
    finding = span_mismatch(pointer, "time_to_resolution", written, end - start, between, options, True, witness)
    if finding is not None:
        yield finding
