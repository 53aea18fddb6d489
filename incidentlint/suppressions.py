"""Suppressions written in the record: YAML comments and the top-level ``x-incidentlint`` key.

- ``# incidentlint: disable=RULE[,RULE] -- reason`` at the end of a line applies to that line; on a line of its
  own it applies to the next line.
- ``# incidentlint: disable-file=RULE[,RULE] -- reason`` applies to the whole file, wherever it is.
- ``x-incidentlint: {disable: [RULE, "RULE -- reason", ...]}`` at the top level applies to the whole file (JSON has
  no comments).

Rules are named by name or code. The engine marks each suppression that hides a diagnostic as used and reports
the rest as ``unused-suppression``, together with the malformed ones collected here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from incidentlint import pointer as jp
from incidentlint.document import SUPPRESSION_KEY, Document
from incidentlint.textsafe import show_value, visible

KEY = SUPPRESSION_KEY
# The start of a directive: a YAML comment starts at the line start or after white space.
_LINE_BREAK = re.compile(r"[\r\n]")
_DIRECTIVE = re.compile(r"(?:^|(?<=[ \t]))#[ \t]*incidentlint[ \t]*:")
_NAME = r"[A-Za-z0-9_]+(?:-[A-Za-z0-9_]+)*"
_BODY = re.compile(
    rf"[ \t]*(?P<kind>disable-file|disable)[ \t]*=[ \t]*(?P<names>{_NAME}(?:[ \t]*,[ \t]*{_NAME})*)"
    r"[ \t]*(?:--.*)?$"
)
_NAMES = re.compile(_NAME)
USAGE = "write '# incidentlint: disable=RULE[,RULE] -- reason' or '# incidentlint: disable-file=RULE'"


@dataclass
class Suppression:
    """One named rule in one suppression. ``lines`` is empty for a whole-file suppression; comment suppressions
    carry the position of the rule name, ``x-incidentlint`` ones the pointer of the list item."""

    rule: str
    line: int
    column: int
    end_column: int
    lines: frozenset[int]
    pointer: str = ""
    used: bool = False


@dataclass(frozen=True)
class Malformed:
    """A suppression that cannot be understood; reported as ``unused-suppression`` at its position."""

    message: str
    line: int = 0
    column: int = 0
    end_column: int = 0
    pointer: str = ""
    on_key: bool = False


@dataclass
class Suppressions:
    items: list[Suppression] = field(default_factory=list)
    malformed: list[Malformed] = field(default_factory=list)

    def match(self, names: tuple[str, str], lines: set[int]) -> bool:
        """Whether any suppression covers a diagnostic of the check ``names`` (name, code) on ``lines``."""
        hit = False
        for item in self.items:
            if item.rule in names and (not item.lines or not item.lines.isdisjoint(lines)):
                item.used = True
                hit = True
        return hit


def collect(document: Document) -> Suppressions:
    found = Suppressions()
    if document.format == "yaml" and "incidentlint" in document.text:
        _comments(document, found)
    data = document.data
    if isinstance(data, dict) and KEY in data:
        _extension_key(data[KEY], found)
    return found


def _comments(document: Document, found: Suppressions) -> None:
    inside = _string_spans(document)
    # The document's own lines, so a comment's line agrees with the diagnostics' (a lone CR ends a line too).
    for number, (line_start, text) in enumerate(document.lines.lines(), start=1):
        if "incidentlint" not in text:
            continue
        for directive in _DIRECTIVE.finditer(text):
            at = line_start + directive.start()
            if any(start <= at < end for start, end in inside):
                continue  # a '#' inside a quoted or block string is text, not a comment
            body = _BODY.match(text, directive.end())
            if body is None:
                found.malformed.append(
                    Malformed(
                        f"this suppression comment is not understood; {USAGE}",
                        number,
                        directive.start() + 1,
                        len(text) + 1,
                    )
                )
                break
            own_line = not text[: directive.start()].strip()
            if body.group("kind") == "disable-file":
                lines: frozenset[int] = frozenset()
            else:
                lines = frozenset({number, number + 1}) if own_line else frozenset({number})
            for name in _NAMES.finditer(text, body.start("names"), body.end("names")):
                found.items.append(Suppression(name.group(), number, name.start() + 1, name.end() + 1, lines))
            break  # everything after the directive is its own text


def _string_spans(document: Document) -> list[tuple[int, int]]:
    """Character ranges of string values and keys, where a '#' is text rather than the start of a comment.

    A YAML block scalar's span starts at its header (``|-``, ``>``), but a comment on the header's line is a
    comment: the scalar's text begins on the next line."""
    ranges: list[tuple[int, int]] = []
    data, text = document.data, document.text
    for pointer, span in document.spans.items():
        if span.key_start >= 0:
            ranges.append((span.key_start, span.key_end))
        if isinstance(jp.resolve(data, pointer), str):
            start = span.start
            if document.format == "yaml" and text[start : start + 1] in ("|", ">"):
                header_end = _LINE_BREAK.search(text, start, span.end)
                start = header_end.start() if header_end is not None else span.end
            ranges.append((start, span.end))
    return ranges


def _extension_key(value: object, found: Suppressions) -> None:
    pointer = "/" + KEY
    if not isinstance(value, dict):
        found.malformed.append(
            Malformed(
                f"{KEY} must be a mapping like {{disable: [RULE, ...]}}; got {show_value(value)}", pointer=pointer
            )
        )
        return
    for key in value:
        if key != "disable":
            found.malformed.append(
                Malformed(
                    f"unknown key '{visible(str(key))}' in {KEY}; the only key is 'disable', a list of rule names, "
                    "each with its reason after ' -- ' if you like",
                    pointer=jp.join(pointer, str(key)),
                    on_key=True,
                )
            )
    disable = value.get("disable")
    if disable is None:
        return
    if not isinstance(disable, list):
        found.malformed.append(
            Malformed(
                f"{KEY}.disable must be a list of rule names or codes; got {show_value(disable)}",
                pointer=pointer + "/disable",
            )
        )
        return
    for index, name in enumerate(disable):
        item = f"{pointer}/disable/{index}"
        # 'RULE -- reason', as in a comment: no rule name holds '--', so the first one starts the reason.
        rule = name.partition("--")[0].strip() if isinstance(name, str) else ""
        if rule:
            found.items.append(Suppression(rule, 0, 0, 0, frozenset(), pointer=item))
        else:
            found.malformed.append(
                Malformed(f"{KEY}.disable[{index}] must be a rule name or code; got {show_value(name)}", pointer=item)
            )
