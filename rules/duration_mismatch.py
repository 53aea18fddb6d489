"""duration-mismatch: the stated duration must match end_time - start_time."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from incidentlint.api import Finding, Options, rule

from ._common import DEFAULT_TOLERANCE, TOLERANCE_SCHEMA, span_mismatch, text_at
from ._window import span


@rule(
    code="IL102",
    name="duration-mismatch",
    severity="error",
    summary="duration differs from end_time - start_time.",
    rationale=(
        "duration is what readers quote and what dashboards add up, but the timestamps are the record of what "
        "happened; when they disagree one of them is wrong, and the reader cannot tell which. OCSF defines an "
        "event's duration as end minus start, and Datadog and Rootly compute their incident metrics the same way. "
        "Offsets are converted before subtracting, and the two may differ by the `tolerance` option (seconds, "
        "default 60) because durations are usually written to the minute. When end_time is before start_time "
        "there is no right duration, so only end-before-start reports it; when either is later than now (a year "
        "typo) the span is not known yet, so only future-timestamp reports it. The fix rewrites duration from the "
        "timestamps in the style the field already uses ('1h 5m', '1 hour 5 minutes' or 'PT1H5M'), and in its one "
        "unit when it uses only one ('75 minutes' becomes '65 minutes'). It is safe only when "
        "response_details.time_to_resolution already agrees with the timestamps; otherwise a timestamp may be "
        "what is wrong (a date typo, local time marked Z), so it needs --unsafe-fixes, and when "
        "time_to_resolution agrees with duration the message says so."
    ),
    valid=[
        {"start_time": "2024-03-15T14:30:00Z", "end_time": "2024-03-15T15:35:00Z", "duration": "1h 5m"},
        {"start_time": "2024-03-15T14:30:00Z", "end_time": "2024-03-15T17:35:00+02:00", "duration": "PT1H5M"},
    ],
    invalid=[{"start_time": "2024-03-15T14:30:00Z", "end_time": "2024-03-15T15:35:00Z", "duration": "1h 15m"}],
    options={"tolerance": DEFAULT_TOLERANCE},
    options_schema=TOLERANCE_SCHEMA,
    fixable=True,
)
def check(record: Mapping[str, Any], options: Options) -> Iterator[Finding]:
    written = text_at(record, "duration")
    if written is None:
        return
    actual = span(record, options)
    if actual is None:
        return
    witness = ("time_to_resolution", text_at(record, "response_details", "time_to_resolution"))
    between = "end_time - start_time"
    finding = span_mismatch("/duration", "duration", written, actual, between, options, True, witness)
    if finding is not None:
        yield finding
