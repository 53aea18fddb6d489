"""Where a key of a configuration file sits, so that a message about it can say ``(line L, column C)``.

Only a configuration with a problem pays for this: YAML is loaded again for its spans, and TOML (tomllib keeps no
positions) is scanned line by line for the table headers and ``key =`` lines that lead to the key, which finds
every key as people write them, then into a list, over its strings, comments and nested values, to the item a
message is about (``select[2]``); a key it cannot find gets no position rather than a wrong one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from incidentlint import pointer as jp
from incidentlint.document import Lines

_KEY = r"""(?:"(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_-]+)"""
_DOTTED = rf"{_KEY}(?:\s*\.\s*{_KEY})*"
_HEADER = re.compile(rf"\s*\[\[?\s*({_DOTTED})\s*\]\]?\s*(?:#.*)?$")
_ASSIGN = re.compile(rf"\s*({_DOTTED})\s*=\s*")
_PART = re.compile(_KEY)
_INLINE = re.compile(rf"[{{,]\s*({_KEY})\s*=\s*")


def where(text: str, toml: bool, pyproject: bool, parts: Sequence[str | int], on_key: bool = False) -> str:
    """`` (line L, column C)`` of the key (``on_key``) or value at ``parts`` in ``text``, or '' if not found."""
    if not text or not parts:
        return ""
    offset = _toml_offset(text, parts, pyproject, on_key) if toml else _yaml_offset(text, parts, on_key)
    if offset is None:
        return ""
    line, column = Lines(text).position(offset)
    return f" (line {line}, column {column})"


def _yaml_offset(text: str, parts: Sequence[str | int], on_key: bool) -> int | None:
    from incidentlint.yamlload import load_yaml

    _, spans, _ = load_yaml(text)
    span = spans.get(jp.from_path(parts))
    if span is None:
        return None
    return span.key_start if on_key and span.key_start >= 0 else span.start


def _unquote(key: str) -> str:
    if key[:1] in ('"', "'"):
        return key[1:-1]
    return key


def _split(dotted: str) -> list[str]:
    return [_unquote(match.group()) for match in _PART.finditer(dotted)]


def _toml_offset(text: str, parts: Sequence[str | int], pyproject: bool, on_key: bool) -> int | None:
    """The key (``on_key``) or value at ``parts``, else the header or key that leads furthest along them. List
    indices after the last key lead into the list written on that key's line (``select = ["a", "b"]``, or one
    item a line), to the item; an index the scan cannot follow points at the list."""
    keys = list(parts)
    indices: list[int] = []
    while keys and not on_key:
        last = keys[-1]
        if not isinstance(last, int):
            break
        indices.insert(0, last)
        keys.pop()
    found = _key_offset(text, keys, pyproject, on_key)
    if found is None or not indices or found[0] < sum(not isinstance(part, int) for part in keys):
        return None if found is None else found[1]
    offset = found[1]
    for index in indices:
        item = _array_item(text, offset, index)
        if item is None:
            break
        offset = item
    return offset


def _array_item(text: str, start: int, index: int) -> int | None:
    """The offset of item ``index`` of the TOML array that opens at ``start``, or None (no array there, or too
    short). Strings of the four kinds, nested arrays and inline tables, and comments between items are skipped."""
    if text[start : start + 1] != "[":
        return None
    position = _skip_blank(text, start + 1)
    for _ in range(index):
        if position >= len(text) or text[position] == "]":
            return None
        position = _skip_blank(text, _skip_value(text, position))
        if text[position : position + 1] != ",":
            return None
        position = _skip_blank(text, position + 1)
    return position if position < len(text) and text[position] != "]" else None


def _skip_blank(text: str, position: int) -> int:
    """Past whitespace, line breaks and comments."""
    while position < len(text):
        char = text[position]
        if char == "#":
            end = text.find("\n", position)
            position = len(text) if end < 0 else end + 1
        elif char in " \t\r\n":
            position += 1
        else:
            break
    return position


def _skip_value(text: str, position: int) -> int:
    """Past the TOML value that starts at ``position``."""
    for quotes in ('"""', "'''"):
        if text.startswith(quotes, position):
            end = position + 3
            while True:
                end = text.find(quotes, end)
                if end < 0:
                    return len(text)
                if quotes == "'''" or _unescaped(text, end):
                    end += 3
                    while text.startswith(quotes[0], end):  # up to two quotes may end the string's content
                        end += 1
                    return end
                end += 1
    char = text[position]
    if char == "'":
        end = text.find("'", position + 1)
        return len(text) if end < 0 else end + 1
    if char == '"':
        end = position + 1
        while True:
            end = text.find('"', end)
            if end < 0:
                return len(text)
            if _unescaped(text, end):
                return end + 1
            end += 1
    if char in "[{":
        closing = "]" if char == "[" else "}"
        position = _skip_blank(text, position + 1)
        while position < len(text) and text[position] != closing:
            if text[position] in ",=":
                position = _skip_blank(text, position + 1)
                continue
            position = _skip_blank(text, _skip_value(text, position))
        return position + 1
    end = position
    while end < len(text) and text[end] not in ",]}=#\n":
        end += 1
    return end if end > position else position + 1


def _unescaped(text: str, quote: int) -> bool:
    """Whether the quote at ``quote`` follows an even number of backslashes."""
    slashes = 0
    while quote - slashes - 1 >= 0 and text[quote - slashes - 1] == "\\":
        slashes += 1
    return slashes % 2 == 0


def _key_offset(text: str, parts: Sequence[str | int], pyproject: bool, on_key: bool) -> tuple[int, int] | None:
    """(how many keys of ``parts`` were matched, offset) for the key or value at ``parts``, or for the header or
    key that leads furthest along them."""
    wanted = [str(part) for part in parts if not isinstance(part, int)]
    prefix = ["tool", "incidentlint"] if pyproject else []
    table: list[str] | None = [] if not pyproject else None
    best: tuple[int, int] | None = None  # (keys matched, offset)
    offset = 0
    for line in text.splitlines(keepends=True):
        header = _HEADER.match(line)
        if header is not None:
            full = _split(header.group(1))
            table = full[len(prefix) :] if full[: len(prefix)] == prefix else None
            if table and wanted[: len(table)] == table and (best is None or len(table) > best[0]):
                best = (len(table), offset + line.index("["))
            elif (
                table
                and wanted
                and len(table) > len(wanted)
                and table[: len(wanted)] == wanted
                and (best is None or len(wanted) > best[0])
            ):
                # [tool.incidentlint.rules.x] makes the key 'rules' with no line of its own: point at it there.
                segments = list(_PART.finditer(header.group(1)))
                best = (len(wanted), offset + header.start(1) + segments[len(prefix) + len(wanted) - 1].start())
        elif table is not None:
            assign = _ASSIGN.match(line)
            if assign is not None:
                path = table + _split(assign.group(1))
                if path and wanted[: len(path)] == path:
                    found, value = offset + assign.start(1), offset + assign.end()
                    matched = len(path)
                    # An inline table on the same line: severity = {placeholdr-text = "error"}.
                    for inner in _INLINE.finditer(line, assign.end()):
                        if matched < len(wanted) and _unquote(inner.group(1)) == wanted[matched]:
                            found, value = offset + inner.start(1), offset + inner.end()
                            matched += 1
                    if matched == len(wanted) and not on_key:
                        found = value
                    if best is None or matched > best[0]:
                        best = (matched, found)
        offset += len(line)
    return best
