"""duration-out-of-range: a duration the grammar accepts but no incident can last."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from incidentlint.api import Finding, Options, duration_too_long, rule, show_value

from ._common import pointer_of, where

#: Every field the schema types as a duration ($defs/duration); a test keeps the list equal to the schema's.
DURATION_FIELDS: tuple[tuple[str, ...], ...] = (
    ("duration",),
    ("detection_details", "time_to_detection"),
    ("response_details", "time_to_response"),
    ("response_details", "time_to_escalation"),
    ("response_details", "time_to_resolution"),
    ("technical_details", "rollback_duration"),
)
_FIELDS = [(path[:-1], path[-1], pointer_of(path)) for path in DURATION_FIELDS]  # built once, not per record
#: No shorter text can be too long: the shortest is '142857143w' (timedelta's limit is 142,857,142.86 weeks).
_SHORTEST = 10


@rule(
    code="IL123",
    name="duration-out-of-range",
    severity="error",
    summary="A duration is written correctly but is longer than 999,999,999 days, so nothing can be computed from it.",
    rationale=(
        "The duration grammar bounds neither the number of digits nor the total, so the schema accepts "
        "'99999999999999999999 days' or 'P' followed by thirty nines and 'D'. No incident lasts that long: it is "
        "a typo or a test of the tooling, and it is too long to compute with (Python's datetime.timedelta stops at "
        "999,999,999 days, about 2.7 million years). Without this rule the other "
        "duration rules (duration-mismatch, resolution-time-mismatch, detection-time-mismatch, "
        "rollback-exceeds-duration) could only skip such a value, and the record would pass. Every duration field "
        "is checked: duration, time_to_detection, time_to_response, time_to_escalation, time_to_resolution and "
        "rollback_duration. Write how long it really took."
    ),
    valid=[{"duration": "1h 5m", "technical_details": {"rollback_duration": "7 minutes"}}],
    invalid=[
        {"duration": "99999999999999999999 days"},
        {"technical_details": {"rollback_duration": "P" + "9" * 30 + "D"}},
    ],
)
def check(record: Mapping[str, Any], options: Options) -> Iterator[Finding]:
    for parent, key, pointer in _FIELDS:  # one or two levels deep: looked up directly, as every record pays this
        holder = record.get(parent[0]) if parent else record
        text = holder.get(key) if isinstance(holder, dict) else None
        if isinstance(text, str) and len(text) >= _SHORTEST and duration_too_long(text):
            yield Finding(
                pointer,
                f"{where(pointer)} is {show_value(text, 60)}, too long to be a real duration: more than 999,999,999 "
                "days (about 2.7 million years), the most that can be computed with; write how long it really took, "
                "like '1h 5m'",
            )
