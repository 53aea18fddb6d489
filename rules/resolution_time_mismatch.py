"""resolution-time-mismatch: time_to_resolution must match end_time - start_time."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from incidentlint.api import Finding, Options, rule

from ._common import DEFAULT_TOLERANCE, TOLERANCE_SCHEMA, span_mismatch, text_at
from ._window import span


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
        "default 60). When end_time is before start_time only end-before-start reports it, and when either is "
        "later than now (a year typo) only future-timestamp does: the span is not known yet. The fix rewrites "
        "time_to_resolution from the timestamps in the style, and the one unit, the field already uses. It is safe "
        "only when "
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
    if written is None:
        return
    actual = span(record, options)
    if actual is None:
        return
    pointer = "/response_details/time_to_resolution"
    witness = ("duration", text_at(record, "duration"))
    between = "end_time - start_time"
    finding = span_mismatch(pointer, "time_to_resolution", written, actual, between, options, True, witness)
    if finding is not None:
        yield finding
