"""timeline-outside-window: updates and the war room belong inside the incident."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

from incidentlint.api import Finding, Options, human, parse_timestamp, rule

from ._common import earlier, get, usual_timestamp
from ._window import before_start, in_future, window


@rule(
    code="IL109",
    name="timeline-outside-window",
    severity="warning",
    summary=(
        "A communication_log timestamp or war_room_established is before start_time, "
        "or war_room_established is after end_time."
    ),
    rationale=(
        "Nobody sends an update about, or opens a war room for, an incident that has not started; a timeline entry "
        "before start_time means either the entry's timestamp or start_time is wrong (real postmortems, such as "
        "dfds's, show timelines that drift outside the window they describe). A war room opened after impact ended "
        "is likewise a wrong date or offset, unless the incident was detected after it ended too (detection_time "
        "after end_time, as with silent data corruption): then responders convene after the end, and "
        "response-before-detection checks that the war room is not before the detection. Updates after end_time are "
        "fine: the all-clear is often sent after recovery. Instants are compared after converting offsets, at the "
        "precision of the coarser of the two: tools cut a timestamp off, so '14:30:00Z' stands for that whole second "
        "and is not before '14:30:00.250Z'. When end_time is before start_time this rule says nothing: "
        "end-before-start reports it, and either bound may be the wrong one. A start_time, end_time or "
        "war_room_established later than now is left to future-timestamp, and the others are judged against the "
        "bound that remains."
    ),
    valid=[
        {
            "start_time": "2024-03-15T14:30:00Z",
            "end_time": "2024-03-15T15:35:00Z",
            "response_details": {"war_room_established": "2024-03-15T14:45:00Z"},
            "communication_log": [{"timestamp": "2024-03-15T15:40:00Z", "message": "Resolved"}],
        }
    ],
    invalid=[
        {
            "start_time": "2024-03-15T14:30:00Z",
            "communication_log": [{"timestamp": "2024-03-15T14:00:00Z", "message": "Investigating"}],
        },
        {
            "start_time": "2024-03-15T14:30:00Z",
            "end_time": "2024-03-15T15:35:00Z",
            "response_details": {"war_room_established": "2024-03-15T16:00:00Z"},
        },
    ],
)
def check(record: Mapping[str, Any], options: Options) -> Iterator[Finding]:
    if _inside_as_written(record):
        return  # the common case, settled without parsing a timestamp
    bounds = window(record, options)
    if bounds.inverted:
        return  # end-before-start reports it, and either bound may be the wrong one
    start, end = bounds.start, bounds.end
    room_text = get(record, "response_details", "war_room_established")
    room = parse_timestamp(room_text)
    if room is not None and start is not None and room < start and earlier(room, room_text, start, bounds.start_text):
        yield Finding(
            "/response_details/war_room_established",
            f"war_room_established {room_text} is {human(start - room)} before start_time {bounds.start_text}; "
            "correct war_room_established, or move start_time back to when impact began",
        )
    elif (
        room is not None
        and end is not None
        and end < room
        and earlier(end, bounds.end_text, room, room_text)
        and not in_future(room, options)  # future-timestamp reports it; only a late room can be in the future
        and not _detected_after(record, end)  # noticed after impact ended: the war room can only follow
    ):
        yield Finding(
            "/response_details/war_room_established",
            f"war_room_established {room_text} is {human(room - end)} after end_time {bounds.end_text}; "
            "a war room is opened during the incident: correct war_room_established or end_time",
        )
    log = record.get("communication_log")
    if start is None or not isinstance(log, list):
        return
    for index, entry in enumerate(log):
        written = get(entry, "timestamp")
        sent = parse_timestamp(written)
        # The comparison first: earlier() only matters for an entry before start_time, which few are.
        if sent is not None and before_start(sent, written, start, bounds.start_text):
            yield Finding(
                f"/communication_log/{index}/timestamp",
                f"this communication_log entry at {written} is {human(start - sent)} before start_time "
                f"{bounds.start_text}; correct its timestamp, or move start_time back to when impact began",
            )


def _inside_as_written(record: Mapping[str, Any]) -> bool:
    """True when every time this rule checks is written the usual way (see usual_timestamp) and, compared as text,
    inside the window: the war room between start_time and end_time (or absent), each communication_log entry at
    or after start_time (or without a timestamp). Such texts sort as their instants do, so there is nothing to
    report; any other text is left to the exact comparison."""
    start = record.get("start_time")
    if not usual_timestamp(start):
        return False
    room = get(record, "response_details", "war_room_established")
    if room is not None:
        end = record.get("end_time")
        if not (usual_timestamp(room) and room >= start and (end is None or (usual_timestamp(end) and room <= end))):
            return False
    log = record.get("communication_log")
    if isinstance(log, list):
        for entry in log:
            sent = entry.get("timestamp") if isinstance(entry, dict) else None
            if sent is not None and not (usual_timestamp(sent) and sent >= start):
                return False
    return True


def _detected_after(record: Mapping[str, Any], end: datetime) -> bool:
    """True when detection_time is after ``end``: the incident was noticed only once its impact was over."""
    detected = parse_timestamp(get(record, "detection_details", "detection_time"))
    return detected is not None and detected > end
