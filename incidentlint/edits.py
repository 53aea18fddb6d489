"""Turn a fix's value-level operations into text edits on the file as written, so nothing else changes.

A fix from a rule says what the corrected *value* is (:mod:`incidentlint.api` ``Replace``/``Reorder``/``Remove``).
This module finds the characters that hold that value (``Document.spans``) and writes the smallest edit that
changes it, in the syntax and quoting style already used there. The document is never re-serialised.

Layout decisions (documented in the README):
- Replace keeps the old token's style: JSON is ``json.dumps``; YAML keeps a plain scalar plain when the new text
  reads back as the same string, keeps single or double quotes, and keeps a block scalar (``|``/``>``) when the
  new value is one line that its chomping indicator can express; otherwise it writes a double-quoted scalar.
- Reorder swaps item texts and leaves the separators (commas, blank lines) where they were. In a YAML block
  sequence an item is its ``- `` lines plus the comment lines directly above its dash, so a comment written
  above an entry moves with it; a comment after a blank line stays where it is.
- Remove deletes the item and exactly one separator: the comma (or the line break and blank lines) after it,
  or before it for the last item. In a flow sequence every comment that is not the item's own stays
  (:mod:`incidentlint.flowremove`).
"""

from __future__ import annotations

import bisect
import itertools
import json
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from incidentlint import pointer as jp
from incidentlint.api import FixOp, Remove, Reorder, Replace
from incidentlint.document import LINE_BREAK, Document, Span, in_crlf, line_start
from incidentlint.flowremove import Gap, Layout, gaps_of, own_comment, removal
from incidentlint.yamlload import load_yaml
from incidentlint.yamlquick import NON_PRINTABLE


@dataclass(frozen=True, slots=True, order=True)
class Edit:
    """Replace ``text[start:end]`` with ``replacement``; offsets are into the decoded text (BOM stripped)."""

    start: int
    end: int
    replacement: str


T = TypeVar("T")


class InvalidFix(Exception):
    """The fix names a value that is not in the record, or asks for an impossible change: a bug in the rule."""


class Unsupported(Exception):
    """The file's layout cannot take this fix as a text edit; the finding stays for a person to fix."""


def lookup(data: Any, pointer: str) -> Any:
    """The value at ``pointer``, or ``pointer.MISSING``."""
    return jp.resolve(data, pointer, jp.MISSING)


def exists(data: Any, pointer: str) -> bool:
    return lookup(data, pointer) is not jp.MISSING


def edits_for(document: Document, ops: Sequence[FixOp]) -> list[Edit]:
    """The text edits for one fix; raises :class:`InvalidFix` or :class:`Unsupported`."""
    edits: list[Edit] = []
    for op in ops:
        if isinstance(op, Replace):
            edits.append(_replace(document, op))
        elif isinstance(op, Reorder):
            edits.extend(_reorder(document, op))
        elif isinstance(op, Remove):
            edits.append(_remove(document, op))
        else:
            raise InvalidFix(f"the fix holds {type(op).__name__}, which is not Replace, Reorder or Remove")
    edits.sort()
    for before, after in itertools.pairwise(edits):
        if overlap(before, after):
            raise InvalidFix("the fix's own operations overlap each other")
    return edits


def overlap(a: Edit, b: Edit) -> bool:
    """Edits that touch the same characters, or insert at the same place, cannot both apply in one pass."""
    if a.start == a.end == b.start == b.end:
        return True
    return max(a.start, b.start) < min(a.end, b.end)


def apply(text: str, edits: Sequence[Edit]) -> str:
    """Apply non-overlapping edits (offsets into ``text``)."""
    out: list[str] = []
    position = 0
    for edit in sorted(edits):
        out.append(text[position : edit.start])
        out.append(edit.replacement)
        position = edit.end
    out.append(text[position:])
    return "".join(out)


# -- Replace ---------------------------------------------------------------------------------------------------


def _check_json_value(value: Any, pointer: str) -> None:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, float) and not math.isfinite(item):
            raise InvalidFix(f"the new value for {pointer} is {item}, which JSON and YAML cannot hold")
        if isinstance(item, dict):
            if not all(isinstance(key, str) for key in item):
                raise InvalidFix(f"the new value for {pointer} has a key that is not a string")
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif not isinstance(item, str | int | float | bool | type(None)):
            raise InvalidFix(f"the new value for {pointer} is a {type(item).__name__}, not a JSON value")


def _replace(document: Document, op: Replace) -> Edit:
    if not op.pointer:
        raise InvalidFix("the fix replaces the whole record, which is not a value in the record")
    if not exists(document.data, op.pointer):
        raise InvalidFix(
            f"the fix replaces {op.pointer}, which is not a value in the record (Replace changes a value the record "
            "has and cannot add one)"
        )
    _check_json_value(op.value, op.pointer)
    span = document.span(op.pointer)
    if span is None:
        raise Unsupported(f"no source position for {op.pointer}")
    old = lookup(document.data, op.pointer)
    token = document.text[span.start : span.end]
    if document.format == "json":
        return Edit(span.start, span.end, json.dumps(op.value, ensure_ascii="\\u" in token))
    return _yaml_replace(document.text, span, token, old, op.value)


_BREAK_CHARACTER = re.compile("[\r\n]")
#: A node's tag and what separates it from the value: blanks, line breaks and comments ('!!str  # rounded').
_TAG = re.compile(r"![^\s]*(?:\s|#[^\r\n]*)+")
_YAML_ESCAPE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
_PLAIN_FIRST = frozenset("-?:,[]{}#&*!|>'\"%@`")


def yaml_double(value: str) -> str:
    """A YAML double-quoted scalar; JSON's escapes are valid YAML, plus escapes for YAML's own line breaks."""
    rendered = json.dumps(value, ensure_ascii=False)
    return _YAML_ESCAPE.sub(lambda match: f"\\u{ord(match.group()):04x}", rendered)


def _needs_escape(value: str) -> bool:
    return NON_PRINTABLE.search(value) is not None or _YAML_ESCAPE.search(value) is not None


def yaml_single(value: str) -> str | None:
    """A YAML single-quoted scalar, or None when the value has characters only double quotes can write."""
    if "\n" in value or "\r" in value or "\t" in value or _needs_escape(value):
        return None
    return "'" + value.replace("'", "''") + "'"


def plain_safe(value: str) -> bool:
    """Whether ``value`` written unquoted reads back as the same string, in block and flow context alike."""
    if not value or value != value.strip() or value[0] in _PLAIN_FIRST or _needs_escape(value):
        return False
    if any(char in value for char in "\n\r\t,[]{}") or ": " in value or " #" in value or value.endswith(":"):
        return False
    # The loader is the judge: a value it would read as a number, boolean, null or ambiguous text needs quotes.
    data, _, problems = load_yaml(f"k: {value}\n")
    return not problems and data == {"k": value}


def _yaml_replace(text: str, span: Span, token: str, old: Any, new: Any) -> Edit:
    start = span.start
    tag = _TAG.match(token) if token.startswith("!") else None
    if token.startswith("!"):
        if tag is None:
            raise Unsupported("a tag without a value")
        start += tag.end()
        token = token[tag.end() :]
    if isinstance(old, dict | list) and token[:1] not in ("[", "{"):
        raise Unsupported("replacing a block collection")
    first = token[:1]
    if first in ("|", ">") and isinstance(new, str):
        return _block_replace(text, start, span.end, new)
    rendered: str
    if not isinstance(new, str):
        rendered = json.dumps(new, ensure_ascii=True)
    elif first == "'":
        rendered = yaml_single(new) or yaml_double(new)
    elif first == '"':
        rendered = yaml_double(new)
    else:
        rendered = new if plain_safe(new) else yaml_double(new)
    end = span.end
    if first in ("|", ">"):  # a block scalar replaced by a flow scalar: keep its trailing line break and blanks
        end = _content_end(text, start, span.end)
        rendered += _header_comment(text, start, end)
    if token == "" and start > 0 and text[start - 1] not in " \t\r\n":
        rendered = " " + rendered  # `key:` with an empty (null) value
    return Edit(start, end, rendered)


def _header_comment(text: str, start: int, end: int) -> str:
    """The comment on a block scalar's header line, with the blanks before it; it stays when the scalar is
    rewritten as a flow scalar on that line."""
    header = re.match(r"[|>][-+0-9]*([ \t]+#[^\r\n]*)?", text[start : min(_line_end(text, start), end)])
    return header.group(1) or "" if header is not None else ""


def _content_end(text: str, start: int, end: int) -> int:
    """The end of a block scalar's last content character (its span runs on over the trailing blank lines)."""
    header_end = min(_line_end(text, start), end)
    while end > header_end and text[end - 1] in " \t\r\n":
        end -= 1
    return max(end, header_end)


def _block_replace(text: str, start: int, end: int, new: str) -> Edit:
    """Keep ``|``/``>`` style when the new value is one line its chomping can express, else double-quote it."""
    header_end = _line_end(text, start)
    last = _content_end(text, start, end)
    header = text[start : min(header_end, end)]
    indicators = re.match(r"[|>]([-+0-9]*)", header)
    flags = indicators.group(1) if indicators else "+"
    body: str | None = None
    if header_end < len(text) and last > header_end and not any(c.isdigit() or c == "+" for c in flags):
        body = new if "-" in flags else (new[:-1] if new.endswith("\n") else None)
        if body is not None and (
            not body or body != body.strip() or "\n" in body or "\r" in body or _needs_escape(body)
        ):
            body = None
    if body is None:
        return Edit(start, last, yaml_double(new) + _header_comment(text, start, end))
    content = first_line = _next_line(text, start)
    while (stop := _line_end(text, first_line)) < len(text) and not text[first_line:stop].strip():
        first_line = _next_line(text, first_line)  # leading blank lines of the old content
    indent = len(text[first_line:last]) - len(text[first_line:last].lstrip(" "))
    return Edit(content, last, " " * indent + body)


# -- Reorder and Remove -----------------------------------------------------------------------------------------


class _Remembered:
    """What the last document's lists look like, by pointer: a report checks the fix of each of up to a hundred
    duplicates in one list, and finding every item's position (and, for a removal, every separator) again for
    each of them made a list of 150,000 items take a minute. Only the last document is kept; a document is never
    changed once parsed (each fix pass parses the new text into a new one). A problem is remembered too, and
    raised afresh each time."""

    def __init__(self) -> None:
        self.document: Document | None = None
        self.results: dict[tuple[str, str], object] = {}

    def get(self, document: Document, key: tuple[str, str], compute: Callable[[], T]) -> T:
        if self.document is not document:
            self.document, self.results = document, {}
        if key not in self.results:
            try:
                self.results[key] = compute()
            except (InvalidFix, Unsupported, Layout) as error:
                self.results[key] = _Problem(type(error), error.args)
        result = self.results[key]
        if isinstance(result, _Problem):
            raise result.kind(*result.args)
        return cast(T, result)


@dataclass(frozen=True)
class _Problem:
    kind: type[Exception]
    args: tuple[object, ...]


_remembered = _Remembered()


def _array(document: Document, pointer: str) -> tuple[list[Any], Span, list[Span]]:
    return _remembered.get(document, ("array", pointer), lambda: _find_array(document, pointer))


def _find_array(document: Document, pointer: str) -> tuple[list[Any], Span, list[Span]]:
    value = lookup(document.data, pointer)
    if not isinstance(value, list):
        raise InvalidFix(f"the fix rearranges {pointer or 'the whole record'}, which is not a list in the record")
    spans = document.spans
    whole = spans.get(pointer)
    items = [spans.get(jp.join(pointer, index)) for index in range(len(value))]
    if whole is None or any(item is None for item in items):
        raise Unsupported(f"no source positions for the items of {pointer}")
    return value, whole, [item for item in items if item is not None]


def _is_flow(document: Document, whole: Span) -> bool:
    return document.format == "json" or document.text[whole.start : whole.start + 1] == "["


# Lines end at LF, CRLF or a lone CR, as YAML and document.Lines have it. An offset on a line break belongs to the
# line that the break ends.


def _line_end(text: str, offset: int) -> int:
    """The end of the line holding ``offset``, before its line break; the length of the text on the last line."""
    if in_crlf(text, offset):
        return offset - 1
    match = _BREAK_CHARACTER.search(text, offset)
    return match.start() if match is not None else len(text)


def _next_line(text: str, offset: int) -> int:
    """The start of the line after the one holding ``offset``; the length of the text on the last line."""
    match = LINE_BREAK.search(text, offset - 1 if in_crlf(text, offset) else offset)
    return match.end() if match is not None else len(text)


def _within(document: Document, pointer: str) -> list[str]:
    """The pointers of the value at ``pointer`` and of every value below it that have a span."""
    # The pointers from "<pointer>/" up to "<pointer>0" ('0' follows '/'), found in the sorted pointers rather than
    # by testing every span of the file for each item, which made removing a duplicate from a block list of 60,000
    # items take minutes.
    pointers = _remembered.get(document, ("pointers", ""), lambda: sorted(document.spans))
    below = pointers[bisect.bisect_left(pointers, pointer + "/") : bisect.bisect_left(pointers, pointer + "0")]
    return [pointer, *below] if pointer in document.spans else below


def _item_content_end(document: Document, pointer: str, item: Span) -> int:
    """The last character of an item's own text. Block mappings' spans run on to the next token, so use the
    ends of their scalars and flow collections instead, and step back over a block scalar's trailing blanks."""
    text = document.text
    spans = document.spans
    best = -1
    for where in _within(document, pointer):
        span = spans[where]
        value = lookup(document.data, where)
        if isinstance(value, dict | list) and text[span.start : span.start + 1] not in ("[", "{"):
            continue
        best = max(best, span.end, span.key_end)
    if best < item.start:
        raise Unsupported(f"cannot find where {pointer} ends")
    while best > item.start and text[best - 1] in " \t\r\n":
        best -= 1
    return best


def _indent(text: str, line_start: int) -> int:
    """The columns of blanks that open the line starting at ``line_start``."""
    line = text[line_start : _line_end(text, line_start)]
    return len(line) - len(line.lstrip(" \t"))


def _is_comment_line(line: str) -> bool:
    return line.lstrip(" \t").startswith("#")


def _block_slots(document: Document, pointer: str, whole: Span, items: list[Span]) -> tuple[list[tuple[int, int]], int]:
    """Each block-sequence item's lines (with the comment lines directly above its dash), and the dash column."""
    return _remembered.get(document, ("block", pointer), lambda: _find_block_slots(document, pointer, whole, items))


def _find_block_slots(
    document: Document, pointer: str, whole: Span, items: list[Span]
) -> tuple[list[tuple[int, int]], int]:
    text = document.text
    if text[whole.start : whole.start + 1] != "-":
        raise Unsupported(f"{pointer} is not a block sequence")
    column = whole.start - line_start(text, whole.start)
    if text[line_start(text, whole.start) : whole.start].strip(" "):
        raise Unsupported(f"{pointer} starts on a line shared with other content")
    slots: list[tuple[int, int]] = []
    previous_end = -1
    for index, item in enumerate(items):
        if index == 0:
            dash_line = line_start(text, whole.start)
        else:
            dash_line = _next_line(text, previous_end)
            while dash_line < item.start:
                line = text[dash_line : _line_end(text, dash_line)]
                if line.strip() and not _is_comment_line(line):
                    break
                dash_line = _next_line(text, dash_line)
            if text[dash_line + column : dash_line + column + 1] != "-" or text[dash_line : dash_line + column].strip(
                " "
            ):
                raise Unsupported(f"item {index} of {pointer} does not start with a dash in the sequence's column")
        start = dash_line
        floor = 0 if index == 0 else _next_line(text, previous_end)
        while start > floor:  # comment lines directly above the dash, no deeper than it, belong to the item
            above = line_start(text, start - 1)
            if not _is_comment_line(text[above : _line_end(text, above)]) or _indent(text, above) > column:
                break
            start = above
        end = _line_end(text, _item_content_end(document, jp.join(pointer, index), item))
        while True:  # a comment indented deeper than the dash, right after the item, is the item's own last line
            after = _next_line(text, end)
            line = text[after : _line_end(text, after)]
            if after >= len(text) or not _is_comment_line(line) or _indent(text, after) <= column:
                break
            end = _line_end(text, after)
        if slots and start < slots[-1][1]:
            raise Unsupported(f"the items of {pointer} share lines")
        slots.append((start, end))
        previous_end = end
    if any(_KEEP_CHOMPING.search(text, start, end) for start, end in slots):
        # A |+ or >+ scalar keeps the blank lines after it as part of its value, and they are not inside the item's
        # lines: moving or removing the item would change that value. The finding stays for a person.
        raise Unsupported(f"an item of {pointer} holds a block scalar that keeps its trailing blank lines (|+ or >+)")
    return slots, column


#: A block scalar header with keep chomping ('|+', '>+', '|2+', '>+2'), after a key or a dash and maybe a tag
#: ('!!str |+'). Matching inside a quoted string only makes the fixer decline, which is safe.
_KEEP_CHOMPING = re.compile(
    r"(?:^|[:\-])[ \t]+(?:![^ \t\r\n]*[ \t]+)?[|>](?:[1-9]?\+|\+[1-9])[ \t]*(?:#[^\n\r]*)?$", re.MULTILINE
)
#: The start of a block scalar, after its tag if it has one: its style, then its indentation and chomping indicators.
_BLOCK_HEADER = re.compile(rf"(?:{_TAG.pattern})?[|>]([-+1-9]*)")


def _unterminated(text: str, slots: list[tuple[int, int]]) -> bool:
    """Whether the last item of a block sequence ends the file with no line break after it."""
    return LINE_BREAK.search(text, slots[-1][1]) is None


def _ends_in_clipped_scalar(document: Document, pointer: str, end: int) -> bool:
    """Whether the item at ``pointer``, whose lines end at ``end``, ends with a block scalar that clips (``|``,
    ``>``): its value ends in a line break only when one follows its last line, so the item cannot move to or from
    the end of a file that has no final line break without its value changing."""
    text = document.text
    for where in _within(document, pointer):
        span = document.spans[where]
        header = _BLOCK_HEADER.match(text, span.start, span.end)
        if header is None or "-" in header.group(1) or not isinstance(lookup(document.data, where), str):
            continue
        if _line_end(text, _content_end(text, span.start, span.end)) >= end:
            return True
    return False


def _clip_guard(document: Document, pointer: str, slots: list[tuple[int, int]], moved: tuple[int, ...]) -> None:
    """Refuse to move items ``moved`` to or from the end of a file without a final line break when one of them
    ends in a clipping block scalar (see :func:`_ends_in_clipped_scalar`); the finding stays for a person."""
    if not _unterminated(document.text, slots):
        return
    if any(_ends_in_clipped_scalar(document, jp.join(pointer, index), slots[index][1]) for index in moved):
        raise Unsupported(
            f"an item of {pointer} ends in a block scalar (| or >) whose final line break depends on the line break "
            "that the file's last line lacks"
        )


def _slots(document: Document, pointer: str, whole: Span, items: list[Span]) -> list[tuple[int, int]]:
    if _is_flow(document, whole):
        return [(item.start, item.end) for item in items]
    return _block_slots(document, pointer, whole, items)[0]


def _reorder(document: Document, op: Reorder) -> list[Edit]:
    value, whole, items = _array(document, op.pointer)
    order = tuple(op.order)
    if sorted(order) != list(range(len(value))) or not all(type(index) is int for index in order):
        raise InvalidFix(
            f"the new order {list(order)} for {op.pointer} is not a rearrangement of its {len(value)} items"
        )
    slots = _slots(document, op.pointer, whole, items)
    text = document.text
    moved = [position for position, source in enumerate(order) if position != source]
    if not _is_flow(document, whole):
        last = len(slots) - 1
        if order and order[last] != last:
            _clip_guard(document, op.pointer, slots, (last, order[last]))
    elif document.format == "yaml" and _comments_would_stay(document, op.pointer, whole, items, set(moved)):
        raise Unsupported(f"comments beside the items of {op.pointer} would not move with them")
    return [
        Edit(slots[position][0], slots[position][1], text[slots[order[position]][0] : slots[order[position]][1]])
        for position in moved
    ]


def _comments_would_stay(document: Document, pointer: str, whole: Span, items: list[Span], moved: set[int]) -> bool:
    """Whether a comment in a YAML flow sequence belongs to an item that moves. Only the items' values move, so
    the comment would stay and describe another entry. A comment belongs to the item whose line it ends (see
    :mod:`incidentlint.flowremove`), or else to the item after it."""
    try:
        _, gaps = _remembered.get(document, ("flow", pointer), lambda: _flow_layout(document, whole, items))
    except Layout:
        return True
    for index, gap in enumerate(gaps):
        before = items[index - 1] if index else None
        own = own_comment(document.text, (before.start, before.end), gap) if before is not None else None
        if any((index - 1 if comment == own else index) in moved for comment in gap.comments):
            return True
    return False


def _flow_layout(document: Document, whole: Span, items: list[Span]) -> tuple[list[tuple[int, int]], list[Gap]]:
    bounds = [(item.start, item.end) for item in items]
    return bounds, gaps_of(document.text, (whole.start, whole.end), bounds)


def _remove(document: Document, op: Remove) -> Edit:
    parent, _, last_token = op.pointer.rpartition("/")
    container = lookup(document.data, parent) if op.pointer else None
    if not isinstance(container, list) or not last_token.isdigit() or int(last_token) >= len(container):
        raise InvalidFix(f"the fix removes {op.pointer or 'the whole record'}, which is not an item of a list")
    if last_token != str(int(last_token)):
        raise InvalidFix(f"the fix removes {op.pointer}, whose index has leading zeros")
    index = int(last_token)
    _, whole, items = _array(document, parent)
    if _is_flow(document, whole):
        try:
            bounds, gaps = _remembered.get(document, ("flow", parent), lambda: _flow_layout(document, whole, items))
            start, end, replacement = removal(document.text, (whole.start, whole.end), bounds, index, gaps)
        except Layout as error:
            raise Unsupported(f"removing item {index} of {parent}: {error}") from None
        return Edit(start, end, replacement)
    spans, column = _block_slots(document, parent, whole, items)
    if len(spans) == 1:  # an empty block sequence does not exist: write an empty flow one
        key_start = whole.key_start if whole.key_start >= 0 else whole.start
        indent = max(column, key_start - line_start(document.text, key_start) + 2)
        return Edit(spans[0][0], spans[0][1], " " * indent + "[]")
    if index < len(spans) - 1:
        # The item's own lines and the blank lines after them; a comment between it and the next item, which
        # belongs to neither, stays.
        text = document.text
        end = _next_line(text, spans[index][1])
        while end < spans[index + 1][0] and not text[end : _line_end(text, end)].strip():
            end = _next_line(text, end)
        return Edit(spans[index][0], end, "")
    # The last block item: its own lines and the line break before them; what lies between it and the item above
    # (a comment after a blank line, which is not the item's) stays. The item above becomes the last.
    _clip_guard(document, parent, spans, (index - 1,))
    start = spans[index][0]
    start -= 2 if document.text[start - 2 : start] == "\r\n" else 1
    return Edit(max(start, spans[index - 1][1]), spans[index][1], "")
