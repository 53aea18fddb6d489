"""placeholder-text: no TBD, TODO, lorem ipsum or <fill me in> left in a record."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from incidentlint.api import Finding, Options, rule, show_value

from ._common import strings_option, walk_strings_lazily, where

DEFAULT_WORDS = ("TBD", "TODO", "FIXME", "XXX", "lorem ipsum", "N/A")
# A placeholder word ends where the text does or at a character that cannot continue a word: "TBD.", "TODO: x"
# and "N/A" match, "TBDs", "todo-api" and "XXXL" do not.
_END = r"(?![\w\-/])"
_TRAILING = " \t\r\n.,:;!?"
_ANGLE = re.compile(r"\s*(<[^<>\n]*[^<>\s][^<>\n]*>)")


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
        "'<service name>'. Keys are never checked, and neither is anything under an 'x-' key: those are local "
        "extensions the schema leaves alone, such as x-incidentlint or a team's working notes. Leave an unknown "
        "optional field out rather than filling it with a placeholder."
    ),
    valid=[
        {"technical_details": {"root_cause": "Inefficient query introduced in v2.3.1"}},
        {"affected_services": ["todo-api"], "x-notes": "TODO: link the dashboard"},
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
    pattern = _pattern(strings_option(options, "words", DEFAULT_WORDS))
    if not _has_placeholder(record, pattern):
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


def _has_placeholder(record: object, pattern: re.Pattern[str] | None) -> bool:
    """Whether any string under ``record`` (except under ``x-`` keys) starts with a placeholder: the same strings
    as walk_strings visits, in no particular order, for the quick question whether there is any at all."""
    match = pattern.match if pattern is not None else None
    stack = [record]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            items: Iterable[object] = [
                item for key, item in current.items() if not (isinstance(key, str) and key.startswith("x-"))
            ]
        elif isinstance(current, list):
            items = current
        else:
            items = (current,)
        for item in items:
            if isinstance(item, str):
                if (match is not None and match(item) is not None) or ("<" in item and _ANGLE.match(item)):
                    return True
            elif isinstance(item, dict | list):
                stack.append(item)
    return False


@functools.lru_cache(maxsize=8)
def _pattern(words: tuple[str, ...]) -> re.Pattern[str] | None:
    if not words:
        return None
    alternatives = "|".join(r"\s+".join(map(re.escape, word.split())) for word in sorted(words, key=len, reverse=True))
    return re.compile(rf"\s*({alternatives}){_END}", re.IGNORECASE)
