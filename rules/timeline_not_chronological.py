"""timeline-not-chronological: communication_log entries are listed oldest first."""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from incidentlint.api import Finding, Fix, Options, Reorder, parse_timestamp, rule

from ._common import _fraction_digits, earlier, get, in_order_as_written
from ._window import Window, before_start, window

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


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
        "times are in order. The finding points at the entry out of place: the first one outside the longest run "
        "of entries already in time order, so one entry with a wrong date is reported whether it is later than "
        "the entries after it or earlier than those before it. Of two runs equally long, the one spanning less time "
        "is trusted, then the one nearer the incident (start_time to end_time), then the one that keeps the "
        "entries above. An entry before start_time is left to timeline-outside-window, which says how far out it "
        "is: a date typo there gets one finding, not two, and the other entries are still checked for order. The "
        "fix, unsafe because an out-of-order entry may have a wrong timestamp rather than a wrong place, moves "
        "entries into time order (stable for equal times), and is offered only when every entry has a valid "
        "timestamp, none of them before start_time."
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
    if in_order_as_written(texts):
        return  # the common case, settled without parsing a timestamp
    instants = [parse_timestamp(text) for text in texts]
    disorder = _first_disorder(texts, instants)
    if disorder is None:
        return
    # Out of order: only now is the work of finding the entry that is out of place worth doing. An entry before
    # start_time is timeline-outside-window's finding, which says how far out it is; a date typo there should not
    # also be called out of order, so those entries are judged as if they had no time (and block the fix: sorting
    # would move a wrong date to the top).
    bounds = window(record, options)
    if bounds.start is not None and not bounds.inverted:
        start, start_text = bounds.start, bounds.start_text
        kept = [
            None if instant is not None and before_start(instant, text, start, start_text) else instant
            for text, instant in zip(texts, instants, strict=True)
        ]
        if kept != instants:
            instants = kept
            disorder = _first_disorder(texts, instants)
            if disorder is None:
                return
    yield _out_of_place(bounds, texts, instants, *disorder)


def _first_disorder(texts: list[Any], instants: list[datetime | None]) -> tuple[int, int] | None:
    """The first entry earlier than the timed entry before it, and that entry, as indexes; None when in order."""
    previous: tuple[int, datetime] | None = None  # the entry before this one that has a time, as (index, instant)
    for index, instant in enumerate(instants):
        if instant is None:
            continue
        if previous is not None and earlier(instant, texts[index], previous[1], texts[previous[0]]):
            return index, previous[0]
        previous = (index, instant)
    return None


def _out_of_place(
    bounds: Window,
    texts: list[Any],
    instants: list[datetime | None],
    index: int,
    before: int,
) -> Finding:
    """The finding for the first entry outside the longest run of entries already in time order.

    ``index`` is the first entry that is earlier than the one before it (``before``); that is the entry out of
    place when it has the wrong time, but when ``before`` is a day late, ``index`` is right and ``before`` is not.
    """
    known = [position for position, instant in enumerate(instants) if instant is not None]
    # Keys in microseconds, cut to the fewest digits of a second any entry gives: a total order, which the
    # longest-run search needs, and one where a strictly lower key is earlier() at any pair's precision.
    unit = 10 ** (6 - min(6, *(_fraction_digits(texts[position]) for position in known)))
    keys = [(cast(datetime, instants[position]) - _EPOCH) // _MICROSECOND for position in known]
    keys = [key - key % unit for key in keys]
    start, end = (None if bound is None else (bound - _EPOCH) // _MICROSECOND for bound in (bounds.start, bounds.end))
    kept = _longest_run(keys, start, end)
    outside = next((n for n, position in enumerate(kept) if n != position), len(kept))
    if outside == len(known):
        # Every entry fits the run at the coarsest precision: the disorder is finer than that, between the two
        # entries the first pass found.
        return _finding(texts, instants, index, f"comes after one at {texts[before]}")
    here = known[outside]
    if outside and keys[outside] < keys[outside - 1]:  # every entry before the first one outside is in the run
        return _finding(texts, instants, here, f"comes after one at {texts[known[outside - 1]]}")
    # Else it is later than the next entry of the run (or the run would be longer): name the first one after it
    # that is earlier than it.
    later = next(
        (
            position
            for position in known[outside + 1 :]
            if earlier(cast(datetime, instants[position]), texts[position], cast(datetime, instants[here]), texts[here])
        ),
        None,
    )
    if later is None:  # not reached; kept so that a mistake in the reasoning above reports, not crashes
        return _finding(texts, instants, index, f"comes after one at {texts[before]}")
    return _finding(texts, instants, here, f"is later than the entries after it (next: {texts[later]})")


def _finding(texts: list[Any], instants: list[datetime | None], index: int, why: str) -> Finding:
    return Finding(
        f"/communication_log/{index}/timestamp",
        f"communication_log is not in time order: this entry at {texts[index]} {why}; list entries oldest first, "
        "or correct this timestamp",
        fix=_fix(instants),
    )


def _longest_run(keys: list[int], start: int | None, end: int | None) -> list[int]:
    """Positions of a longest non-decreasing subsequence of ``keys``, in O(n log n).

    One mistake can leave more than one such run: in 14:50, 14:00 on the day before, 15:35, either the first
    or the second entry is out of place. The run that ends lowest (patience sorting) drops entries that are too
    late, the run that starts highest drops entries that are too early. The one spanning less time is kept,
    since a wrong date is far from its neighbours; of two spanning the same (two single entries, say), the one
    nearer the incident's window (``start`` to ``end``, as keys; either may be None), since a wrong date is far
    from the incident too. Then the run that starts highest: it drops the entry that is earlier than the one
    before it, as a reader going down the log would.
    """
    low = _lowest_ending_run(keys)
    high = [len(keys) - 1 - position for position in reversed(_lowest_ending_run([-key for key in reversed(keys)]))]

    def doubt(run: list[int]) -> tuple[int, int]:
        first, last = keys[run[0]], keys[run[-1]]
        outside = (0 if start is None else max(0, start - first)) + (0 if end is None else max(0, last - end))
        return last - first, outside

    return low if doubt(low) < doubt(high) else high


def _lowest_ending_run(keys: list[int]) -> list[int]:
    tails: list[int] = []  # tails[k]: the lowest last key of a run of length k + 1 found so far
    ends: list[int] = []  # ... and its position
    link = [-1] * len(keys)  # the position before each one in its run
    for position, key in enumerate(keys):
        length = bisect.bisect_right(tails, key)  # right: an equal key extends a run (ties are in order)
        if length:
            link[position] = ends[length - 1]
        if length == len(tails):
            tails.append(key)
            ends.append(position)
        else:
            tails[length] = key
            ends[length] = position
    run: list[int] = []
    position = ends[-1]
    while position >= 0:
        run.append(position)
        position = link[position]
    return run[::-1]


def _fix(instants: list[datetime | None]) -> Fix | None:
    known = [instant for instant in instants if instant is not None]
    if len(known) != len(instants):
        return None  # an entry without a valid time has no place to go
    order = tuple(sorted(range(len(known)), key=known.__getitem__))  # sorted() is stable: equal times keep order
    return Fix(ops=(Reorder("/communication_log", order),), safe=False, description="sort communication_log by time")
