"""Characters that hide in a record: what control-character-in-field and invisible-character look for.

The two rules split the characters that :func:`incidentlint.api.visible` escapes on display, so that no character
is reported twice: control characters (Unicode category Cc, except tab, line feed and carriage return) belong to
control-character-in-field, invisible format characters and line/paragraph separators to invisible-character.
Both rules give the engine :func:`text_may_hide` as their prefilter, which clears nearly every file from its text
alone, and then ask :func:`may_hide_characters`, which answers for the whole record at once.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from typing import Any

from incidentlint.lazyre import lazy

from ._common import _Node, _pointer

#: Control characters reported by control-character-in-field: C0 except TAB, LF and CR; DEL; C1.
CONTROL_CLASS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
#: Characters reported by invisible-character: bidi marks, embeddings, overrides and isolates (U+061C, U+200E,
#: U+200F, U+202A-U+202E, U+2066-U+2069), zero-width and invisible operators (U+200B-U+200D, U+2060-U+2065),
#: the line and paragraph separators U+2028 and U+2029, U+FEFF (a byte order mark inside text), and the other
#: format characters that show nothing: the soft hyphen U+00AD, U+180E, the deprecated format controls
#: U+206A-U+206F, the interlinear annotation marks U+FFF9-U+FFFB and the tag characters U+E0001 and
#: U+E0020-U+E007F, which can spell out hidden ASCII text. The same set visible() escapes, less the controls.
INVISIBLE_CLASS = (
    "\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb\U000e0001\U000e0020-\U000e007f"
)

CONTROL = lazy(f"[{CONTROL_CLASS}]")
INVISIBLE = lazy(f"[{INVISIBLE_CLASS}]")
_EITHER = lazy(f"[{CONTROL_CLASS}{INVISIBLE_CLASS}]")
#: The ASCII bytes among them, for the quick test of ASCII text (every invisible character is non-ASCII).
_ASCII_CONTROLS = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])

# The same two classes in UTF-8. A regular expression over a few kilobytes of non-ASCII text took ~20 us, most of
# the cost of a record with an accented name; so the text's UTF-8 is cut down to the first bytes these characters
# can start with (one C-speed translate), and only where one stands is the rest of the character looked at. UTF-8
# never uses a lead byte inside another character, so a lead byte found is a character's start. A test holds
# :func:`holds_hidden` to ``_EITHER`` character by character.
_FOLLOWERS: dict[int, re.Pattern[bytes] | None] = {
    **{byte: None for byte in _ASCII_CONTROLS},  # a control character on its own
    0xC2: lazy(rb"[\x80-\x9f\xad]"),  # C1 controls, soft hyphen
    0xD8: lazy(rb"\x9c"),  # U+061C
    0xE1: lazy(rb"\xa0\x8e"),  # U+180E
    0xE2: lazy(rb"\x80[\x8b-\x8f\xa8-\xae]|\x81[\xa0-\xaf]"),  # U+200B-200F, U+2028-202E, U+2060-206F
    0xEF: lazy(rb"\xbb\xbf|\xbf[\xb9-\xbb]"),  # U+FEFF, U+FFF9-FFFB
    0xF3: lazy(rb"\xa0\x80[\x81\xa0-\xbf]|\xa0\x81[\x80-\xbf]"),  # U+E0001, U+E0020-E007F
}
_NOT_LEADS = bytes(byte for byte in range(256) if byte not in _FOLLOWERS)
#: Up to this many lead bytes, each is looked at; past it the regular expression scans the text once. A record's
#: few em dashes and curly quotes stay on the quick path, and 2 MB of them cannot cost a look each (~0.2 s).
_FEW_LEADS = 64
#: Backslash escapes that can write such a character: JSON's \b, \f and \u; YAML's \0, \a, \b, \v, \f, \e, \N,
#: \L, \P, \x, \u and \U. The rest (\n, \t, \", \\, \/, YAML's \_ for a no-break space) write none.
_HIDING_ESCAPE = lazy(r"\\[0abvfeNLPxuU]")


def holds_hidden(text: str) -> bool:
    """Whether ``text`` holds a character either rule reports: the answer of ``_EITHER.search``, found faster."""
    raw = text.encode("utf-8", "surrogatepass")
    leads = raw.translate(None, _NOT_LEADS)
    if len(leads) > _FEW_LEADS:  # dense (a page of em dashes): one linear scan beats a look at each
        return _EITHER.search(text) is not None
    for lead in set(leads):
        follower = _FOLLOWERS[lead]
        if follower is None:
            return True
        mark = bytes((lead,))
        at = raw.find(mark)
        while at >= 0:
            if follower.match(raw, at + 1):
                return True
            at = raw.find(mark, at + 1)
    return False


def text_may_hide(text: str) -> bool:
    """False when no record parsed from ``text`` can hold a character either rule reports (the rules' prefilter).

    A string or key of the record holds such a character either as written in the text, or through a backslash
    escape that writes one (:data:`_HIDING_ESCAPE`; JSON and YAML have no other way to write a character). So a
    text with neither, nearly every record, has nothing to find: C-speed scans of the text instead of a walk over
    every key and value. ASCII text is answered with substring tests alone (JSON and YAML refuse raw controls
    other than DEL, and every invisible character is non-ASCII); other text by :func:`holds_hidden`.
    """
    global _last_text
    last, answer = _last_text
    if text is last:  # both rules ask about the same text, one after the other
        return answer
    if "\\" in text and _HIDING_ESCAPE.search(text) is not None:
        answer = True
    elif text.isascii():
        answer = "\x7f" in text
    else:
        answer = holds_hidden(text)
    _last_text = (text, answer)
    return answer


_last_text: tuple[str | None, bool] = (None, False)


def may_hide_characters(record: object) -> bool:
    """False only when no string value and no key anywhere under ``record`` holds a character either rule reports.

    The quick question both rules ask first. Every string and key is gathered and joined into one text (a
    character cannot span two strings, so the join changes no answer); ASCII text, the common case, is tested with
    a byte translation, which is several times faster than a regular expression, and other text by
    :func:`holds_hidden`.
    """
    parts = _texts(record)
    try:
        text = "".join(parts)
    except TypeError:  # a YAML key that is a number, boolean or null
        text = "".join(part for part in parts if isinstance(part, str))
    if text.isascii():
        raw = text.encode("ascii")
        return len(raw.translate(None, _ASCII_CONTROLS)) != len(raw)
    return holds_hidden(text)


def _texts(record: object) -> list[Any]:
    """Every key and string value under ``record`` (keys may be of any type), in no particular order."""
    parts: list[Any] = []
    add = parts.append
    stack = [record]
    pop, push = stack.pop, stack.append
    while stack:
        current = pop()
        if type(current) is dict:
            parts.extend(current)
            current = current.values()
        elif type(current) is not list:
            if isinstance(current, str):
                add(current)
            continue
        for item in current:  # exact type tests: the loader hands out plain dict, list and str
            kind = type(item)
            if kind is str:
                add(item)
            elif kind is dict or kind is list:
                push(item)
    return parts


def walk_texts(record: object) -> Iterator[tuple[Callable[[], str], str, bool]]:
    """Every key and string value under ``record`` as (pointer function, text, is a key), in document order.

    Unlike :func:`~rules._common.walk_strings_lazily`, keys are included and nothing under ``x-`` keys is skipped:
    a control character is as dangerous in a local extension as anywhere else. A key's pointer is the member's.
    Iterative, so a deeply nested record cannot exhaust the stack.
    """
    stack: list[tuple[Any, _Node | None, bool]] = [(record, None, False)]
    while stack:
        current, node, is_key = stack.pop()
        if isinstance(current, str):
            yield functools.partial(_pointer, "", node), current, is_key
        elif isinstance(current, dict):
            for key in reversed(list(current)):
                child = (node, str(key))
                stack.append((current[key], child, False))
                if isinstance(key, str):
                    stack.append((key, child, True))
        elif isinstance(current, list):
            for index in range(len(current) - 1, -1, -1):
                stack.append((current[index], (node, index), False))


#: Control character abbreviations (ISO 6429, as Unicode's NameAliases.txt lists them).
_C0_NAMES = (  # noqa: SIM905 - a table reads better as one string than as 32 quoted items
    "NUL SOH STX ETX EOT ENQ ACK BEL BS HT LF VT FF CR SO SI DLE DC1 DC2 DC3 DC4 NAK SYN ETB CAN EM SUB ESC FS GS RS US"
).split()
_C1_NAMES = (  # noqa: SIM905 - a table reads better as one string than as 32 quoted items
    "PAD HOP BPH NBH IND NEL SSA ESA HTS HTJ VTS PLD PLU RI SS2 SS3 "
    "DCS PU1 PU2 STS CCH MW SPA EPA SOS SGC SCI CSI ST OSC PM APC"
).split()


def describe(char: str) -> str:
    """A character as an author can look it up: ``U+001B (ESC)``, ``U+200B (zero width space)``."""
    code = ord(char)
    if code < 0x20:
        name = _C0_NAMES[code]
    elif code == 0x7F:
        name = "DEL"
    elif 0x80 <= code <= 0x9F:
        name = _C1_NAMES[code - 0x80]
    else:
        import unicodedata  # here: only a finding needs a character's name

        name = unicodedata.name(char, "").lower()
    return f"U+{code:04X}" + (f" ({name})" if name else "")


def occurrences(text: str, positions: list[int], kind: str) -> tuple[str, str]:
    """(what ``text`` holds, ``it`` or ``them``) for a message, given the ``positions`` of the reported characters
    (at least one): ``the control character U+001B (ESC) at character 1`` or ``3 control characters, the first
    U+001B (ESC) at character 1``."""
    first = positions[0]
    at = f"{describe(text[first])} at character {first + 1}"
    if len(positions) == 1:
        return f"the {kind} character {at}", "it"
    return f"{len(positions)} {kind} characters, the first {at}", "them"
