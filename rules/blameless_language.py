"""blameless-language: narrative fields describe systems, not who is to blame."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from typing import Any

from incidentlint.api import Finding, Options, rule, show_value

from ._common import get, lower_exactly, pointer_of, strings_option, where

DEFAULT_PHRASES = (
    "human error",
    "operator error",
    "should have",
    "shouldn't have",
    "should not have",
    "careless",
    "carelessly",
    "carelessness",
    "fault of",
    "at fault",
    "negligent",
    "negligence",
    "blame",
    "blamed",
    "could have been avoided",
)
# Narrative fields: the prose a reader takes the story from. Titles and timeline messages are left alone.
FIELDS: tuple[tuple[str, ...], ...] = (
    ("description",),
    ("customer_impact",),
    ("business_impact",),
    ("technical_details", "root_cause"),
)


@rule(
    code="IL118",
    name="blameless-language",
    severity="info",
    summary=(
        "Narrative fields (description, root_cause, lessons, impact) use blaming phrases "
        "such as 'human error', 'should have', 'careless' or 'fault of'."
    ),
    rationale=(
        "Postmortems are blameless so that people report what really happened: PagerDuty's postmortem guide says "
        "an individual's action is never a root cause, and Atlassian's and Chef's templates describe what the "
        "system allowed rather than who erred. 'Human error' ends the inquiry exactly where it should start. The "
        "`phrases` option (matched case-insensitively as whole words) is checked in description, customer_impact, "
        "business_impact, technical_details.root_cause and each lessons_learned_preview item. The default list "
        "leaves out plain 'could have', which is how lessons describe improvements ('monitoring could have "
        "warned earlier'), and keeps 'could have been avoided', which is hindsight blame."
    ),
    valid=[
        {"technical_details": {"root_cause": "A query without an index exhausted the connection pool"}},
        {"lessons_learned_preview": ["Connection pool monitoring could have provided earlier warning"]},
    ],
    invalid=[
        {"technical_details": {"root_cause": "Human error during the deployment"}},
        {"lessons_learned_preview": ["The on-call engineer should have checked the dashboard"]},
    ],
    options={"phrases": list(DEFAULT_PHRASES)},
    options_schema={
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "phrases": {
                "type": "array",
                "items": {"type": "string", "minLength": 1},
                "description": "Blaming words and phrases, matched case-insensitively as whole words.",
            }
        },
    },
)
def check(record: Mapping[str, Any], options: Options) -> Iterator[Finding]:
    wanted = strings_option(options, "phrases", DEFAULT_PHRASES)
    pattern = _pattern(wanted)
    if pattern is None:
        return
    needles = _needles(wanted)
    fields = list(_narrative(record))
    if needles is not None:
        # One look at all the fields together first: most records contain none of the words. The rule reads a
        # typographic apostrophe as "'", and so does this look.
        lowered = lower_exactly("\n".join(text for _, text in fields).replace("\u2019", "'"))
        if lowered is not None and not any(needle in lowered for needle in needles):
            return
    for path, text in fields:
        read = text.replace("\u2019", "'")
        if needles is not None:
            lowered = lower_exactly(read)
            if lowered is not None and not any(needle in lowered for needle in needles):
                continue  # no phrase can match: each needs its longest word somewhere in the text
        found: dict[str, str] = {}
        for match in pattern.finditer(read):
            # Shown as written but with each run of whitespace as one space: a phrase broken across the lines
            # of a block scalar reads 'human error', not 'human\x0aerror'.
            phrase = " ".join(match.group().split())
            found.setdefault(phrase.casefold(), phrase)
        if found:
            pointer = pointer_of(path)
            phrases = ", ".join(show_value(phrase) for phrase in found.values())
            yield Finding(
                pointer,
                f"{where(pointer)} uses blaming language ({phrases}); describe what in the system let this happen "
                "(a missing check, an unclear runbook, a risky default) rather than who erred",
            )


def _narrative(record: Mapping[str, Any]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    for path in FIELDS:
        value = get(record, *path)
        if isinstance(value, str):
            yield path, value
    lessons = record.get("lessons_learned_preview")
    if isinstance(lessons, list):
        for index, value in enumerate(lessons):
            if isinstance(value, str):
                yield ("lessons_learned_preview", index), value


@functools.lru_cache(maxsize=8)
def _needles(phrases: tuple[str, ...]) -> tuple[str, ...] | None:
    """The longest word of each phrase, lower-cased: a match needs it in the text. Running the regex over every
    narrative field was most of this rule's cost, and most fields contain none of the words. Only for ASCII
    phrases, looked for in text that :func:`lower_exactly` lower-cases; None turns the shortcut off."""
    words = []
    for phrase in phrases:
        phrase = phrase.replace("\u2019", "'")
        if not phrase.isascii() or not phrase.split():
            return None
        words.append(max(phrase.split(), key=len).lower())
    # A word that contains another needs no test of its own: "carelessly" is found wherever "careless" is.
    return tuple(sorted({w for w in words if not any(o != w and o in w for o in words)}))


@functools.lru_cache(maxsize=8)
def _pattern(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    if not phrases:
        return None
    ordered = sorted(phrases, key=len, reverse=True)  # longest first, so "carelessness" wins over "careless"
    alternatives = "|".join(r"\s+".join(map(re.escape, phrase.replace("\u2019", "'").split())) for phrase in ordered)
    # Whole words only: "blame" must not match "blameless" or "blame-free".
    return re.compile(rf"(?<![\w\-])(?:{alternatives})(?![\w\-])", re.IGNORECASE)
