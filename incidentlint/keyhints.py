"""Which known field an unknown key was probably meant to be, for the schema's "did you mean" advice."""

from __future__ import annotations

import re

#: A key longer than this is offered nothing: no field name is, and the comparisons below are quadratic.
_LONGEST = 100
#: The words of a key: "startTime", "start_time", "Start-Time" and "start time" are start and time.
_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+")


def meant_keys(key: str, known: list[str]) -> list[str]:
    """The known keys ``key`` most likely stands for, best first, at most two; empty when none is close enough.

    A suggestion that names an unrelated field ('tags' for status, 'timeline' for title) sends the author to the
    wrong place, so a known key is offered only when ``key`` is a typo of it (a few letters added, left out,
    changed or swapped), is its start ('rol', 'desc'), names some of its words ('commander', 'startTime',
    'impact' for customer_impact and business_impact), or spells them short: a common shortening of a word
    ('msg', 'alert_src') or the initials of all of them ('IC', 'ttd'). Otherwise the caller's other advice
    stands."""
    if not key or len(key) > _LONGEST:
        return []
    folded = key.casefold()
    allowed = _allowed(len(folded))
    distances = {name: _distance(folded, name.casefold(), allowed) for name in known}
    typos = [name for name in known if distances[name] <= allowed]
    if typos:
        return sorted(typos, key=distances.__getitem__)[:2]
    if len(folded) >= 3:
        starts = [name for name in known if name.casefold().startswith(folded)]
        if starts:
            return starts[:2]
    words = {word.casefold() for word in _WORD.findall(key)}
    if not words:
        return []
    named = [name for name in known if words <= {word.casefold() for word in _WORD.findall(name)}]
    if named:
        return named[:2]
    spelt = {_SHORTENED.get(word, word) for word in words}
    if spelt != words:  # 'msg', 'alert_src', 'incident_cmdr'
        return [name for name in known if spelt <= {word.casefold() for word in _WORD.findall(name)}][:2]
    return [name for name in known if _initials(name) == folded][:2] if len(folded) >= 2 else []


#: Words people shorten in keys, written out. A table rather than a guess from the letters: 'src' could as well be
#: 'services' as 'source' by its letters, and naming the wrong field sends the author to the wrong place.
_SHORTENED = {
    "msg": "message",
    "ts": "timestamp",
    "desc": "description",
    "sev": "severity",
    "cmdr": "commander",
    "src": "source",
    "svc": "services",
    "svcs": "services",
    "resp": "response",
    "tech": "technical",
    "comm": "communication",
    "comms": "communication",
    "exec": "executives",
    "execs": "executives",
}


def _initials(name: str) -> str:
    """The initials of a name of several words ('ic' for incident_commander, 'ttd' for time_to_detection), or ''
    for a name of one word, whose initial would name it from any single letter."""
    words = _WORD.findall(name)
    return "".join(word[0].casefold() for word in words) if len(words) > 1 else ""


def _allowed(length: int) -> int:
    """Edits that still make a typo: one in a short key, two from six letters, three from twelve."""
    return 1 if length < 6 else 2 if length < 12 else 3


def _distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours, each 1
    ('stauts' is one edit from 'status', where difflib's ratio calls them 0.67 alike), or ``limit + 1`` once it
    is sure to be more than ``limit``: only a typo's distance is wanted, and a record's unknown key is compared
    with every field name."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1  # that many letters must be added or left out: no need to fill the table
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char in enumerate(a, 1):
        current = [i] + [0] * len(b)
        left = i
        for j, other in enumerate(b, 1):
            # min() of three, written out: this loop is the whole cost of a record's unknown key
            cell = previous[j - 1] + (char != other)
            if previous[j] + 1 < cell:
                cell = previous[j] + 1
            if left + 1 < cell:
                cell = left + 1
            if i > 1 and j > 1 and char == b[j - 2] and a[i - 2] == other and before[j - 2] + 1 < cell:
                cell = before[j - 2] + 1
            current[j] = left = cell
        # No cell is less than the smallest of the row above (a swap costs at least the diagonal before it), so
        # once a whole row is over the limit, the distance is.
        if min(current) > limit:
            return limit + 1
        before, previous = previous, current
    return min(previous[len(b)], limit + 1)
