"""Make untrusted text (record values, keys, file names) safe to show: no control sequences, no spoofing."""

from __future__ import annotations

import re

# C0 controls (tab too: it splits tab-separated output and code frames replace it themselves), DEL, C1 controls,
# bidi embeddings/overrides/isolates, zero-width and line/paragraph separators, the BOM, lone surrogates (which
# cannot be encoded to UTF-8 at all), and the other format characters that show nothing: the soft hyphen, the
# Mongolian vowel separator, the deprecated format controls, the interlinear annotation marks and the tag
# characters (which can spell out hidden ASCII text, "ASCII smuggling").
_INVISIBLE = (
    "\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb\U000e0001\U000e0020-\U000e007f"
)
_UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f{_INVISIBLE}\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def visible(text: str) -> str:
    """Return ``text`` with every unsafe character replaced by a visible escape such as ``\\x1b``."""
    if _UNSAFE.search(text) is None:
        return text
    return _UNSAFE.sub(_escape, text)


def escaped_in_source(text: str) -> str:
    """Like :func:`visible`, but every escape is ``\\uXXXX``, which a JSON string and a YAML double-quoted scalar
    both read back as the character it replaces: an example shown this way still parses to the same record."""
    if _UNSAFE.search(text) is None:
        return text
    return _UNSAFE.sub(_source_escape, text)


def _source_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code > 0xFFFF:  # a tag character: JSON wants a surrogate pair, which PyYAML reads as two lone surrogates
        raise ValueError(f"U+{code:04X} has no escape that JSON and YAML both read; keep it out of rule examples")
    return f"\\u{code:04x}"


def truncate(text: str, limit: int = 80) -> str:
    """Shorten long values for messages; the cut is marked with an ellipsis."""
    if len(text) <= limit:
        return text
    return text[: limit - 1] + "…"


def show_value(value: object, limit: int = 80) -> str:
    """A short, quoted, visible rendering of a record value for a message."""
    if isinstance(value, str):
        return "'" + visible(truncate(value, limit)) + "'"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, int | float):
        return visible(truncate(repr(value), limit))
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    return visible(truncate(repr(value), limit))
