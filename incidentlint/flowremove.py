"""Remove one item from a flow sequence (``[a, b]``, JSON or YAML) and one comma, keeping every comment that is not
the item's own.

The text between two items (a *gap*) holds blanks, line breaks, one comma and YAML comments. A comment belongs to
an item when it ends the line the item ends on and the item starts its own line (``  "Sarah Chen",  # primary``):
it goes with that item, as in a block sequence. Every other comment stays where it is, so removing the copy after
``"Sarah Chen",  # primary`` keeps ``# primary``. A gap holding anything else is a layout the fixer leaves alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from incidentlint.document import line_start

_BLANK = " \t\r\n"


class Layout(ValueError):
    """The flow sequence is written in a way this module does not edit; the finding stays for a person."""


@dataclass
class Gap:
    """The text between two items, or between an item and a bracket: where its commas and comments are."""

    start: int
    end: int
    commas: list[int] = field(default_factory=list)
    comments: list[tuple[int, int]] = field(default_factory=list)


def _comment_end(text: str, offset: int) -> int:
    ends = [found for found in (text.find("\n", offset), text.find("\r", offset)) if found >= 0]
    return min(ends, default=len(text))


def _starts_line(text: str, offset: int) -> bool:
    return not text[line_start(text, offset) : offset].strip(" \t")


def _gap(text: str, start: int, end: int) -> Gap:
    gap = Gap(start, end)
    position = start
    while position < end:
        char = text[position]
        if char == ",":
            gap.commas.append(position)
        elif char == "#":
            stop = min(_comment_end(text, position), end)
            gap.comments.append((position, stop))
            position = stop
            continue
        elif char not in _BLANK:
            raise Layout(f"unexpected {char!r} between the items")
        position += 1
    return gap


def own_comment(text: str, item: tuple[int, int], after: Gap) -> tuple[int, int] | None:
    """The comment that ends the line ``item`` ends on, when the item starts its line: the item's own comment."""
    if not after.comments or not _starts_line(text, item[0]):
        return None
    comment = after.comments[0]
    between = text[item[1] : comment[0]]
    return comment if "\n" not in between and "\r" not in between else None


def gaps_of(text: str, whole: tuple[int, int], items: Sequence[tuple[int, int]]) -> list[Gap]:
    """The gaps of the flow sequence spanning ``whole``, before, between and after its ``items``; raises
    :class:`Layout` unless one comma separates each two items. What :func:`removal` needs for any item."""
    opening, closing = whole[0], whole[1] - 1
    if text[opening] != "[" or text[closing] != "]":
        raise Layout("the sequence does not start with '[' and end with ']'")
    bounds = [opening + 1, *(point for item in items for point in item), closing]
    gaps = [_gap(text, bounds[2 * n], bounds[2 * n + 1]) for n in range(len(items) + 1)]
    if any(len(gap.commas) != 1 for gap in gaps[1:-1]) or gaps[0].commas or len(gaps[-1].commas) > 1:
        raise Layout("the items are not separated by one comma each")
    return gaps


def removal(
    text: str,
    whole: tuple[int, int],
    items: Sequence[tuple[int, int]],
    index: int,
    gaps: Sequence[Gap] | None = None,
) -> tuple[int, int, str]:
    """``(start, end, replacement)`` that removes ``items[index]`` from the flow sequence spanning ``whole``;
    ``gaps`` is :func:`gaps_of` for it, when the caller has it already."""
    closing = whole[1] - 1
    if gaps is None:
        gaps = gaps_of(text, whole, items)
    if gaps[index + 1].commas:
        return _with_comma_after(text, items[index], gaps[index + 1], closing)
    return _with_comma_before(text, items, index, gaps, whole)


def _with_comma_after(text: str, item: tuple[int, int], after: Gap, closing: int) -> tuple[int, int, str]:
    """The item, the comma after it and its own comment, up to what comes next: an item, a comment or ``]``."""
    comma = after.commas[0]
    own = own_comment(text, item, after)
    if any(comment[0] < comma and comment != own for comment in after.comments):
        raise Layout("a comment that is not the item's own lies between the item and its comma")
    end = max(comma + 1, own[1] if own is not None and own[0] > comma else 0)
    while end < after.end and text[end] in _BLANK:
        end += 1
    start = item[0]
    if end == closing and _starts_line(text, start) and _starts_line(text, closing):
        return line_start(text, start), line_start(text, closing), ""  # the item's lines, before a `]` line
    if text[end] == "#" and text[start - 1] not in _BLANK:
        return start, end, " "  # a comment must stay apart from the `[` or `,` before it
    if end == closing and text[closing - 1] == ",":
        while text[start - 1] in " \t":  # `[a, b, b,]` becomes `[a, b,]`, not `[a, b, ]`
            start -= 1
    return start, end, ""


def _with_comma_before(
    text: str, items: Sequence[tuple[int, int]], index: int, gaps: Sequence[Gap], whole: tuple[int, int]
) -> tuple[int, int, str]:
    """The last item (with no trailing comma), its own comment, and the comma before it; comments stay."""
    item, before = items[index], gaps[index]
    own = own_comment(text, item, gaps[index + 1])
    stop = own[1] if own is not None else item[1]
    if not before.comments:
        if len(items) == 1 and not gaps[1].comments:
            return whole[0] + 1, whole[1] - 1, ""
        return before.start, stop, ""
    start = max(end for _, end in before.comments)
    rest = stop
    while rest < len(text) and text[rest] in " \t":
        rest += 1
    if rest < len(text) and text[rest] not in "\r\n":  # `]` follows on the line: keep the comment's line break
        start = start + (2 if text[start : start + 2] == "\r\n" else 1)
    if not before.commas or before.commas[0] > start:
        return start, stop, ""  # no comma, or it comes after the comments and goes with the item
    comma = before.commas[0]
    return comma, stop, text[comma + 1 : start]
