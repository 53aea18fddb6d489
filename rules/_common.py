"""Helpers shared by the built-in rules: type-tolerant getters, responder names, tolerance, paths for messages.

Rules run on records that may have failed the schema, so every getter here answers ``None`` for a value that is
absent or of the wrong type instead of raising; the schema reports wrong types, the rules stay silent.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from incidentlint.api import (
    Finding,
    Fix,
    Replace,
    format_like,
    human,
    parse_duration,
    parse_timestamp,
    show_value,
)
from incidentlint.lazyre import lazy
from incidentlint.pointer import readable

#: A pointer as an author reads it (the rules' messages name fields this way).
where = readable

TERMINAL_STATUSES = ("resolved", "closed")
DEFAULT_TOLERANCE = 60
#: The largest tolerance, a year in seconds: any more would compare nothing, and a huge number (1e20) would
#: overflow timedelta, so the configuration refuses it before a run starts.
MAX_TOLERANCE = 365 * 86400

#: The options schema of every rule that compares two spans of time.
TOLERANCE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "tolerance": {
            "type": "number",
            "minimum": 0,
            "maximum": MAX_TOLERANCE,
            "description": "Seconds by which the two sides may differ and still match (default 60, at most a year).",
        }
    },
}

#: Every timestamp field of a record, as paths; communication_log entries are handled by :func:`timestamps`.
TIMESTAMP_FIELDS: tuple[tuple[str, ...], ...] = (
    ("start_time",),
    ("end_time",),
    ("detection_details", "detection_time"),
    ("response_details", "war_room_established"),
)


def pointer_of(path: Iterable[str | int]) -> str:
    """The JSON Pointer (RFC 6901) for a path of keys and indexes."""
    return "".join("/" + str(token).replace("~", "~0").replace("/", "~1") for token in path)


def get(data: object, *path: str | int) -> Any:
    """The value at ``path`` inside nested objects and arrays, or None when any step is absent or the wrong type."""
    current: Any = data
    for step in path:  # the container is tested first: nearly every step is a key into an object
        if isinstance(current, dict):
            if not isinstance(step, str):
                return None
            current = current.get(step)
        elif isinstance(current, list) and isinstance(step, int) and 0 <= step < len(current):
            current = current[step]
        else:
            return None
    return current


def text_at(data: object, *path: str | int) -> str | None:
    value = get(data, *path)
    return value if isinstance(value, str) else None


def timestamp_at(data: object, *path: str | int) -> datetime | None:
    return parse_timestamp(get(data, *path))


def in_utc(instant: datetime) -> datetime | None:
    """``instant`` in UTC, or None when that falls outside the years 1-9999 (0001-01-01T00:00:00+01:00)."""
    try:
        return instant.astimezone(UTC)
    except OverflowError:
        return None


def duration_at(data: object, *path: str | int) -> timedelta | None:
    return parse_duration(get(data, *path))


def now(options: Mapping[str, Any]) -> datetime:
    """The run's notion of now: ``--now`` when given, else the clock."""
    value = getattr(options, "now", None)
    return value if isinstance(value, datetime) and value.tzinfo is not None else datetime.now(UTC)


def tolerance(options: Mapping[str, Any]) -> timedelta:
    """The ``tolerance`` option as a timedelta. The configuration refuses a bad one; options given through the API
    are not checked, so a wrong type or NaN counts as the default and a huge number as :data:`MAX_TOLERANCE`,
    never a crash."""
    value = options.get("tolerance", DEFAULT_TOLERANCE)
    if isinstance(value, bool) or not isinstance(value, int | float) or not value >= 0:
        value = DEFAULT_TOLERANCE
    return timedelta(seconds=min(value, MAX_TOLERANCE))


def strings_option(options: Mapping[str, Any], key: str, default: tuple[str, ...]) -> tuple[str, ...]:
    """The option's non-blank strings. Asked once per record with the same few lists, so the answer is cached."""
    value = options.get(key, default)
    if not isinstance(value, list | tuple):
        return default
    try:
        return _strings(tuple(value))
    except TypeError:  # an unhashable item, such as a list: the config schema refuses it, the API may not
        return tuple(item for item in value if isinstance(item, str) and item.strip())


@functools.lru_cache(maxsize=64)
def _strings(values: tuple[Any, ...]) -> tuple[str, ...]:
    return tuple(item for item in values if isinstance(item, str) and item.strip())


#: The non-ASCII characters a case-insensitive pattern takes for an ASCII letter (dotted and dotless I, long s,
#: Kelvin sign); ``str.lower`` does not turn them into that letter. A test finds them among all characters.
ASCII_LOOKALIKES = "\u0130\u0131\u017f\u212a"


def lower_exactly(text: str) -> str | None:
    """``text.lower()`` when an ASCII word that a case-insensitive pattern finds in ``text`` is sure to be in it,
    lower-cased: always for ASCII text, and for other text without :data:`ASCII_LOOKALIKES`. Else None."""
    if text.isascii() or not any(char in text for char in ASCII_LOOKALIKES):
        return text.lower()
    return None


def is_blank(value: object) -> bool:
    """Absent, null, or a string of only whitespace: the field says nothing."""
    return value is None or (isinstance(value, str) and not value.strip())


#: What separates the name from the role in ``"Name - Role"``: a run of dashes with whitespace on each side. The
#: dashes are the hyphen-minus, U+2010-U+2015 (hyphen to horizontal bar, with the en and em dash) and the minus
#: sign: word processors turn a typed " - " into " \u2013 " or " \u2014 ", people type " -- " for a dash, and
#: the line still reads the same. A hyphen inside a name ("Chen-Lee") has no space beside it.
ROLE_SEPARATOR = lazy(r"\s[-\u2010-\u2015\u2212]+\s")


#: How the responder rules read and compare names, for their rationales.
HOW_NAMES_ARE_READ = (
    "A responder's name is the part of 'Name - Role' before the first run of dashes with a space either side "
    "(' - ', ' -- ', ' \u2013 ', ' \u2014 ': word processors turn a typed hyphen into a dash), without a bracketed "
    "ending after a space ('Name (Role)'), or the name of a responder object. Full-width brackets, as Chinese "
    "and Japanese text writes them, and any bracket right after a Chinese, Japanese or Korean character need no "
    "space, as that text sets none before a bracket: '\u5c71\u7530\u592a\u90ce\uff08IC\uff09', "
    "'\u5c71\u7530\u592a\u90ce(IC)' and '\u5c71\u7530\u592a\u90ce \uff08\u30a4\u30f3\u30b7\u30c7\u30f3\u30c8"
    "\u30b3\u30de\u30f3\u30c0\u30fc\uff09' all name \u5c71\u7530\u592a\u90ce, while 'Ann(IC)' stays one name. "
    "An email address in angle brackets after the name, in an entry or an object's name, is not part of it: "
    "'Ann Lee <ann@example.com> - SRE' names Ann Lee. A comma never separates a name from a role, as 'Smith, "
    "Jr.' is a name. Names are compared as Unicode compatibility caseless matches (case "
    "folded, NFKC-normalised: an accent stored as a separate mark, as in text pasted from macOS, full-width "
    "letters and ligatures make no difference, while 'Zoe' and 'Zo\u00eb' stay different), with typographic "
    "apostrophes (\u2019 \u2018 \u02bc) read as ', surrounding whitespace trimmed and inner runs of whitespace "
    "counted as one space."
)


def responder_name(item: object) -> str | None:
    """The person's name in a responder entry (or in any text that may also give a role), trimmed: the ``name`` of
    an object, or the part of a string that is not a role, either without an email address that ends it. None for
    anything else or an empty name.

    The role is a bracketed part at the end after a space (``"Name (Role)"``, ``"Name (IC - acting)"``) or after
    a Chinese, Japanese or Korean character, or in full-width brackets (``"\u5c71\u7530\u592a\u90ce\uff08IC\uff09"``),
    or what follows the first :data:`ROLE_SEPARATOR` (``"Name - Role"``, ``"Name -- Role"``, ``"Name \u2013
    Role"``), cut in that order; a bracketed part left at the end is cut again (``"Name (IC) - Payments"``). A
    comma never separates a name from a role: ``"Smith, Jr."`` is a name.
    """
    if isinstance(item, str):
        name = item.partition(" - ")[0]
        # The regular expression and the brackets would double the cost of the responder rules, and most entries
        # are "Name - Role" in ASCII. In printable ASCII the only whitespace is the space, so no separator can
        # start before the first " - " unless " -" occurs before it; without a ")" there is no bracketed role,
        # and without a ">" no address.
        if name.isascii() and name.isprintable() and " -" not in name and ")" not in item and ">" not in name:
            return name.strip() or None
        return without_address(_name_without_role(item))
    if isinstance(item, dict) and isinstance(item.get("name"), str):
        return without_address(item["name"].strip()) or None  # "Ann Lee <ann@example.com>", as a directory exports it
    return None


#: An email address in angle brackets ending a name, as mail headers and git write one: "Ann Lee <ann@example.com>".
_ADDRESS = lazy(r"\s+<[^<>\s]+@[^<>\s]+>\Z")
#: An email address in angle brackets anywhere in a name, group 1 the address: "Ann Lee <ann@example.com>".
ENTRY_ADDRESS = lazy(r"<([^<>\s@]+@[^<>\s@]+)>")


def without_address(name: str | None) -> str | None:
    """``name`` without an email address in angle brackets at its end; unchanged when that is all it holds."""
    if name is None or not name.endswith(">"):
        return name
    return _ADDRESS.sub("", name) or name


#: The brackets a role can end a name with: each closing bracket, its opening one, and whether something must set
#: the opening one off from the name (see :func:`_sets_off`). ASCII brackets need it ("Ann(IC)" is not a name and
#: a role), full-width ones do not: Japanese and Chinese text sets no space before them.
_ROLE_BRACKETS = {")": ("(", True), "\uff09": ("\uff08", False)}
_CLOSING = tuple(_ROLE_BRACKETS)


def _name_without_role(text: str) -> str | None:
    trimmed = text.rstrip()
    if trimmed.endswith(_CLOSING):
        text = _before_bracketed_end(trimmed)
    name = ROLE_SEPARATOR.split(text, 1)[0].strip()
    if name.endswith(_CLOSING):
        name = _before_bracketed_end(name)
    return name or None


def _before_bracketed_end(text: str) -> str:
    """``text`` (trimmed, ending with a bracket of :data:`_ROLE_BRACKETS`) without the bracketed part that ends
    it, when that part follows a name (and a space, for ASCII brackets); else ``text`` unchanged. The part starts
    at the bracket that the last one closes, so a bracket inside the role (``"Ann (IC (acting))"``) does not cut
    the role in two; brackets of the other kind inside it are text."""
    close = text[-1]
    open_, spaced = _ROLE_BRACKETS[close]
    opening = text.rfind(open_)
    if text.find(close, opening + 1) != len(text) - 1:  # two closing after the last opening: count the depth
        depth = 0
        for opening in range(len(text) - 1, -1, -1):
            depth += (text[opening] == close) - (text[opening] == open_)
            if depth == 0:
                break
        else:
            return text  # unbalanced: no part to cut off
    if opening < 1 or (spaced and not _sets_off(text[opening - 1])):
        return text  # "(IC)" alone or "Ann(IC)": not a name followed by a role
    return text[:opening].rstrip()


def _sets_off(before: str) -> bool:
    """Whether an ASCII bracket after ``before`` can open a role: after a space, or after a wide character (East
    Asian Width W or F: Chinese, Japanese and Korean), as that text sets no space before any bracket."""
    return before.isspace() or unicodedata.east_asian_width(before) in ("W", "F")


#: Characters that stand for the same mark in a name: the apostrophes keyboards and word processors write for a
#: typed ' (right and left single quotation marks, modifier letter apostrophe: "O\u2019Connor", "\u2018t Hooft")
#: and the hyphens written for a typed - (U+2010 hyphen; NFKC turns the non-breaking hyphen U+2011 into it).
_SAME_MARK = (("\u2019", "'"), ("\u2018", "'"), ("\u02bc", "'"), ("\u2010", "-"))


def name_key(name: str) -> str:
    """How names are compared: trimmed, inner runs of whitespace counted as one space, and as a Unicode
    compatibility caseless match (D145: case folding with NFKD/NFKC normalisation), with :data:`_SAME_MARK`.

    Canonical normalisation alone (NFC) makes "Zo\u00eb" and "Zoe\u0308" (decomposed, as text pasted from macOS
    often is) one name. Compatibility normalisation also makes full-width "\uff2d\uff49\uff4b\uff45" and
    "Mike", half-width and full-width katakana, and ligatures such as "\ufb01" and "fi" one name: forms of the
    same letters that a keyboard or an old system chose, never a different person. Python compares identifiers
    the same way, and Unicode recommends it for identifiers (UAX #31).
    """
    if name.isascii():  # the common case: normalisation and the marks change nothing, and casefold is lower
        return " ".join(name.split()).lower()
    # Three normalisations take 2 us; the same people recur from record to record, so keys of name-sized texts
    # are kept (a long one could be a pasted page, and would only fill the cache).
    return _unicode_key(name) if len(name) <= 200 else _unicode_key.__wrapped__(name)


@functools.lru_cache(maxsize=4096)
def _unicode_key(name: str) -> str:
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFD", name).casefold()).casefold()
    folded = unicodedata.normalize("NFKC", folded)
    for mark, same in _SAME_MARK:  # str.replace, as str.translate looks up every character of a long text
        folded = folded.replace(mark, same)
    return " ".join(folded.split())


#: A path as a linked list: (parent, token).
_Node = tuple[Any, str | int]


def walk_strings_lazily(
    value: object, pointer: str = "", skip_extensions: bool = True
) -> Iterator[tuple[Callable[[], str], str]]:
    """Every string value under ``value`` as (pointer function, string), depth first in document order.

    The pointer is built only when the function is called: a rule that looks at every string and finds nothing
    in most (placeholder-text) then never pays for the pointers.

    Iterative, so a deeply nested record cannot exhaust the stack. Keys are never yielded. With
    ``skip_extensions``, values under ``x-`` keys (local extensions, never validated) are skipped.
    """
    # Each stack entry carries its parent's entry and its own token; the pointer is rebuilt only for a hit, so
    # a deep chain does not copy ever-longer pointer strings.
    stack: list[tuple[object, _Node | None]] = [(value, None)]
    while stack:
        current, node = stack.pop()
        if isinstance(current, str):
            yield functools.partial(_pointer, pointer, node), current
        elif isinstance(current, dict):
            keys = [k for k in current if not (skip_extensions and isinstance(k, str) and k.startswith("x-"))]
            for key in reversed(keys):
                child = current[key]
                stack.append((child, (node, str(key))))
        elif isinstance(current, list):
            for index in range(len(current) - 1, -1, -1):
                stack.append((current[index], (node, index)))


def _pointer(base: str, node: _Node | None) -> str:
    tokens: list[str | int] = []
    while node is not None:
        node, token = node
        tokens.append(token)
    return base + pointer_of(reversed(tokens))


#: Markdown quotes code from a run of backticks to the next run of as many: a `code span` or a ``` fenced block.
_BACKTICKS = lazy(r"`+")
#: A line that opens or closes a fenced code block written with tildes (CommonMark allows ~~~ as well as ```): up
#: to three spaces, three or more tildes (group 1), then an info string or nothing (group 2).
_TILDE_FENCE = lazy(r"^ {0,3}(~{3,})([^\n]*)$", re.MULTILINE)


def may_quote_code(value: str) -> bool:
    """Whether ``value`` can hold Markdown code at all (see :func:`markdown_code`): a quick test before it."""
    return "`" in value or "~~~" in value or "    " in value or "\t" in value


def markdown_code(value: str) -> list[tuple[int, int]]:
    """Where ``value`` quotes code as Markdown does, as (start, end) offsets in order and apart: a fenced block
    from a line of three or more tildes to the next line of at least as many and nothing else, and otherwise from a
    run of backticks to the next run of the same length (a `code span` or a ``` fenced block). A run or fence
    with no such partner is literal text.

    An indented code block is code too: lines indented four spaces or a tab, after a blank line or at the start
    of the value, and not under a list item (where the indent continues the item's text).

    Each backtick run's partner is found in one pass from the end, so a value of many unmatched runs stays linear.
    Backticks inside a tilde fence or an indented block are part of its code, not the start of a span."""
    fences = _tilde_fences(value) if "~~~" in value else []
    if "    " in value or "\t" in value:
        fences = _merged(sorted([*fences, *_indented_blocks(value)]))
    runs = [(run.start(), run.end()) for run in _BACKTICKS.finditer(value)]
    if fences:
        fence_starts = [start for start, _ in fences]
        runs = [run for run in runs if not in_code(fences, fence_starts, run[0])]
    partner: list[int | None] = [None] * len(runs)
    latest: dict[int, int] = {}
    for index in range(len(runs) - 1, -1, -1):
        size = runs[index][1] - runs[index][0]
        partner[index] = latest.get(size)
        latest[size] = index
    spans = list(fences)
    index = 0
    while index < len(runs):
        closing = partner[index]
        if closing is None:
            index += 1
        else:
            spans.append((runs[index][0], runs[closing][1]))
            index = closing + 1
    if fences:  # a backtick span that starts before a fence and ends inside or after it
        spans = _merged(sorted(spans))
    return spans


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted ``spans`` with those that overlap made one."""
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


#: A list item's first line: a bullet (-, * or +) or a number and a dot or parenthesis, then a space.
_LIST_ITEM = lazy(r" {0,3}(?:[-*+]|[0-9]{1,9}[.)])(?:[ \t]|$)")


def _indented_blocks(value: str) -> list[tuple[int, int]]:
    """The indented code blocks of ``value`` (see :func:`markdown_code`), as (start, end) offsets from the first
    code line to the end of the last; blank lines between code lines belong to the block.

    A line indented under a list item, or in the paragraph such a line starts, continues the item instead: when
    in doubt the text is read as prose, so a template there is still reported."""
    blocks: list[tuple[int, int]] = []
    block: tuple[int, int] | None = None
    blank_before = True  # the start of the value counts as a blank line
    in_list = False
    offset = 0
    for line in value.split("\n"):
        end = offset + len(line)
        blank = not line.strip()
        indented = line.startswith(("    ", "\t")) or line[: len(line) - len(line.lstrip(" "))].endswith("\t")
        if blank:
            pass
        elif indented and (block is not None or (blank_before and not in_list)):
            block = (block[0] if block is not None else offset, end)
        else:
            if block is not None:
                blocks.append(block)
                block = None
            if not indented:
                in_list = _LIST_ITEM.match(line) is not None or (in_list and not blank_before)
        blank_before = blank
        offset = end + 1
    if block is not None:
        blocks.append(block)
    return blocks


def _tilde_fences(value: str) -> list[tuple[int, int]]:
    """The tilde-fenced blocks of ``value`` that are closed, as (start, end) offsets from the opening fence to the
    end of the closing one."""
    spans = []
    opening: re.Match[str] | None = None
    for line in _TILDE_FENCE.finditer(value):
        if opening is None:
            opening = line
        elif len(line.group(1)) >= len(opening.group(1)) and not line.group(2).strip():
            spans.append((opening.start(), line.end()))
            opening = None
    return spans


def in_code(spans: list[tuple[int, int]], starts: list[int], position: int) -> bool:
    """Whether ``position`` falls inside one of ``spans`` (in order and apart, as :func:`markdown_code` gives them),
    whose start offsets are ``starts``: only the last span starting at or before it can hold it."""
    index = bisect.bisect_right(starts, position) - 1
    return index >= 0 and position < spans[index][1]


def earlier(first: datetime, first_text: str, second: datetime, second_text: str) -> bool:
    """True when ``first`` is before ``second`` at the precision of the coarser of the two, as written.

    Tools cut a timestamp off at the precision they keep, so ``14:30:00Z`` stands for the whole second that starts
    then: it is not before ``14:30:00.250Z``, but ``14:29:59.999Z`` is before it. Both instants are cut to the
    fewer digits of a second of the two texts (``first_text``, ``second_text``) and compared.
    """
    if first >= second:
        return False  # cutting both to the same precision never puts the later instant first: the common case
    digits = min(_fraction_digits(first_text), _fraction_digits(second_text))
    if digits >= 6:
        return True
    unit = 10 ** (6 - digits)  # in microseconds; offsets are whole minutes, so the fraction is the same in UTC
    return first.replace(microsecond=first.microsecond - first.microsecond % unit) < second.replace(
        microsecond=second.microsecond - second.microsecond % unit
    )


_FRACTION = lazy(r"\.[0-9]*")


def _fraction_digits(text: str) -> int:
    """How many digits of a second a timestamp gives: 0 for ``14:30:00Z``, 3 for ``14:30:00.250Z``. The fraction
    starts at a fixed place, after ``YYYY-MM-DDTHH:MM:SS``."""
    fraction = _FRACTION.match(text, 19)
    return 0 if fraction is None else len(fraction.group()) - 1


def usual_timestamp(text: object) -> bool:
    """Whether ``text`` is written as most timestamps are, 2024-03-15T14:30:00Z: upper-case T and Z, whole seconds.
    Two such texts sort as their instants do, when both are timestamps at all: a text of that shape that is not
    one (2024-02-30T...) must be ruled out by parsing, so a comparison of texts can only settle "nothing to
    report" for a rule that passes over what does not parse."""
    return isinstance(text, str) and len(text) == 20 and text[10] == "T" and text[19] == "Z"


def in_order_as_written(texts: list[Any]) -> bool:
    """True when every text is a :func:`usual_timestamp` and each is at or after the one before it. Then the
    timestamps among them are in time order, whatever the others are."""
    previous = ""
    for text in texts:
        if not usual_timestamp(text) or text < previous:
            return False
        previous = text
    return True


_TIMESTAMP_POINTERS = [(path, pointer_of(path)) for path in TIMESTAMP_FIELDS]  # built once, not per record


def timestamps(record: Mapping[str, Any], since: str = "") -> Iterator[tuple[str, str, datetime]]:
    """Every parseable timestamp in a record as (pointer, text as written, instant).

    With ``since``, a date written ``YYYY-MM-DD``, a text whose first ten characters sort before it is passed over
    without being parsed: a valid timestamp there names an earlier day, so even with the largest offset (-23:59) its
    instant is before 00:00 UTC on the day after ``since``. For rules that only care about
    recent instants, such as future-timestamp; most records are older, and the parse was most of its cost.
    """
    # The date test is written out in both loops rather than in a helper: a call per timestamp cost future-timestamp
    # a quarter of its time (2.3 -> 2.9 us per record).
    for path, pointer in _TIMESTAMP_POINTERS:
        value = get(record, *path)
        if since and isinstance(value, str) and value[:10] < since:
            continue
        instant = parse_timestamp(value)
        if instant is not None:
            yield pointer, value, instant
    log = record.get("communication_log")
    if isinstance(log, list):
        for index, entry in enumerate(log):
            sent = entry.get("timestamp") if isinstance(entry, dict) else None
            if since and isinstance(sent, str) and sent[:10] < since:
                continue
            instant = parse_timestamp(sent)
            if instant is not None:
                yield f"/communication_log/{index}/timestamp", cast(str, sent), instant


def span_mismatch(
    pointer: str,
    label: str,
    written: str,
    actual: timedelta,
    between: str,
    options: Mapping[str, Any],
    fixable: bool,
    witness: tuple[str, str | None] | None = None,
    zero: str | None = None,
) -> Finding | None:
    """A finding when the duration ``written`` at ``pointer`` differs from ``actual`` by more than the tolerance.

    ``between`` names what ``actual`` was computed from (``end_time - start_time``). The suggested value, and the
    fix when ``fixable``, keep the style the field is written in (``1h 5m``, ``1 hour 5 minutes`` or ``PT1H5M``),
    and its one unit when it uses only one (``75 minutes`` is corrected to ``65 minutes``). ``zero`` is the value
    suggested for a span of zero seconds, when the field has a word for it (``immediate``).

    ``witness`` is another field that states the same span, as (label, value written): duration and
    time_to_resolution both state end_time - start_time. Rewriting the duration trusts the timestamps over what
    the author wrote, so the fix is safe only when the witness already agrees with the timestamps. When it
    agrees with ``written`` instead, two statements outvote one timestamp: the message says so, and the fix
    stays unsafe, as it does when there is no witness to ask.
    """
    stated = parse_duration(written)
    limit = tolerance(options)
    if stated is None or abs(stated - actual) <= limit:
        return None
    if stated == timedelta(seconds=round(actual.total_seconds())):
        return None  # right to the second, which is what the fix would write: never fire on a fixed value
    right = zero if zero is not None and round(actual.total_seconds()) == 0 else format_like(actual, written)
    message = (
        f"{label} says {show_value(written)} but {between} is {human(actual)}; "
        f"set {label} to {show_value(right)}, or correct the timestamps"
    )
    safe = False
    if witness is not None and witness[1] is not None:
        other, said = witness[0], witness[1]
        other_span = parse_duration(said)
        if other_span is not None and abs(other_span - actual) <= limit:
            safe = True  # the other statement agrees with the timestamps: this one is the odd one out
        elif other_span is not None and abs(other_span - stated) <= limit:
            message = (
                f"{label} says {show_value(written)} and {other} agrees ({show_value(said)}), but {between} is "
                f"{human(actual)}; correct the timestamps if they are wrong, or set {label} to {show_value(right)}"
            )
    fix = Fix(ops=(Replace(pointer, right),), safe=safe, description=f"set {label} to {right}") if fixable else None
    return Finding(pointer, message, fix=fix)
