"""placeholder-text: no TBD, TODO, lorem ipsum or <fill me in> left in a record."""

from __future__ import annotations

import functools
import itertools
import re
import string
from collections.abc import Iterator, Mapping
from typing import Any

from incidentlint.api import Finding, Options, rule, show_value

from ._common import strings_option, walk_strings_lazily, where

DEFAULT_WORDS = ("TBD", "TODO", "FIXME", "XXX", "lorem ipsum", "N/A")
# A placeholder word ends where the text does or at a character that cannot continue a word: "TBD.", "TODO: x"
# and "N/A" match, "TBDs", "todo-api" and "XXXL" do not.
_END = r"(?![\w\-/])"
_TRAILING = " \t\r\n.,:;!?"
# An angle-bracket placeholder names what belongs there: '<service name>', '<TICKET-ID>', '<owner's name>'. So
# the text inside starts with a letter, ends with no space, and holds only letters, digits, spaces and _ - ' ’ / .
# (at most 60 of them); that leaves out comparisons ('<1% of requests ... >3s', '<p99 latency > 3s'), autolinks
# ('<https://...>', the ':') and tags with attributes. A tag closed later in the value ('<b>Investigating</b>')
# is markup, not a placeholder.
_ANGLE = re.compile(r"\s*(<[^\W\d_](?:[\w '\u2019/.\-]{0,58}[\w'\u2019/.\-])?>)(?![\s\S]*</)")


@rule(
    code="IL113",
    name="placeholder-text",
    severity="warning",
    summary="A string value is, or starts with, a placeholder such as TBD, TODO, lorem ipsum, <...> or N/A.",
    rationale=(
        "Templates are filled in under pressure, and a published postmortem that still says 'TBD' or "
        "'<root cause>' tells readers nothing while looking complete; dfds's public postmortems show '?' and "
        "'N/A' left in fields. Every string value is checked, at any depth, against the `words` option (matched "
        "case-insensitively as the whole value or its first word) and against angle-bracket placeholders such as "
        "'<service name>' or '<TICKET-ID>': a name of at most 60 letters, digits, spaces and _-'/. that starts "
        "with a letter, so '<1% of requests>', an autolink '<https://...>' and markup closed later in the value "
        "('<b>Investigating</b>') are content, not placeholders. Keys are never checked, and neither is anything "
        "under an 'x-' key: those are local extensions the schema leaves alone, such as x-incidentlint or a "
        "team's working notes. Leave an unknown optional field out rather than filling it with a placeholder."
    ),
    valid=[
        {"technical_details": {"root_cause": "Inefficient query introduced in v2.3.1"}},
        {"affected_services": ["todo-api"], "x-notes": "TODO: link the dashboard"},
        {"customer_impact": "<1% of requests failed; p99 latency >3s for 40 minutes"},
    ],
    invalid=[
        {"technical_details": {"root_cause": "TBD"}},
        {"description": "TODO: write after the review"},
        {"affected_services": ["<service name>"]},
    ],
    options={"words": list(DEFAULT_WORDS)},
    options_schema={
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "words": {
                "type": "array",
                "items": {"type": "string", "minLength": 1},
                "description": "Placeholder words and phrases, matched case-insensitively at the start of a value.",
            }
        },
    },
)
def check(record: Mapping[str, Any], options: Options) -> Iterator[Finding]:
    words = strings_option(options, "words", DEFAULT_WORDS)
    pattern = _pattern(words)
    if not _may_have_placeholder(record, pattern, _heads(words)):
        return  # the common case, found without building the walk's pointer bookkeeping
    for locate, value in walk_strings_lazily(record):
        match = pattern.match(value) if pattern is not None else None
        if match is None and "<" in value:  # the check first: most strings have no '<', and it is cheaper
            match = _ANGLE.match(value)
        if match is None:
            continue
        pointer = locate()
        found = match.group(1)
        if not value[match.end() :].strip(_TRAILING):
            message = f"{where(pointer)} is the placeholder {show_value(found)}"
        else:
            excerpt = show_value(value.strip(), 60)
            message = f"{where(pointer)} starts with the placeholder {show_value(found)} ({excerpt})"
        yield Finding(pointer, message + "; replace it with the real content before the record is published")


def _may_have_placeholder(record: object, pattern: re.Pattern[str] | None, heads: Heads | None) -> bool:
    """False only when no string under ``record`` starts with a placeholder; the quick question asked first.

    Strings under ``x-`` keys are looked at too (a placeholder there only sends the record to the exact walk,
    which skips them), so no key needs testing. With ``heads``, a string whose first characters are ASCII
    letters or digits other than the start of a placeholder word is passed over without a regular expression:
    that is most strings, and the regular expression was most of this rule's cost.
    """
    match = pattern.match if pattern is not None else None
    harmless, size = heads if heads is not None else (frozenset(), 0)
    stack: list[Any] = [record]
    while stack:
        current = stack.pop()
        for item in current.values() if isinstance(current, dict) else current:
            if isinstance(item, str):
                if item[:size] in harmless:
                    continue
                if (match is not None and match(item) is not None) or ("<" in item and _ANGLE.match(item)):
                    return True
            elif isinstance(item, (dict, list)):
                stack.append(item)
    return False


#: The starts a string can have and still hold no placeholder (every ASCII letter or digit, one or two of them,
#: except the first characters of a placeholder word in any case), and how many characters that start is.
Heads = tuple[frozenset[str], int]

_ALNUM = string.ascii_letters + string.digits


@functools.lru_cache(maxsize=8)
def _heads(words: tuple[str, ...]) -> Heads | None:
    """Harmless starts (see :data:`Heads`): one set lookup per string instead of three tests. None when a word
    starts with a non-ASCII character: under IGNORECASE some of those match ASCII letters ('ſ' matches 's'), so
    a string's ASCII start would no longer rule them out."""
    starts = [word.split()[0] for word in words]
    size = min(2, *map(len, starts)) if starts else 2
    if not all(start[:size].isascii() for start in starts):
        return None
    taken = {
        "".join(letters)
        for start in starts
        for letters in itertools.product(*((char.lower(), char.upper()) for char in start[:size]))
    }
    every = ["".join(letters) for letters in itertools.product(_ALNUM, repeat=size)]
    if size == 2:  # a string of one letter or digit is too short to hold a word of two or more characters
        every.extend(_ALNUM)
    return frozenset(head for head in every if head not in taken), size


@functools.lru_cache(maxsize=8)
def _pattern(words: tuple[str, ...]) -> re.Pattern[str] | None:
    if not words:
        return None
    alternatives = "|".join(r"\s+".join(map(re.escape, word.split())) for word in sorted(words, key=len, reverse=True))
    return re.compile(rf"\s*({alternatives}){_END}", re.IGNORECASE)
