"""path-escape: a Windows path in a JSON string or a YAML double-quoted scalar whose backslashes became escapes.

``"C:\\new\\temp"`` is valid in both formats and reads as 'C:', a line break, 'ew', a tab and 'emp': nothing fails,
and the record holds text the author never wrote. A rule sees only that text, where a line break after 'C:' may as
well have been typed; the escape is visible only in the source, so both loaders look there.

The look is narrow on purpose: a backslash escape right after a drive letter (``C:\\n``) whose path runs on as a
path does: it is the whole string, ends in a file extension, or goes on through another backslash with an escape
other than a line break among them. Text written after 'Plan B:' stays quiet, even on several lines
('Phase A:\\nrollback\\nPhase B:' in JSON), and so does 'Release B:\\nv2.3.1'. A path whose first backslash is
written right and a later one not (``C:\\\\Users\\new``) counts only as the whole string or with a file name at its
end. Missed on purpose: one of line breaks only that is not the whole string (``C:\\new\\nginx logs``).
"""

from __future__ import annotations

import bisect
import json
from dataclasses import replace
from typing import Any

from incidentlint.api import Fix, Replace
from incidentlint.diagnostics import Severity
from incidentlint.document import LoadProblem, Span
from incidentlint.lazyre import lazy
from incidentlint.textsafe import truncate, visible

#: What each escape that can end up in a path turns into, as a message names it (in the words incidentlint.yamlerrors
#: uses for the escapes before one YAML refuses). JSON has the first five; YAML all.
_READ_AS = {
    "b": "a backspace",
    "f": "a form feed",
    "n": "a line break",
    "r": "a carriage return",
    "t": "a tab",
    "0": "a null character",
    "a": "a bell",
    "v": "a vertical tab",
    "e": "an escape character",
    "N": "a next-line character",
    "L": "a line separator",
    "P": "a paragraph separator",
    "_": "a no-break space",
}
_ESCAPES = {"json": "bfnrt", "yaml": "0abtnvfreNLP_"}

#: A drive letter, its colon, and one of those escapes or a backslash written right ('C:\\\\Users\\new', whose
#: later escape is wrong): the text test that sends a file to this check. The lookbehind wants a character before
#: the drive letter that is not part of a word (the opening quote, a space). JSON's is written as what follows the
#: backslash, so that the JSON loader can fold it into a search it makes anyway.
AFTER_JSON_BACKSLASH = r"(?<=\W[A-Za-z]:\\)[bfnrt\\]"
_JSON_DRIVE_ESCAPE = lazy(r"\\" + AFTER_JSON_BACKSLASH)
YAML_DRIVE_ESCAPE = lazy(r"(?<=\W[A-Za-z]:)\\[0abtnvfreNLP_\\]")
#: Where a path written in running text ends, besides white space and the closing quote.
_PATH_END = frozenset(" \t\r\n\"',;()[]{}<>|")
#: A file name's extension at the end of a path: '.log', '.txt', not the '.1' of a version number.
_EXTENSION = lazy(r"\.[A-Za-z][A-Za-z0-9]{0,4}$")
_HIDDEN_BUT_LINES = str.maketrans("", "", "\t\n\r")

#: The rules whose finding on the same value a path-escape error stands in for, when the escapes it names are
#: every hidden character the value holds: one finding, saying what to write, not "remove the control character".
SHADOWED = ("control-character-in-field", "invisible-character")


def path_escapes(text: str, spans: dict[str, Span], fmt: str, fixes: bool = True) -> list[LoadProblem]:
    """A path-escape error for each path in a quoted string of ``text`` whose backslashes became escapes, each with
    a fix (when ``fixes``) that writes the string as meant.

    ``spans`` are the loaded document's; ``fmt`` is "json" or "yaml". Cheap when the text has no such escape (one
    search), so a loader may call it on every file it has spans for."""
    drive = _JSON_DRIVE_ESCAPE if fmt == "json" else YAML_DRIVE_ESCAPE
    if "\\" not in text:
        return []
    matches = [match.start() for match in drive.finditer(text)]
    if not matches:
        return []
    # By start, and the smaller of two that start together last: the last node starting before a position is then
    # the innermost string around it, if a string holds it at all (no node starts inside a string). A bisection per
    # escape: a file of 100,000 such paths was quadratic when each looked through every node.
    nodes = sorted(_nodes(spans), key=lambda node: (node[0], -node[1]))
    starts = [node[0] for node in nodes]
    problems: list[LoadProblem] = []
    # Each string's paths, with the offsets of their wrong escapes: one string may hold several paths, and what it
    # was meant to hold (the fix, and whether the other hidden-character rules may stay quiet) takes all of them.
    strings: dict[tuple[int, int], tuple[str, bool, list[int], list[int]]] = {}
    done = -1
    for backslash in matches:
        if backslash < done:
            continue  # a later escape of a path already reported
        index = bisect.bisect_left(starts, backslash) - 1
        if index < 0:
            continue
        start, end, pointer, is_key = nodes[index]
        if not backslash < end or text[start] != '"' or (index + 1 < len(nodes) and nodes[index + 1][0] < end):
            # Outside any value (a YAML comment), in a plain or single-quoted scalar, where a backslash is a
            # backslash, or in a mapping or list that starts with a quoted key and holds other values.
            continue
        found = _path(text, backslash, start, end - 1, fmt)
        if found is not None:
            message, wrong, done = found
            _, _, escapes, indices = strings.setdefault((start, end), (pointer, is_key, [], []))
            escapes.extend(wrong)
            indices.append(len(problems))
            problems.append(
                LoadProblem("path-escape", Severity.ERROR, message, offset=wrong[0], end_offset=done, pointer=pointer)
            )
    for (start, end), (pointer, is_key, escapes, indices) in strings.items():
        value = None if is_key else _as_meant(text, start, end, escapes, fmt)
        if value is None:
            continue  # a key (no fix renames one; the hidden-character rules skip keys), or it reads as no string
        # Unsafe: the record's value changes, to the text its author typed. Offered only where the string, as the fix
        # writes it, holds no misread path: a YAML line continuation (a backslash ending a line) ends a path, and
        # the fix, which writes the value on one line, may join what followed to it.
        fix = None
        if fixes:
            written = _written(value, text[start:end], fmt)
            if not path_escapes(written, {"": Span(0, len(written))}, fmt, fixes=False):
                fix = Fix(
                    (Replace(pointer, value),), safe=False, description="write each backslash of the paths as two"
                )
        shadows = SHADOWED if _clean(value) else ()
        for index in indices:
            problems[index] = replace(problems[index], shadows=shadows, fix=fix)
    return problems


def _written(value: str, token: str, fmt: str) -> str:
    """``value`` as a fix writes it in place of the quoted string ``token`` (see incidentlint.edits)."""
    if fmt == "json":
        return json.dumps(value, ensure_ascii="\\u" in token)
    from incidentlint.edits import yaml_double  # only for a record with a misread path

    return yaml_double(value)


def _nodes(spans: dict[str, Span]) -> list[tuple[int, int, str, bool]]:
    """(start, end, pointer, is a key) of every value and key in ``spans``."""
    found = []
    for pointer, span in spans.items():
        found.append((span.start, span.end, pointer, False))
        if span.key_start >= 0:
            found.append((span.key_start, span.key_end, pointer, True))
    return found


def _path(text: str, backslash: int, opening: int, closing: int, fmt: str) -> tuple[str, list[int], int] | None:
    """The message for the path whose drive letter stands two characters before ``backslash``, the offsets of its
    wrong escapes, and where the path ends; None when it does not read as a path (see the module docstring).
    ``opening`` and ``closing`` are the string's quotes."""
    drive = backslash - 2
    pieces = _pieces(text, backslash, closing, fmt)
    end = backslash + sum(len(piece) for _, piece in pieces)
    wrong = [at for at, (kind, _) in zip(_offsets(backslash, pieces), pieces, strict=True) if kind == "wrong"]
    separators = sum(kind != "text" and kind != "escape" for kind, _ in pieces)
    whole = drive == opening + 1 and end == closing
    # Line breaks only are as likely text written after 'A:'. A path whose first backslash is written right holds
    # text that a program wrote (json.dumps of 'C:\\logs', a tab and 'size 5') as often as a slip, so for it only
    # the whole string or a file name tells.
    lines = all(text[at + 1] in "nr" for at in wrong)
    loose = separators > 1 and not lines and pieces[0][0] != "separator"
    if not wrong or not (whole or _EXTENSION.search(text, backslash, end) or loose):
        return None
    head = [("text", text[drive:backslash])]
    written = visible(truncate(text[drive:end], 60))
    meant = "".join("\\" + piece if kind == "wrong" else piece for kind, piece in head + pieces)
    forward = "".join(
        "/" + piece[1:] if kind == "wrong" else "/" if kind == "separator" else piece for kind, piece in head + pieces
    )
    reading = _reading(head + pieces, fmt)
    where = "a JSON string" if fmt == "json" else "a double-quoted YAML string"
    advice = f"write {visible(truncate(meant, 80))} (or use forward slashes: {visible(truncate(forward, 60))})"
    if fmt == "yaml":
        advice = (
            f"write {visible(truncate(meant, 80))}, use forward slashes ({visible(truncate(forward, 60))}), or put "
            "the value in single quotes, where a backslash is just a backslash"
        )
    message = f"in {where} a backslash starts an escape, so the path {written} is read as {reading}; {advice}"
    return message, wrong, end


#: How many characters an escape takes, where it is not two: YAML's \xXX and \UXXXXXXXX, both formats' \uXXXX.
_LENGTH = {"x": 4, "u": 6, "U": 10}


def _pieces(text: str, backslash: int, closing: int, fmt: str) -> list[tuple[str, str]]:
    """The path from ``backslash`` on, as (kind, source) pieces: "wrong" for an escape that made a character the
    path does not hold (its source is the escape's letter), "separator" for a backslash written as '\\\\', "escape"
    for any other escape, and "text"."""
    misread = _ESCAPES[fmt]
    pieces: list[tuple[str, str]] = []
    index = literal = backslash
    while index < closing:
        char = text[index]
        if char != "\\" and char not in _PATH_END:
            index += 1
            continue
        if index > literal:
            pieces.append(("text", text[literal:index]))
        follower = text[index + 1] if char == "\\" else " "
        if follower in _PATH_END:  # the end, an escaped quote, YAML's escaped line break or space
            return pieces
        if follower in misread:
            pieces.append(("wrong", text[index : index + 2]))
            index += 2
        elif follower == "\\":
            pieces.append(("separator", "\\\\"))
            index += 2
        else:
            size = _LENGTH.get(follower, 2) if fmt == "yaml" or follower == "u" else 2
            pieces.append(("escape", text[index : index + size]))
            index += size
        literal = index
    if closing > literal:
        pieces.append(("text", text[literal:closing]))
    return pieces


def _offsets(start: int, pieces: list[tuple[str, str]]) -> list[int]:
    """Where each piece starts."""
    offsets = []
    for _, piece in pieces:
        offsets.append(start)
        start += len(piece)
    return offsets


def _reading(pieces: list[tuple[str, str]], fmt: str) -> str:
    """What the parser made of the path: 'C:' + a line break + 'ew' + a tab + 'emp' (the first few pieces)."""
    parts: list[str] = []
    literal = ""
    named = 0
    for kind, piece in pieces:
        if kind != "wrong":
            literal += piece if kind == "text" else "\\" if kind == "separator" else _decoded(piece, fmt)
            continue
        if named == 6:
            parts.append("…")
            return " + ".join(parts)
        if literal:
            parts.append("'" + visible(truncate(literal, 40)) + "'")
        parts.append(_READ_AS[piece[1]])
        literal = ""
        named += 1
    if literal:
        parts.append("'" + visible(truncate(literal, 40)) + "'")
    return " + ".join(parts)


def _decoded(escape: str, fmt: str) -> str:
    """The character an escape that is not a path's mistake writes (\\u00e9 in a folder name)."""
    try:
        value = json.loads(f'"{escape}"') if fmt == "json" else _yaml_string(f'"{escape}"')
    except ValueError:
        return escape
    return value if isinstance(value, str) else escape


def _doubled(text: str, start: int, end: int, wrong: list[int]) -> str:
    """The source from ``start`` to ``end`` with the backslash of each wrong escape (at those offsets) doubled."""
    pieces, last = [], start
    for at in wrong:
        pieces.append(text[last:at] + "\\")
        last = at
    pieces.append(text[last:end])
    return "".join(pieces)


def _as_meant(text: str, start: int, end: int, wrong: list[int], fmt: str) -> str | None:
    """The string from ``start`` to ``end`` (its quotes included) as its author meant it: with the wrong escapes
    (at the offsets ``wrong``) written as backslashes. None where that does not read as a string."""
    token = _doubled(text, start, end, wrong)
    try:
        meant: Any = json.loads(token) if fmt == "json" else _yaml_string(token)
    except ValueError:
        return None
    return meant if isinstance(meant, str) else None


def _clean(meant: str) -> bool:
    """Whether a string as meant holds no control or invisible character but tab and line breaks: then those
    characters all came from the path, and the rules that report them would only repeat this error, with worse
    advice."""
    stripped = meant.translate(_HIDDEN_BUT_LINES)
    return visible(stripped) == stripped


def _yaml_string(token: str) -> Any:
    import yaml  # loaded already: only the YAML loader asks about a YAML string

    try:
        return yaml.load(token, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        raise ValueError(token) from None
