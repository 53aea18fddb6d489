"""future-timestamp: a record describes what already happened."""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from incidentlint.api import Finding, Options, rule

from ._common import now, timestamps, where


@rule(
    code="IL120",
    name="future-timestamp",
    severity="error",
    summary="A timestamp is later than now.",
    rationale=(
        "An incident record is written after the fact, so a timestamp in the future is a typo in the year or "
        "date, or a local time written with the wrong offset; VERIS's validator rejects future years and "
        "FireFighter flags timeline issues the same way. Every timestamp field is checked: start_time, end_time, "
        "detection_time, war_room_established and each communication_log timestamp. 'Now' is the clock, or the "
        "--now option, which makes CI runs and tests reproducible."
    ),
    valid=[{"start_time": "2024-03-15T14:30:00Z", "end_time": "2024-03-15T15:35:00Z"}],
    invalid=[{"start_time": "2999-03-15T14:30:00Z"}],
)
def check(record: Mapping[str, Any], options: Options) -> Iterator[Finding]:
    current = now(options)
    for pointer, text, instant in timestamps(record, since=_days_before(current, 3)):
        if instant > current:
            yield Finding(
                pointer,
                f"{where(pointer)} {text} is later than now; a record describes what already happened: "
                "check the year, the date and the offset",
            )


@functools.lru_cache(maxsize=4)
def _days_before(moment: datetime, days: int) -> str:
    """The UTC date ``days`` before ``moment``, as ``YYYY-MM-DD``. A timestamp written on an earlier day than that
    is before ``moment`` in any offset (see :func:`timestamps`); one day would do, three leave room. Asked once per
    record, with the run's one now, so the answer is kept."""
    try:
        return (moment.astimezone(UTC) - timedelta(days=days)).date().isoformat()
    except OverflowError:  # a now within three days of year 1: look at everything
        return ""
