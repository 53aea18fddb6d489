"""Make untrusted text (record values, keys, file names) safe to show: no control sequences, no spoofing."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from typing import TextIO, cast

from incidentlint.lazyre import lazy

# C0 controls (tab too: it splits tab-separated output and code frames replace it themselves), DEL, C1 controls,
# bidi embeddings/overrides/isolates, zero-width and line/paragraph separators, the BOM, lone surrogates (which
# cannot be encoded to UTF-8 at all), and the other format characters that show nothing: the soft hyphen, the
# Mongolian vowel separator, the deprecated format controls, the interlinear annotation marks and the tag
# characters (which can spell out hidden ASCII text, "ASCII smuggling").
_INVISIBLE = (
    "\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb\U000e0001\U000e0020-\U000e007f"
)
_UNSAFE = lazy(f"[\x00-\x1f\x7f-\x9f{_INVISIBLE}\ud800-\udfff]")


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


# Lines a CI runner executes instead of showing. Azure Pipelines reads ##vso[...] and ##[...] anywhere in a line,
# in any case (TeamCity reads ##teamcity[...] the same way), and GitHub Actions reads a line that starts with ::
# (after white space) as a workflow command. Reports show file names, keys and values, and reports land in those
# logs: a record or a file name must not be able to set a pipeline variable or fake an annotation.
_HASH_COMMAND = lazy(r"##([A-Za-z]*)\[")
_COLOUR = r"\x1b\[[0-9;]*m"  # a runner may drop colour codes before it looks, so they count as nothing
_COLON_COMMAND = lazy(rf"(?:\A|(?<=[\n\r]))((?:[^\S\n\r]|{_COLOUR})*):(?=(?:{_COLOUR})*:)")


def defuse(text: str) -> str:
    """``text`` with every CI runner command broken by a visible escape, for human-readable output: the ``[`` of
    ``##vso[`` (and of ``##[``, ``##teamcity[``) becomes ``\\x5b``, and the first ``:`` of a line that starts with
    ``::`` becomes ``\\x3a``."""
    text = break_hash_commands(text)
    if "::" in text or "\x1b" in text:
        text = _COLON_COMMAND.sub(r"\1\\x3a", text)
    return text


def break_hash_commands(text: str) -> str:
    """``text`` with the ``[`` of every ``##vso[``, ``##[`` or ``##teamcity[`` shown as ``\\x5b``: the part of
    :func:`defuse` for text that never starts a line, such as a GitHub annotation's message."""
    return _HASH_COMMAND.sub(r"##\1\\x5b", text) if "##" in text else text


def defuse_json(text: str) -> str:
    """Serialized JSON with every ``##...[`` written ``##...\\u005b``: the same data for a JSON reader, and no
    command for a runner that shows the report in a log. (A line of indented or compact JSON never starts with
    ``::``, and ``#`` is never JSON syntax, so each match is inside a string.)"""
    return _HASH_COMMAND.sub(r"##\1\\u005b", text) if "##" in text else text


def defuse_xml(text: str) -> str:
    """Serialized XML with every ``##...[`` written ``##...&#91;``: the same document for an XML reader. Only text
    and attribute values can hold ``#``, and our XML has no raw line break inside them, so no line starts with
    ``::``."""
    return _HASH_COMMAND.sub(r"##\1&#91;", text) if "##" in text else text


class DefusedStream:
    """Writes whole lines to ``stream`` through :func:`defuse`, so that a command split over two writes is caught
    too; a last line without a line break waits for :meth:`finish`. Use :func:`defended`."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.pending = ""

    def write(self, text: str) -> int:
        data = self.pending + text
        cut = max(data.rfind("\n"), data.rfind("\r")) + 1
        if cut:
            self.stream.write(defuse(data[:cut]))
        self.pending = data[cut:]
        return len(text)

    def flush(self) -> None:
        self.stream.flush()

    def finish(self) -> None:
        if self.pending:
            self.stream.write(defuse(self.pending))
            self.pending = ""
        self.stream.flush()

    def isatty(self) -> bool:  # so that rich still colours a terminal
        try:
            return self.stream.isatty()
        except (AttributeError, ValueError, OSError):
            return False

    @property
    def encoding(self) -> str:
        return getattr(self.stream, "encoding", None) or "utf-8"

    def fileno(self) -> int:
        return self.stream.fileno()


@contextlib.contextmanager
def defended(stream: TextIO) -> Iterator[TextIO]:
    """``stream`` wrapped in a :class:`DefusedStream` for the block; what is left of a last line is written at its
    end. A terminal is wrapped too: what a person sees is what a CI log would hold."""
    wrapper = DefusedStream(stream)
    try:
        yield cast(TextIO, wrapper)
    finally:
        wrapper.finish()
