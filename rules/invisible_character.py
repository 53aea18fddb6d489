"""invisible-character: no zero-width, bidi or separator characters hidden in an identifier or a key."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from incidentlint.api import Finding, Options, rule, show_value
from incidentlint.lazyre import lazy

from ._characters import INVISIBLE, may_hide_characters, occurrences, text_may_hide, walk_texts
from ._common import get, pointer_of, where

ANY = -1  # in a path: every item of the array
#: The identifier-like fields: values that tools and people match, count and search by, not prose.
IDENTIFIERS: tuple[tuple[str | int, ...], ...] = (
    ("incident_id",),
    ("affected_services", ANY),
    ("incident_commander",),
    ("responders", ANY),
    ("responders", ANY, "name"),
    ("responders", ANY, "team"),
    ("detection_details", "detection_method"),
    ("technical_details", "affected_regions", ANY),
    ("technical_details", "resolution_method"),
    ("technical_details", "rollback_target"),
    ("communication_log", ANY, "type"),
    ("communication_log", ANY, "audience"),
    ("preliminary_action_items", ANY, "owner"),
    ("preliminary_action_items", ANY, "ticket"),
)
_BIDI = lazy("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_JOINERS = "\u200c\u200d"


@rule(
    code="IL122",
    name="invisible-character",
    severity="warning",
    summary="An identifier or a key contains an invisible character, such as a zero-width space or a bidi override.",
    rationale=(
        "Zero-width characters and bidirectional controls are invisible, so 'payment-api' with a zero-width space "
        "inside looks like 'payment-api' but is a different service to every tool that counts, groups or searches "
        "incidents, a responder's name no longer matches incident_commander, and a copied incident_id escapes the "
        "duplicate check. Bidi overrides and isolates also reorder what is displayed, so a reviewer reads something "
        "other than what is stored: the 'Trojan Source' attack (Boucher and Anderson, 2021, CVE-2021-42574). "
        "Unicode's identifier rules (UAX #31, UTS #39) leave these format characters out of identifiers for the "
        "same reason. Checked are the identifier-like fields (incident_id, incident_commander, responders and "
        "their name and team, affected_services, affected_regions, detection_method, resolution_method, "
        "rollback_target, communication_log type and audience, action item owner and ticket) and every key, "
        "for bidi marks, embeddings, overrides and isolates (U+061C, U+200E, U+200F, U+202A-U+202E, "
        "U+2066-U+2069), zero-width characters (U+200B-U+200D, U+2060-U+2065, U+FEFF), the line and "
        "paragraph separators U+2028 and U+2029, and the other format characters that show nothing: the soft "
        "hyphen U+00AD, U+180E, U+206A-U+206F, U+FFF9-U+FFFB and the tag characters U+E0001 and "
        "U+E0020-U+E007F, which can spell out hidden ASCII text. Prose fields are not checked: text in "
        "right-to-left languages "
        "needs bidi marks, and a zero-width space pasted into a description misleads no tool. A zero-width "
        "joiner or non-joiner between two non-ASCII characters is allowed, as Persian, Indic scripts and emoji "
        "need them there. Control characters are control-character-in-field's. There is no automatic fix: a "
        "bidi control may be meant, and only the author knows which text was intended."
    ),
    valid=[
        {"incident_commander": "Mike Rodriguez", "responders": ["Mike Rodriguez - Incident Commander"]},
        {"responders": [{"name": "علی\u200cاکبر Rahimi"}], "description": "Support replied \u200f«تم»\u200f at once"},
    ],
    invalid=[
        {"affected_services": ["payment\u200b-api"]},
        {"incident_id": "INC-2024-0315-001\u202e"},
        {"technical_details": {"error_metrics": {"peak\u2060_error_rate": "45%"}}},
    ],
    prefilter=text_may_hide,
)
def check(record: Mapping[str, Any], options: Options) -> Iterator[Finding]:
    if not may_hide_characters(record):
        return  # the common case, answered for the whole record at once
    for path in IDENTIFIERS:
        for concrete, value in _expand(record, path):
            if isinstance(value, str) and INVISIBLE.search(value) is not None:
                found = _found(value)
                if found is not None:
                    pointer = pointer_of(concrete)
                    what, pronoun, why = found
                    yield Finding(
                        pointer, f"{where(pointer)} contains {what} ({show_value(value, 60)}); remove {pronoun}: {why}"
                    )
    for locate, text, is_key in walk_texts(record):
        if is_key and INVISIBLE.search(text) is not None:
            found = _found(text)
            if found is not None:
                pointer = locate()
                what, pronoun, why = found
                message = f"the key {where(pointer)} contains {what}; rename the key without {pronoun}: {why}"
                yield Finding(pointer, message, on_key=True)


def _found(text: str) -> tuple[str, str, str] | None:
    """What to say of the invisible characters in ``text`` (which, ``it`` or ``them``, and why they matter), or
    None when every one is a joiner where it belongs."""
    positions = [match.start() for match in INVISIBLE.finditer(text) if not _joins(text, match.start())]
    if not positions:
        return None
    what, pronoun = occurrences(text, positions, "invisible")
    char = text[positions[0]]
    if _BIDI.match(char):
        why = "bidi controls change the order in which text is displayed, so readers see other text than tools compare"
    elif char in "\u2028\u2029":
        why = "some programs break the line there and others show nothing, so it reads differently in each"
    else:
        why = "it cannot be seen, so this looks the same as the text without it but does not match it"
    return what, pronoun, why


def _joins(text: str, index: int) -> bool:
    """A zero-width joiner or non-joiner between two visible non-ASCII characters: where Persian, Indic scripts and
    emoji sequences need one (a loose form of the contexts in which UAX #31 allows them in identifiers)."""
    if text[index] not in _JOINERS or index == 0 or index == len(text) - 1:
        return False
    before, after = text[index - 1], text[index + 1]
    return not (before.isascii() or after.isascii() or INVISIBLE.match(before) or INVISIBLE.match(after))


def _expand(data: object, path: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], object]]:
    """(concrete path, value) for each value ``path`` reaches, with :data:`ANY` standing for every array item."""
    if ANY not in path:
        yield path, get(data, *path)
        return
    cut = path.index(ANY)
    items = get(data, *path[:cut])
    if isinstance(items, list):
        for index, item in enumerate(items):
            for rest, value in _expand(item, path[cut + 1 :]):
                yield (*path[:cut], index, *rest), value
