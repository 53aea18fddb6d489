"""A loaded record: plain JSON data, the decoded text, and a source map from JSON Pointer to character spans."""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from incidentlint.diagnostics import Severity


@dataclass(frozen=True, slots=True)
class Span:
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


class Lines:
    """Offset to 1-based (line, column) conversion; columns count characters."""

    __slots__ = ("_starts", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._starts: list[int] | None = None

    def position(self, offset: int) -> tuple[int, int]:
        if self._starts is None:
            text = self._text
            starts = [0]
            index = text.find("\n")
            while index != -1:
                starts.append(index + 1)
                index = text.find("\n", index + 1)
            self._starts = starts
        offset = max(0, min(offset, len(self._text)))
        line = bisect.bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1

    def line_text(self, line: int) -> str:
        self.position(0)  # builds the line index
        assert self._starts is not None
        if not 1 <= line <= len(self._starts):
            return ""
        begin = self._starts[line - 1]
        end = self._starts[line] - 1 if line < len(self._starts) else len(self._text)
        return self._text[begin:end].rstrip("\r")


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
    _spans: dict[str, Span] | None = None
    lines: Lines = field(init=False)

    def __post_init__(self) -> None:
        self.lines = Lines(self.text)

    @property
    def spans(self) -> dict[str, Span]:
        if self._spans is None:
            self._spans = self.span_builder() if self.span_builder is not None else {}
        return self._spans

    def locate(self, pointer: str, on_key: bool = False) -> tuple[int, int]:
        """Start and end offsets for ``pointer``, falling back to the nearest ancestor that has a span."""
        spans = self.spans
        current = pointer
        while True:
            span = spans.get(current)
            if span is not None:
                if on_key and current == pointer and span.key_start >= 0:
                    return span.key_start, span.key_end
                return span.start, span.end
            if not current:
                return 0, 0
            current = current[: current.rfind("/")]
