"""A loaded record: plain JSON data, the decoded text, and a source map from JSON Pointer to character spans.

Line numbers: LF, CRLF and a lone CR (old Mac files) each end a line, in JSON and YAML alike, because that is
what editors show. YAML reads a lone CR as a line break too; JSON reads it as white space, but a JSON error "on
line 1" of a file the author sees as thirty lines would be no help. U+0085, U+2028 and U+2029 are not line
breaks here (nor in editors or YAML 1.2); the YAML loader refuses them raw, since YAML 1.1 reads them as breaks.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from incidentlint.diagnostics import Severity
from incidentlint.lazyre import lazy


class Span(NamedTuple):
    """Character offsets into the decoded text: the value, and the key when the value is a mapping member."""

    start: int
    end: int
    key_start: int = -1
    key_end: int = -1


@dataclass(frozen=True, slots=True)
class LoadProblem:
    """A problem with the file itself, found before any schema or rule runs."""

    rule: str
    severity: Severity
    message: str
    offset: int = -1
    line: int = 0
    column: int = 0
    end_offset: int = -1
    pointer: str = ""
    #: Rules whose finding at the same pointer this problem accounts for in full (see incidentlint.pathescape):
    #: the engine drops theirs while this one is reported.
    shadows: tuple[str, ...] = ()
    fix: Any = None  # an incidentlint.api.Fix, as on a Finding


class Frame:
    """An open container while a loader builds data from text: where it starts, and the key being filled."""

    __slots__ = ("container", "key", "key_end", "key_start", "pointer", "seen", "start")

    def __init__(self, container: Any, pointer: str, start: int) -> None:
        self.container = container
        self.pointer = pointer
        self.start = start
        self.seen: dict[str, int] = {}  # key -> offset of its first occurrence, for duplicate-key messages
        self.key: str | None = None  # None: the next scalar in a mapping is a key
        self.key_start = -1
        self.key_end = -1


#: A line break: CRLF, a lone CR or LF (see the module docstring).
LINE_BREAK = lazy(r"\r\n?|\n")

#: The message for U+FEFF past the start of a file, where neither JSON nor YAML allows it (at the start it is the
#: file's byte order mark); the same words from both loaders.
STRAY_BOM = "a byte order mark (U+FEFF, invisible in most editors) is not allowed here; remove it"


def in_crlf(text: str, offset: int) -> bool:
    """Whether ``offset`` falls between the two characters of a CRLF line break."""
    return 0 < offset < len(text) and text[offset] == "\n" and text[offset - 1] == "\r"


def line_start(text: str, offset: int) -> int:
    """The offset where the line holding ``offset`` starts; LF, CRLF and a lone CR all end a line."""
    if in_crlf(text, offset):
        offset -= 1
    return max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset)) + 1


class Lines:
    """Offset to 1-based (line, column) conversion; columns count characters."""

    __slots__ = ("_starts", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._starts: list[int] | None = None

    def _index(self) -> list[int]:
        """The offset where each line starts; one more than the lines if the text ends with a line break."""
        text = self._text
        if "\r" in text:
            starts = [0, *(match.end() for match in LINE_BREAK.finditer(text))]
        else:  # almost every file: a find loop is about three times quicker than the regular expression
            starts = [0]
            index = text.find("\n")
            while index != -1:
                starts.append(index + 1)
                index = text.find("\n", index + 1)
        self._starts = starts
        return starts

    def position(self, offset: int) -> tuple[int, int]:
        starts = self._starts or self._index()
        text = self._text
        offset = max(0, min(offset, len(text)))
        line = bisect.bisect_right(starts, offset) - 1
        if line and starts[line] == len(text):
            # The end of a file that ends with a line break is the end of its last line, not the start of a line
            # that does not exist (no editor, code frame or CI annotation can show line N+1 of an N-line file).
            line -= 1
            offset = len(text) - (2 if text.endswith("\r\n") else 1)
        return line + 1, offset - starts[line] + 1

    def line_text(self, line: int) -> str:
        starts = self._starts or self._index()
        text = self._text
        if not 1 <= line <= len(starts) or (line > 1 and starts[line - 1] == len(text)):
            return ""
        end = starts[line] if line < len(starts) else len(text)
        segment = text[starts[line - 1] : end]
        if segment.endswith("\n"):
            return segment[:-2] if segment.endswith("\r\n") else segment[:-1]
        return segment[:-1] if segment.endswith("\r") else segment

    def lines(self) -> list[tuple[int, str]]:
        """Each line's start offset and text (without its line break); line n is item n - 1."""
        starts = self._starts or self._index()
        if len(starts) > 1 and starts[-1] == len(self._text):
            starts = starts[:-1]  # the text ends with a line break, which starts no line
        return [(start, self.line_text(number)) for number, start in enumerate(starts, 1)]


#: Spans a Document finds one by one (:meth:`Document.span`) before it builds them all.
FIND_LIMIT = 8


#: The top-level key that holds a JSON record's suppressions (see :mod:`incidentlint.suppressions`).
SUPPRESSION_KEY = "x-incidentlint"


@dataclass(slots=True)
class Document:
    """One parsed record. ``spans`` is filled lazily by ``span_builder`` for files that need positions."""

    path: str
    text: str
    data: Any
    format: str
    bom: bool = False
    problems: list[LoadProblem] = field(default_factory=list)
    span_builder: Callable[[], dict[str, Span]] | None = None
    #: One pointer's span, found without building them all (JSON): what :meth:`span` asks before ``spans`` is
    #: built. It may raise ValueError for a text it cannot walk; ``spans`` then answers.
    span_finder: Callable[[str], Span | None] | None = None
    _spans: dict[str, Span] | None = None
    _found: dict[str, Span | None] = field(default_factory=dict)
    lines: Lines = field(init=False)

    def __post_init__(self) -> None:
        self.lines = Lines(self.text)

    def may_suppress(self) -> bool:
        """A cheap test for whether the record holds any suppression: a YAML comment that names incidentlint, or
        the top-level ``x-incidentlint`` key (see :mod:`incidentlint.suppressions`, which a run imports only once
        a file has findings or this says yes)."""
        return (self.format == "yaml" and "incidentlint" in self.text) or (
            isinstance(self.data, dict) and SUPPRESSION_KEY in self.data
        )

    @property
    def spans(self) -> dict[str, Span]:
        if self._spans is None:
            self._spans = self.span_builder() if self.span_builder is not None else {}
        return self._spans

    def span(self, pointer: str) -> Span | None:
        """``spans.get(pointer)``, without building every span while only a few are asked for.

        Each lookup may read the whole text (in C, ~25 times quicker than building the spans in Python), so past
        :data:`FIND_LIMIT` lookups, for a file with many findings, the spans are built after all."""
        if self._spans is None and self.span_finder is not None:
            found = self._found
            if pointer in found:
                return found[pointer]
            if len(found) < FIND_LIMIT:
                try:
                    span = found[pointer] = self.span_finder(pointer)
                    return span
                except (ValueError, IndexError, StopIteration, RecursionError):
                    self.span_finder = None  # the text holds something the finder cannot walk: build them all
        return self.spans.get(pointer)

    def locate(self, pointer: str, on_key: bool = False) -> tuple[int, int]:
        """Start and end offsets for ``pointer``, falling back to the nearest ancestor that has a span."""
        current = pointer
        while True:
            span = self.span(current)
            if span is not None:
                if on_key and current == pointer and span.key_start >= 0:
                    return span.key_start, span.key_end
                return span.start, span.end
            if not current:
                return 0, 0
            current = current[: current.rfind("/")]
