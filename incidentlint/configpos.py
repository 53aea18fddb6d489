"""Where a key of a configuration file sits, so that a message about it can say ``(line L, column C)``.

Only a configuration with a problem pays for this: YAML is loaded again for its spans, and TOML (tomllib keeps no
positions) is scanned line by line for the table headers and ``key =`` lines that lead to the key, which finds
every key as people write them; a key it cannot find gets no position rather than a wrong one.
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
    """The key (``on_key``) or value at ``parts``, else the header or key that leads furthest along them (a list
    index points at the list)."""
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
    return best[1] if best is not None else None
