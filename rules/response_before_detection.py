"""response-before-detection: nobody responds to an incident before it is detected."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

from incidentlint.api import Finding, Options, human, parse_timestamp, rule

from ._common import duration_at, earlier, get, usual_timestamp
from ._window import before_start, in_future, window


@rule(
    code="IL124",
    name="response-before-detection",
    severity="warning",
    summary=(
        "The war room was opened, or a communication_log update was sent, before detection_details.detection_time."
    ),
    rationale=(
        "The incident lifecycle runs start, detection, response, resolution (FireFighter's expected steps, "
        "Rootly's metrics, the STIX time order): nobody opens a war room or posts an update about an incident "
        "nobody has noticed yet. When the record says otherwise, detection_time is usually the time the formal "
        "alert fired or the ticket was filed, after a person had already noticed, and time to detection is "
        "overstated. The finding is one, on detection_time, however many responses come before it: one late "
        "detection_time makes every early response look wrong. It names the earliest response and counts the "
        "others. Times are compared after converting offsets, at the precision of the coarser of the two texts. "
        "One mistake gives one finding: nothing is said when detection_time is before start_time "
        "(detection-outside-window), later than now (future-timestamp), or when end_time is before start_time "
        "(end-before-start); a response before start_time is timeline-outside-window's; and when "
        "time_to_detection puts detection at or before the first response, detection_time disagrees with it and "
        "detection-time-mismatch reports that."
    ),
    valid=[
        {
            "start_time": "2024-03-15T14:30:00Z",
            "detection_details": {"detection_time": "2024-03-15T14:32:00Z"},
            "response_details": {"war_room_established": "2024-03-15T14:45:00Z"},
            "communication_log": [{"timestamp": "2024-03-15T14:50:00Z", "message": "Investigating"}],
        },
        {
            "start_time": "2024-03-15T14:30:00Z",
            "detection_details": {"detection_time": "2024-03-15T14:32:00.500Z"},
            "response_details": {"war_room_established": "2024-03-15T14:32:00Z"},
        },
    ],
    invalid=[
        {
            "start_time": "2024-03-15T14:30:00Z",
            "detection_details": {"detection_time": "2024-03-15T14:50:00Z"},
            "response_details": {"war_room_established": "2024-03-15T14:45:00Z"},
        },
        {
            "start_time": "2024-03-15T14:30:00Z",
            "detection_details": {"detection_time": "2024-03-15T15:00:00Z"},
            "communication_log": [
                {"timestamp": "2024-03-15T14:40:00Z", "message": "Investigating"},
                {"timestamp": "2024-03-15T14:55:00Z", "message": "Identified"},
            ],
        },
    ],
)
def check(record: Mapping[str, Any], options: Options) -> Iterator[Finding]:
    written = get(record, "detection_details", "detection_time")
    detected = parse_timestamp(written)
    if detected is None:
        return
    if not _any_before(record, written, detected):
        return  # the common case: every response after detection, decided before the window is asked for
    early = [(at, text, what) for at, text, what in _responses(record) if at < detected]
    bounds = window(record, options)
    start = bounds.start
    if bounds.inverted or in_future(detected, options) or start is None:
        return  # end-before-start or future-timestamp reports it
    # A response before start_time is timeline-outside-window's. So is every response before a detection that is
    # itself before start_time (detection-outside-window's): this leaves none.
    early = [
        (at, text, what)
        for at, text, what in early
        if earlier(at, text, detected, written) and not before_start(at, text, start, bounds.start_text)
    ]
    if not early:
        return
    stated = duration_at(record, "detection_details", "time_to_detection")
    first, first_text, first_what = min(early, key=lambda item: item[0])
    if stated is not None and start + stated <= first:
        return  # time_to_detection agrees with the responses: detection-time-mismatch reports detection_time
    others = len(early) - 1
    more = f", and after {others} other {'response' if others == 1 else 'responses'}" if others else ""
    yield Finding(
        "/detection_details/detection_time",
        f"detection_time {written} is {human(detected - first)} after {first_what} ({first_text}){more}; an "
        "incident is detected before anyone responds to it: set detection_time to when it was first noticed, or "
        "correct the response times",
    )


def _any_before(record: Mapping[str, Any], written: str, detected: datetime) -> bool:
    """Whether the war room or any communication_log entry may be dated before ``detected`` (``written``): the
    question a clean record asks, without :func:`_responses`' bookkeeping. True sends the record to the exact
    comparison, so a text that only looks earlier costs time, never a wrong finding."""
    # Two texts in the usual form, 2024-03-15T14:30:00Z, sort as their instants do: most records are compared
    # without parsing a timestamp (each parse, even from the cache, cost more than the rest of the rule).
    usual = usual_timestamp(written)
    texts = [get(record, "response_details", "war_room_established")]
    log = record.get("communication_log")
    if isinstance(log, list):
        texts.extend(entry.get("timestamp") for entry in log if isinstance(entry, dict))
    for text in texts:
        if usual and usual_timestamp(text):
            if text < written:
                return True
            continue
        at = parse_timestamp(text)
        if at is not None and at < detected:
            return True
    return False


def _responses(record: Mapping[str, Any]) -> Iterator[tuple[datetime, str, str]]:
    """The war room and every communication_log update, as (instant, text as written, what it was)."""
    room = get(record, "response_details", "war_room_established")
    opened = parse_timestamp(room)
    if opened is not None:
        yield opened, room, "the war room was opened"
    log = record.get("communication_log")
    if isinstance(log, list):
        for index, entry in enumerate(log):
            sent_text = entry.get("timestamp") if isinstance(entry, dict) else None
            sent = parse_timestamp(sent_text)
            if sent is not None:
                yield sent, str(sent_text), f"communication_log[{index}] was sent"
