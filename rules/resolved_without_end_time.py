"""resolved-without-end-time: a resolved or closed incident must say when it ended."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from incidentlint.api import Finding, Options, rule

from ._common import TERMINAL_STATUSES


@rule(
    code="IL104",
    name="resolved-without-end-time",
    severity="error",
    summary="status is resolved or closed but there is no end_time.",
    rationale=(
        "Once an incident is over, its end is the anchor for its duration, time to resolution and every "
        "availability figure. Statuspage sets resolved_at exactly when an incident is resolved, and FireFighter "
        "reports a required step with no time. An end_time that is absent or null counts as missing; a null one "
        "(in YAML, also an empty `end_time:`) is reported where it is written, instead of the schema's 'must be a "
        "string', so one mistake gives one finding. A malformed end_time is the schema's finding. The fix is to "
        "add when impact ended, or to change status if the incident is still open."
    ),
    valid=[
        {"status": "resolved", "end_time": "2024-03-15T15:35:00Z"},
        {"status": "investigating"},
    ],
    invalid=[{"status": "closed"}, {"status": "resolved", "end_time": None}],
)
def check(record: Mapping[str, Any], options: Options) -> Iterator[Finding]:
    status = record.get("status")
    if status not in TERMINAL_STATUSES or record.get("end_time") is not None:
        return
    if "end_time" in record:  # written, but null: point at what the author wrote
        yield Finding(
            "/end_time",
            f"end_time is empty (null) but status is '{status}'; set end_time to when impact ended, "
            "or set status to an open state such as 'monitoring' if the incident is not over",
        )
        return
    yield Finding(
        "/status",
        f"status is '{status}' but there is no end_time; add end_time (when impact ended), "
        "or set status to an open state such as 'monitoring' if the incident is not over",
    )
