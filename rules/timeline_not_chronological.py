"""timeline-not-chronological: communication_log entries are listed oldest first."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

from incidentlint.api import Finding, Fix, Options, Reorder, parse_timestamp, rule

from ._common import earlier, get


@rule(
    code="IL110",
    name="timeline-not-chronological",
    severity="warning",
    summary="communication_log entries are not in time order.",
    rationale=(
        "A postmortem timeline is read top to bottom as a story, and the record's schema says communication_log "
        "is oldest first; an entry out of place (like the out-of-order row in dfds's PM2023-001) usually hides a "
        "wrong date or offset. Entries are compared as instants after converting offsets, at the precision of "
        "the coarser of the two (14:30:00Z stands for that whole second, so it is not after 14:30:00.250Z); equal "
        "times are in order. The finding points at the first entry that is earlier than one above it. The fix, "
        "unsafe because an out-of-order entry may have a wrong timestamp rather than a wrong place, moves entries "
        "into time order (stable for equal times), and is offered only when every entry has a valid timestamp."
    ),
    valid=[
        {
            "communication_log": [
                {"timestamp": "2024-03-15T14:50:00Z", "message": "Investigating"},
                {"timestamp": "2024-03-15T16:35:00+01:00", "message": "Resolved"},
            ]
        }
    ],
    invalid=[
        {
            "communication_log": [
                {"timestamp": "2024-03-15T15:35:00Z", "message": "Resolved"},
                {"timestamp": "2024-03-15T14:50:00Z", "message": "Investigating"},
            ]
        }
    ],
    fixable=True,
)
def check(record: Mapping[str, Any], options: Options) -> Iterator[Finding]:
    log = record.get("communication_log")
    if not isinstance(log, list):
        return
    texts = [get(entry, "timestamp") for entry in log]
    instants = [parse_timestamp(text) for text in texts]
    latest: tuple[int, datetime] | None = None  # the latest entry seen so far, as (index, instant)
    for index, instant in enumerate(instants):
        if instant is None:
            continue
        if latest is not None and earlier(instant, texts[index], latest[1], texts[latest[0]]):
            yield Finding(
                f"/communication_log/{index}/timestamp",
                f"communication_log is not in time order: this entry at {log[index]['timestamp']} comes after one "
                f"at {log[latest[0]]['timestamp']}; list entries oldest first, or correct this timestamp",
                fix=_fix(instants),
            )
            return
        latest = (index, instant)


def _fix(instants: list[datetime | None]) -> Fix | None:
    known = [instant for instant in instants if instant is not None]
    if len(known) != len(instants):
        return None  # an entry without a valid time has no place to go
    order = tuple(sorted(range(len(known)), key=known.__getitem__))  # sorted() is stable: equal times keep order
    return Fix(ops=(Reorder("/communication_log", order),), safe=False, description="sort communication_log by time")
