"""JSON loading: a fast path through the stdlib, and an iterative scanner that yields spans and exact errors.

JSON reads a lone CR as white space, but positions count it as a line break, as editors and YAML do: one line
numbering for both formats (see :mod:`incidentlint.document`).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from json.scanner import make_scanner
from typing import Any

from incidentlint import pointer as jp
from incidentlint.diagnostics import Severity
from incidentlint.document import LINE_BREAK, STRAY_BOM, Frame, LoadProblem, Span, line_start
from incidentlint.lazyre import lazy
from incidentlint.pathescape import AFTER_JSON_BACKSLASH, path_escapes
from incidentlint.textsafe import show_value, visible

MAX_DEPTH = 64
MAX_NODES = 200_000

_WS = lazy(r"[ \t\n\r]*")
# Runs of ordinary characters, then escapes, each followed by another run; possessive (*+), so the engine keeps no
# state to backtrack into. The obvious (?:char|escape)* kept ~120 bytes per character: 500 MB for a 4 MB string.
_STRING = lazy(r'"[^"\\\x00-\x1f]*+(?:\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})[^"\\\x00-\x1f]*+)*+"')
_NUMBER = lazy(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?")
_SURROGATE = lazy("[\ud800-\udfff]")
# An escaped surrogate, which only the scanner refuses with a position, or a backslash escape right after a drive
# letter ("C:\\new", or "C:\\\\Users\\new" with a later one wrong), which path-escape looks at with the scanner's
# spans. One search for both, which start at a backslash: the second adds ~0.1 us to a 3 KB record with
# backslashes, and nothing to one without.
_SCANNER_ESCAPE = lazy(r"\\(?:u[dD][89a-fA-F]|" + AFTER_JSON_BACKSLASH + ")")


class ScanError(Exception):
    def __init__(self, rule: str, message: str, offset: int) -> None:
        super().__init__(message)
        self.rule = rule
        self.message = message
        self.offset = offset


class _Fallback(Exception):
    """The fast path saw something only the scanner can describe with a position."""


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise _Fallback
    return result


def _reject_constant(name: str) -> Any:
    raise _Fallback


def _finite_float(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise _Fallback
    return value


#: One decoder for the run: json.loads with hooks builds a new JSONDecoder and C scanner on every call, which
#: cost a third as much as the parse itself. decode() keeps no state between calls (the scanner's key memo is
#: cleared after each document).
_DECODER = json.JSONDecoder(
    object_pairs_hook=_no_duplicates, parse_constant=_reject_constant, parse_float=_finite_float
)


def fast_load(text: str) -> Any:
    """Parse with the C decoder; raises on anything the scanner must explain (syntax, duplicates, limits)."""
    # The look is for escaped surrogates and drive-letter escapes, and an escape needs a backslash: a one-character
    # search, ten times quicker than the regular expression, spares most texts the regular expression.
    if "\\" in text and _SCANNER_ESCAPE.search(text):
        raise _Fallback
    data = _DECODER.decode(text)
    # The bracket count bounds the depth, and the length the node count (every value takes a character at least),
    # so the full walk runs only for documents that could break a limit.
    if len(text) > MAX_NODES or text.count("[") + text.count("{") > MAX_DEPTH:
        _check_limits(data)
    return data


def _check_limits(data: Any) -> None:
    """Raise _Fallback, for the scanner to word the problem, when ``data`` has too many values or a container
    deeper than MAX_DEPTH: the top-level one is level 1, and the one that opens level 65 is refused, whether it
    holds anything or not, as the scanner and the YAML loader refuse it."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    nodes = 0
    while stack:
        value, level = stack.pop()
        nodes += 1
        if nodes > MAX_NODES:
            raise _Fallback
        if isinstance(value, dict | list):
            if level > MAX_DEPTH:
                raise _Fallback
            stack.extend((child, level + 1) for child in (value.values() if isinstance(value, dict) else value))


def load_json(text: str) -> tuple[Any, list[LoadProblem]]:
    """Return (data, problems). Data is None when the file cannot be used."""
    try:
        return fast_load(text), []
    except (_Fallback, ValueError, RecursionError):
        pass
    problems: list[LoadProblem] = []
    try:
        data, spans = scan(text, problems)
    except ScanError as error:
        problems.append(LoadProblem(error.rule, Severity.ERROR, error.message, offset=error.offset))
        return None, problems
    problems.extend(path_escapes(text, spans, "json"))
    return data, problems


def build_spans(text: str) -> dict[str, Span]:
    try:
        return scan(text, [])[1]
    except ScanError:
        return {}


#: The C scanner behind json.loads, without hooks: :func:`find_span` steps over the values it does not descend
#: into with it.
_SKIP = make_scanner(json.JSONDecoder())  # type: ignore[arg-type]
#: The C string decoder json.loads uses (json.decoder picks the Python one where the C one is missing).
_scanstring: Callable[[str, int], tuple[str, int]] = json.decoder.scanstring  # type: ignore[attr-defined]


def find_span(text: str, pointer: str) -> Span | None:
    """The span :func:`build_spans` gives ``pointer`` in ``text``, or None where it gives none; without building
    the others. ``text`` must parse, with no key written twice in an object (the first is taken).

    A file with findings needs the positions of a few pointers, and building every span with the Python scanner
    cost ~0.26 ms for a 3 KB record, more than linting it. This walks down the pointer only, stepping over the
    values before it on the path with the C scanner. Anything unexpected (a pointer into a scalar, an index
    written '01') gives None, and a text it cannot walk raises ValueError, IndexError or StopIteration."""
    ws = _WS.match
    pos = ws(text, 0).end()  # type: ignore[union-attr]
    key_start = key_end = -1
    for token in jp.split(pointer):
        char = text[pos]
        if char == "{":
            pos = ws(text, pos + 1).end()  # type: ignore[union-attr]
            if text[pos] == "}":
                return None
            while True:
                key, after = _scanstring(text, pos + 1)
                start = ws(text, ws(text, after).end() + 1).end()  # type: ignore[union-attr]
                if key == token:
                    key_start, key_end, pos = pos, after, start
                    break
                pos = ws(text, _SKIP(text, start)[1]).end()  # type: ignore[union-attr]
                if text[pos] == "}":
                    return None
                pos = ws(text, pos + 1).end()  # type: ignore[union-attr]
        elif char == "[":
            if not token.isdigit() or token != str(int(token)):
                return None
            pos = ws(text, pos + 1).end()  # type: ignore[union-attr]
            if text[pos] == "]":
                return None
            for _ in range(int(token)):
                pos = ws(text, _SKIP(text, pos)[1]).end()  # type: ignore[union-attr]
                if text[pos] == "]":
                    return None
                pos = ws(text, pos + 1).end()  # type: ignore[union-attr]
            key_start = key_end = -1
        else:
            return None
    return Span(pos, _SKIP(text, pos)[1], key_start, key_end)


_CLOSING = {"{": "}", "[": "]"}


def _string_error(text: str, pos: int) -> ScanError:
    """Explain why the string starting at ``pos`` does not scan, at the offending character."""
    index = pos + 1
    while index < len(text):
        char = text[index]
        if char == '"':
            break
        if char == "\\":
            escape = text[index + 1 : index + 2]
            if escape == "u":
                digits = text[index + 2 : index + 6]
                if len(digits) < 4 or any(c not in "0123456789abcdefABCDEF" for c in digits):
                    return ScanError("parse-error", "invalid \\u escape: expected four hex digits", index)
                index += 6
                continue
            if escape not in ('"', "\\", "/", "b", "f", "n", "r", "t"):
                # A Windows path or a regular expression: the backslash was meant literally.
                return ScanError(
                    "parse-error",
                    f"invalid escape '\\{visible(escape)}' in a string; write a backslash as '\\\\'",
                    index,
                )
            index += 2
            continue
        if char in "\r\n":
            # A closing quote forgotten, or a multi-line text pasted in: the string starts elsewhere, so say where.
            return ScanError(
                "parse-error",
                f"the string opened at {_at(text, pos)} runs past the end of its line; close it with '\"', or write "
                "a line break inside it as \\n",
                index,
            )
        if char == "\t":
            return ScanError("parse-error", "a tab inside a string; write it as \\t", index)
        if ord(char) < 0x20:
            what = f"control character U+{ord(char):04X}"
            return ScanError("parse-error", f"{what} inside a string; escape it (\\n, \\u00XX)", index)
        index += 1
    return ScanError("parse-error", "the string is not closed before the end of the file", pos)


def _at(text: str, offset: int) -> str:
    """``offset`` as line:column, for a message that names a second place in the file."""
    from incidentlint.document import Lines

    line, column = Lines(text).position(offset)
    return f"{line}:{column}"


def _not_closed(text: str, stack: list[Frame]) -> ScanError:
    """The file ends where a ',' or a closing bracket belongs: point at the innermost bracket left open, which is
    the one to find, and name every closing bracket the end needs."""
    frame = stack[-1]
    kind = "object" if isinstance(frame.container, dict) else "list"
    closers = "".join(_CLOSING["{" if isinstance(f.container, dict) else "["] for f in reversed(stack))
    return ScanError(
        "parse-error", f"the file ends before the {kind} opened here is closed; add '{closers}' at the end", frame.start
    )


def _indent(text: str, offset: int) -> int | None:
    """The column of ``offset`` when only white space comes before it on its line, else None."""
    start = line_start(text, offset)
    return offset - start if not text[start:offset].strip(" \t") else None


def _unclosed_before_key(text: str, stack: list[Frame], pos: int) -> str | None:
    """A '"key":' where ',' belongs is a field of an outer object when the container is a list, or in an object
    when it sits left of the fields above it: then a closing bracket is missing, and 'a comma is missing' would send
    the author to the wrong fix."""
    if len(stack) < 2 or not isinstance(stack[-2].container, dict):
        return None  # no object around it to hold the field: the top level, or a list of lists
    match = _STRING.match(text, pos)
    if match is None or text[match.end() :].lstrip(" \t\r\n")[:1] != ":":
        return None
    parent = stack[-1]
    opened = _at(text, parent.start)
    if isinstance(parent.container, list):
        return f"the list opened at {opened} is not closed before the field {_token(text, pos)}; add ']' before it"
    indent, fields = _indent(text, pos), _indent(text, parent.key_start)
    if indent is None or fields is None or indent >= fields:
        return None
    return (
        f"the object opened at {opened} is not closed before {_token(text, pos)}, which is indented less than its "
        "fields; add '}' before it"
    )


def _after_the_record(text: str, start: int, end: int, rest: int) -> ScanError:
    """Text after the record: a second record, a closing bracket too many, or left-over characters."""
    char = text[rest]
    if ord(char) < 0x20 or char in "\ufeff/#'":  # what _unexpected names on its own: a control, a comment, a quote
        return _unexpected(text, rest, "the end of the file after the record")
    if char in "{[":
        return ScanError(
            "parse-error",
            f"a second JSON value starts here, after the record that ended at {_at(text, end - 1)}; a file holds one "
            "record",
            rest,
        )
    if char in "}]":
        return ScanError(
            "parse-error", f"one '{char}' too many: the record already ended at {_at(text, end - 1)}; remove it", rest
        )
    if text[start] in "{[" and any(c in text[rest:] for c in "}]"):
        # More closing brackets follow, so the record closed early: a '}' or ']' inside it is one too many.
        return ScanError(
            "parse-error",
            f"this '{text[end - 1]}' ends the record, but more follows at {_at(text, rest)}; a '}}' or ']' here or "
            "above is one too many",
            end - 1,
        )
    shown = LINE_BREAK.split(text[rest : rest + 10])[0]
    return ScanError(
        "parse-error",
        f"{show_value(shown)} follows the end of the record at {_at(text, end - 1)}; remove it",
        rest,
    )


def _unexpected(text: str, pos: int, expected: str) -> ScanError:
    if pos >= len(text):
        return ScanError("parse-error", f"the file ends early; expected {expected}", pos)
    char = text[pos]
    if ord(char) < 0x20:
        return ScanError("parse-error", f"control character U+{ord(char):04X} is not allowed here", pos)
    if char == "\ufeff":  # a second one at the start (the first is read as the file's), or one pasted in
        return ScanError("parse-error", STRAY_BOM, pos)
    if (char == "/" and text[pos + 1 : pos + 2] in ("/", "*")) or char == "#":
        return ScanError("parse-error", "JSON does not allow comments; use an 'x-' key for notes", pos)
    if char == "'":
        return ScanError("parse-error", "JSON strings use double quotes, not single quotes", pos)
    if char in _CURLY_QUOTES:
        # Pasted from a document or chat: the editor shows quotes, so "expected a value" reads as nonsense.
        return ScanError(
            "parse-error", f"{char} is a curly quote, which JSON does not read as a quote; type a straight '\"'", pos
        )
    before = text[:pos].rstrip(" \t\r\n")[-1:]
    if char in ",:" and before == char:
        return ScanError("parse-error", f"'{char}' is written twice; remove one", pos)
    message = _bare_word(text, pos, expected == "a quoted key") if expected in ("a value", "a quoted key") else None
    if message is not None:
        return ScanError("parse-error", message, pos)
    if expected == "':' after the key":
        if char == "=":
            return ScanError("parse-error", "JSON separates a key from its value with ':', not '='", pos)
        if char in _VALUE_STARTS:
            return ScanError("parse-error", "a ':' is missing between the key and its value", pos)
        if char in ",}":
            # {"a", "b"}: a list written with braces; every entry reads as a key with no value.
            return ScanError(
                "parse-error", "this key has no ':' and value; for a list of values use [ and ], not { and }", pos
            )
    shown = LINE_BREAK.split(text[pos : pos + 10])[0]
    return ScanError("parse-error", f"expected {expected}, found {show_value(shown)}", pos)


_CURLY_QUOTES = frozenset("\u201c\u201d\u2018\u2019\u201e\u201f")
#: An unquoted value or key as an author writes it: everything up to a separator, a bracket or a line end.
_BARE = lazy(r"[^\s,:\[\]{}\"]+(?::[^\s,\[\]{}\"]+)*")
_PYTHON_WORDS = {"True": "true", "False": "false", "None": "null"}


def _bare_word(text: str, pos: int, key: bool = False) -> str | None:
    """Explain an unquoted word or number-like text at ``pos`` (v2.3.1, 45%, True, a key without quotes), or None."""
    match = _BARE.match(text, pos)
    if match is None:
        return None
    word = match.group()
    shown = visible(word if len(word) <= 40 else word[:39] + "\u2026")
    if key or (text[match.end() :].lstrip(" \t")[:1] == ":" and not re.fullmatch(r"[-+0-9.eE]+", word)):
        return f'the key {shown} needs double quotes: "{shown}"'
    if word in _PYTHON_WORDS:
        return f"{shown} is Python; JSON writes {_PYTHON_WORDS[word]}"
    if word == "undefined":
        return "undefined is not a JSON value; write null, or leave the field out"
    if re.fullmatch(r"-?0[0-9]+", word):
        return f'JSON numbers do not start with 0: write {int(word)}, or "{shown}" if it is text'
    if re.fullmatch(r"0[xX][0-9a-fA-F]+", word):
        return f'JSON has no hex numbers: write {int(word, 16)}, or "{shown}" if it is text'
    if re.fullmatch(r"\+[0-9]+(\.[0-9]+)?", word):
        return f"JSON numbers have no '+' sign: write {word[1:]}"
    if word[0] in "-0123456789" and _NUMBER.fullmatch(word):
        return None  # a whole number: whatever is wrong comes after it
    return f'{shown} is not a JSON value; put text in double quotes: "{shown}"'


#: What a JSON value can start with: found where ',' belongs in a list (a '"' in an object), it is the next item
#: with no comma before it.
_VALUE_STARTS = frozenset('"{[-0123456789tfn')


_LITERAL = lazy(r"true|false|null|[a-z]+")


def _token(text: str, pos: int) -> str:
    """The value starting at ``pos`` as shown in a message: a string as written, in its double quotes (shortened if
    long), a number or a word quoted."""
    if text[pos] == '"':
        match = _STRING.match(text, pos)
        token = match.group() if match is not None else LINE_BREAK.split(text[pos : pos + 40])[0]
        return visible(token if len(token) <= 40 else token[:39] + "\u2026")
    if text[pos] in "{[":
        return f"a new {'object' if text[pos] == '{' else 'list'}"
    match = _NUMBER.match(text, pos) or _LITERAL.match(text, pos)
    return show_value(match.group() if match is not None else text[pos], 40)


def _decode(token: str) -> str:
    """The value of a string token that matched _STRING. Without a backslash it is the text between the quotes
    (the pattern admits no control characters); json.loads, ~1 us a call, only for escapes."""
    return token[1:-1] if "\\" not in token else str(json.loads(token))


def scan(text: str, problems: list[LoadProblem]) -> tuple[Any, dict[str, Span]]:
    """Iteratively parse ``text`` as strict JSON, recording a span for every value and key.

    Syntax and limit errors raise :class:`ScanError`; duplicate keys are appended to ``problems`` and the
    later value wins, as in every JSON library.
    """
    from incidentlint.document import Lines

    spans: dict[str, Span] = {}
    ws = _WS.match
    end_of_text = len(text)
    pos = ws(text, 0).end()  # type: ignore[union-attr]
    if pos >= end_of_text:
        raise ScanError("parse-error", "the file is empty; an incident record is a JSON object", 0)
    stack: list[Frame] = []
    nodes = 0
    lines: Lines | None = None
    here = ""
    want_key = False
    while True:
        pos = ws(text, pos).end()  # type: ignore[union-attr]
        if want_key:
            frame = stack[-1]
            if pos >= end_of_text or text[pos] != '"':
                raise _unexpected(text, pos, "a quoted key")
            match = _STRING.match(text, pos)
            if match is None:
                raise _string_error(text, pos)
            key = _decode(match.group())
            if _SURROGATE.search(key):
                raise ScanError("parse-error", "the key contains a lone surrogate escape (\\ud800-\\udfff)", pos)
            if key in frame.seen:
                lines = lines or Lines(text)
                # line:column, not just the line: a minified record is one line long.
                first_line, first_column = lines.position(frame.seen[key])
                problems.append(
                    LoadProblem(
                        "duplicate-key",
                        Severity.ERROR,
                        f"key {show_value(key)} appears twice in this object (first at {first_line}:{first_column}); "
                        "the later value silently wins, so remove one",
                        offset=pos,
                        end_offset=match.end(),
                        pointer=jp.join(frame.pointer, key),
                    )
                )
            frame.seen[key] = pos
            frame.key, frame.key_start, frame.key_end = key, pos, match.end()
            pos = ws(text, match.end()).end()  # type: ignore[union-attr]
            if pos >= end_of_text or text[pos] != ":":
                raise _unexpected(text, pos, "':' after the key")
            pos = ws(text, pos + 1).end()  # type: ignore[union-attr]
            want_key = False
            here = jp.join(frame.pointer, key)
        if pos >= end_of_text:
            raise _unexpected(text, pos, "a value")
        nodes += 1
        if nodes > MAX_NODES:
            raise ScanError("parse-error", f"the document has more than {MAX_NODES} values", pos)
        char = text[pos]
        start = pos
        value: Any
        if char == "{" or char == "[":
            if len(stack) >= MAX_DEPTH:
                raise ScanError("parse-error", f"nesting is deeper than {MAX_DEPTH} levels", pos)
            stack.append(Frame({} if char == "{" else [], here, pos))
            pos = ws(text, pos + 1).end()  # type: ignore[union-attr]
            if pos < end_of_text and text[pos] == _CLOSING[char]:
                frame = stack.pop()
                value, pos = frame.container, pos + 1
            elif char == "{":
                want_key = True
                continue
            else:
                here = jp.join(here, 0)
                continue
        elif char == '"':
            match = _STRING.match(text, pos)
            if match is None:
                raise _string_error(text, pos)
            value = _decode(match.group())
            if _SURROGATE.search(value):
                raise ScanError("parse-error", "the string contains a lone surrogate escape (\\ud800-\\udfff)", pos)
            pos = match.end()
        elif text.startswith("true", pos):
            value, pos = True, pos + 4
        elif text.startswith("false", pos):
            value, pos = False, pos + 5
        elif text.startswith("null", pos):
            value, pos = None, pos + 4
        elif text.startswith(("NaN", "Infinity", "-Infinity"), pos):
            raise ScanError("parse-error", "NaN and Infinity are not JSON numbers; use a string or null", pos)
        else:
            match = _NUMBER.match(text, pos)
            if match is None:
                raise _unexpected(text, pos, "a value")
            if match.end() < end_of_text and text[match.end()] not in ' \t\r\n,]}"[{':
                bare = _bare_word(text, pos)
                if bare is not None:  # 45%, 2024-03-15T14:30:00Z, 0200, 0xC8, 2.3.1
                    raise ScanError("parse-error", bare, pos)
            token = match.group()
            if match.group(1) is None and match.group(2) is None:
                try:
                    value = int(token)
                except ValueError:
                    raise ScanError(
                        "parse-error", f"the number has {len(token)} digits, too many to hold", pos
                    ) from None
            else:
                value = float(token)
                if math.isinf(value):
                    raise ScanError("parse-error", f"the number {token[:40]} is too large to hold", pos)
            pos = match.end()
        # A value is complete: record it, then close every container that ends here.
        while True:
            parent = stack[-1] if stack else None
            if parent is not None and isinstance(parent.container, dict):
                spans[here] = Span(start, pos, parent.key_start, parent.key_end)
                parent.container[parent.key] = value
            else:
                spans[here] = Span(start, pos)
                if parent is not None:
                    parent.container.append(value)
            if parent is None:
                rest = ws(text, pos).end()  # type: ignore[union-attr]
                if rest < end_of_text:
                    raise _after_the_record(text, start, pos, rest)
                return value, spans
            pos = ws(text, pos).end()  # type: ignore[union-attr]
            closing = "}" if isinstance(parent.container, dict) else "]"
            if pos < end_of_text and text[pos] == ",":
                after = ws(text, pos + 1).end()  # type: ignore[union-attr]
                if after < end_of_text and text[after] == closing:
                    raise ScanError("parse-error", "trailing comma before the closing bracket", pos)
                pos = after
                if closing == "}":
                    want_key = True
                else:
                    here = jp.join(parent.pointer, len(parent.container))
                break
            if pos < end_of_text and text[pos] == closing:
                stack.pop()
                value, start, pos, here = parent.container, parent.start, pos + 1, parent.pointer
                continue
            if pos >= end_of_text:
                raise _not_closed(text, stack)
            if text[pos] in "}]":
                kind = "object" if closing == "}" else "list"
                raise ScanError(
                    "parse-error",
                    f"'{text[pos]}' does not match: the {kind} opened at {_at(text, parent.start)} closes with "
                    f"'{closing}'",
                    pos,
                )
            if closing == "]" and text[pos] == ":" and text[start] == '"':
                raise ScanError(
                    "parse-error",
                    f'a list holds values, not "key": value fields; remove the key {_token(text, start)}, or make '
                    "the list an object with { and }",
                    start,
                )
            if text[pos] == "+" and text[start] == '"':
                raise ScanError("parse-error", "JSON cannot join strings with '+'; write the text as one string", pos)
            if text[pos] == '"':
                unclosed = _unclosed_before_key(text, stack, pos)
                if unclosed is not None:
                    raise ScanError("parse-error", unclosed, pos)
            if text[pos] == '"' or (closing == "]" and text[pos] in _VALUE_STARTS):
                items = "fields of the object" if closing == "}" else "items of the list"
                raise ScanError(
                    "parse-error",
                    f"a comma is missing before {_token(text, pos)}: separate the {items} with ','",
                    pos,
                )
            raise _unexpected(text, pos, f"',' or '{closing}'")
