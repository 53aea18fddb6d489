"""Plain-words explanations of the YAML syntax errors people make by hand: what is wrong, where, what would be right.

PyYAML words its errors for people who know its scanner ("mapping values are not allowed in this context"), and
often marks the place it gave up rather than the cause (an unclosed quote is reported at the end of the file).
Here the common cases get a sentence a postmortem author can act on, at the position of the real cause.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from incidentlint.document import STRAY_BOM, Lines
from incidentlint.textsafe import show_value, truncate, visible

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# One field on one line: indentation, an optional "- ", a key, ": " and a value (with any comment after it).
_FIELD = re.compile(
    r"(?P<indent>[ ]*)(?P<dash>-[ ]+)?(?P<key>[A-Za-z0-9_][\w .-]*?|\"[^\"\\]*\"|'[^']*')[ ]*:[ ]+(?P<value>\S.*)"
)
# A comment: '#' after white space ends a plain value.
_COMMENT = re.compile(r"[ \t]+#")
# A key with no space between its colon and its value: YAML reads the whole line as text.
_GLUED = re.compile(r"[ ]*(-[ ]+)?[A-Za-z_][\w.-]*:(?=[^\s:])")
_SHOWN = 60  # characters of a value to show in a suggested line
_LONGEST_KEY = 1024  # YAML 1.1 and 1.2: an implicit key is at most 1024 characters
_EXPLICIT_KEY = re.compile(r"^[ \t]*\?(?:[ \t]|$)", re.M)  # '? key' then ': value' on the next line is valid


def explain(error: yaml.MarkedYAMLError, text: str) -> tuple[str, int] | None:
    """A message and the offset of the cause for ``error``, or None when no plain explanation fits."""
    mark = error.problem_mark or error.context_mark
    if mark is None:
        return None
    problem = (error.problem or "").strip()
    context = (error.context or "").strip()
    offset = mark.index
    lines = Lines(text)
    char = text[offset] if offset < len(text) else ""
    _, start, source = _line_of(lines, text, offset)
    mark_at = text.rfind("\ufeff", start, offset + 1)
    if mark_at >= 0 and not text[start:mark_at].strip(" \t-"):  # YAML reads one only at the start of the file
        return STRAY_BOM, mark_at
    stripped = source.lstrip(" ")
    if stripped[:1] == ":" and stripped[1:2] in ("", " ", "\t") and not _EXPLICIT_KEY.search(text):
        return (
            "this line starts with ':', so the key before it is missing; write the field's name before the colon, "
            "like 'status: resolved'",
            start + len(source) - len(stripped),
        )
    if char == "\t" and ("cannot start any token" in problem or "tab character" in problem):
        return _tab(lines, text, offset), offset
    if "<document start>" in problem:
        markers = list(_DOCUMENT_END.finditer(text, 0, offset))
        if markers:
            marker = markers[-1]  # the last '...' before the text YAML could not read
            return (
                f"the '...' on line {lines.position(marker.start())[0]} marks the end of the YAML document, so the "
                "lines after it cannot be part of this record; remove the '...'",
                marker.start(),
            )
    if "end of stream" in problem and "quoted scalar" in context and error.context_mark is not None:
        start = error.context_mark.index
        quote = text[start] if start < len(text) else '"'
        escaped = _escaped_closing_quote(lines, text, start)
        if escaped is not None:
            return escaped
        return (
            f"the quote ({quote}) opened here is never closed; add the closing {quote} at the end of the value",
            start,
        )
    # libyaml's wording first, then pure PyYAML's (the fallback when PyYAML is built without libyaml).
    misplaced = problem.startswith(("did not find expected key", "did not find expected '-'", "expected <block end>"))
    flow = problem.startswith(("did not find expected ',' or", "expected ',' or")) and "flow" in context
    if misplaced or flow or "mapping values are not allowed" in problem:
        quoted = _quoted_before(text, offset)
        if quoted is not None:
            return _text_after_quote(lines, text, quoted, offset)
    if misplaced:
        explained = _flow_then_text(lines, text, offset)
        if explained is not None:
            return explained
    if "mapping values are not allowed" in problem:
        key = len(source[: offset - start].lstrip(" -"))
        if key > _LONGEST_KEY:
            return (
                f"YAML reads the {key:,} characters before this ': ' as a key, and a key can be at most "
                f"{_LONGEST_KEY:,} characters long; if this is text, put it in quotes or under a key ('description: "
                "|' and the text indented below it)",
                offset,
            )
        return _colon(lines, text, offset)
    starts_value = ("an alias", "an anchor", "a block scalar")
    if error.context_mark is not None and "a block scalar" in context:
        explained = _text_beside_block_indicator(lines, text, error.context_mark.index, offset)
        if explained is not None:
            return explained
    if error.context_mark is not None and any(what in context for what in starts_value):
        explained = _indicator(lines, text, error.context_mark.index)
        if explained is not None:
            return explained
    if "mapping keys are not allowed" in problem:
        explained = _indicator(lines, text, offset)
        if explained is not None:
            return explained
    if "block sequence entries are not allowed" in problem:
        return (
            "a '- ' list item cannot start on the same line as its key; put each item on a line of its own, "
            "indented under the key, or quote the value if the '-' is part of the text",
            offset,
        )
    if "cannot start any token" in problem and char:
        return _bad_start(lines, text, offset, char), offset
    if misplaced:
        return _indentation(lines, text, offset)
    if flow and error.context_mark is not None:
        return _unclosed_bracket(lines, text, error.context_mark.index, offset)
    if "unknown escape character" in problem and "\\" in text[offset - 1 : offset + 1]:
        offset -= 0 if text[offset] == "\\" else 1  # PyYAML marks the letter after the backslash, libyaml the backslash
        escape = visible(text[offset : offset + 2])
        return (
            f"{escape} is not an escape YAML knows inside double quotes{_escapes_before(error, text, offset)}",
            offset,
        )
    if "hexdecimal number" in problem or "hexadecimal numbers" in problem:  # libyaml's misspelling, then PyYAML's
        backslash = text.rfind("\\", 0, offset)
        letter = text[backslash + 1 : backslash + 2]
        if backslash >= 0 and letter in _CODE_DIGITS:
            return (
                f"\\{letter} inside double quotes starts a character code and must be followed by "
                f"{_CODE_DIGITS[letter]} hex digits{_escapes_before(error, text, backslash)}",
                backslash,
            )
    if "could not find expected ':'" in problem and error.context_mark is not None:
        return _no_colon(lines, text, error.context_mark.index)
    return None


#: The escapes that start a character code inside double quotes, and how many hex digits follow them.
_CODE_DIGITS = {"x": 2, "u": 4, "U": 8}
#: Escapes a Windows path or a regex meets before the one YAML refuses, which YAML silently turned into a character.
_SILENT_ESCAPES = {
    "n": "a line break",
    "t": "a tab",
    "r": "a carriage return",
    "0": "a null character",
    "a": "a bell",
    "b": "a backspace",
    "e": "an escape character",
    "f": "a form feed",
    "v": "a vertical tab",
}


def _escapes_before(error: yaml.MarkedYAMLError, text: str, offset: int) -> str:
    """The advice for a refused backslash escape, naming the escapes before it in the same value that YAML took as
    characters: fixing only the refused one would leave "C:\\new\\temp" a line break and a tab."""
    advice = "; write \\\\ for a backslash, or put the value in single quotes, where a backslash is just a backslash"
    opened = error.context_mark.index if error.context_mark is not None else -1
    if opened < 0 or text[opened : opened + 1] != '"':
        return advice
    taken = [
        (match.group(), _SILENT_ESCAPES[match.group(1)])
        for match in re.finditer(r"\\(.)", text[opened + 1 : offset])
        if match.group(1) in _SILENT_ESCAPES
    ]
    if not taken:
        return advice
    escapes = " and ".join(", ".join(dict.fromkeys(escape for escape, _ in taken)).rsplit(", ", 1))
    meanings = " and ".join(", ".join(dict.fromkeys(meaning for _, meaning in taken)).rsplit(", ", 1))
    return (
        f", and YAML read the {escapes} before it as {meanings}; write \\\\ for each backslash, or put the value in "
        "single quotes, where a backslash is just a backslash"
    )


def quote_tagged(text: str, offset: int) -> str:
    """Advice for a value at ``offset`` that starts with a '!' tag YAML took from the text: "!important" in
    ``customer_impact: !important sellers``. Empty unless the value is a plain ``key: value`` or list item."""
    if text[offset : offset + 1] != "!" or text[offset + 1 : offset + 2] == "!":
        return ""  # '!!binary' and the like are tags on purpose; they keep the plain refusal
    fixed = _requoted(Lines(text), text, offset)
    if fixed is None:
        return ""
    return f"; if this value is text that starts with '!', put the whole value in quotes: {fixed}"


def _line_of(lines: Lines, text: str, offset: int) -> tuple[int, int, str]:
    """The 1-based line number of ``offset``, the offset where that line starts, and its text."""
    start = max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset)) + 1
    line = lines.position(start)[0]
    return line, start, lines.line_text(line)


def _key_name(key: str) -> str:
    """A key as written (quoted or not), as a message shows it."""
    if key[:1] in ("'", '"'):
        key = key[1:-1]
    return show_value(key, 40)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _spaces(count: int) -> str:
    return f"{count} space" if count == 1 else f"{count} spaces"


def _quote(value: str) -> str:
    """``value`` as a YAML quoted scalar that reads back as the same text."""
    if '"' not in value and "\\" not in value:
        return f'"{value}"'
    return "'" + value.replace("'", "''") + "'"


def _suggest(dash: str | None, key: str, value: str) -> str:
    """The field's line with its whole value quoted, shortened for a message and safe to show."""
    return visible(f"{dash or ''}{key}: {_quote(truncate(value, _SHOWN))}")


def _field(line: str) -> re.Match[str] | None:
    return _FIELD.fullmatch(line)


def _plain_value(match: re.Match[str]) -> str:
    """The value of a field line without a comment after it."""
    return _COMMENT.split(match.group("value"), maxsplit=1)[0].rstrip()


def _tab(lines: Lines, text: str, offset: int) -> str:
    line, start, source = _line_of(lines, text, offset)
    column = offset - start + 1
    if source[: column - 1].strip(" \t"):
        return f"a tab on line {line} (column {column}) cannot start a value in YAML; replace it with a space"
    if column == 1:
        where = f"a tab at the start of line {line}"
    else:
        where = f"a tab in the indentation of line {line} (column {column})"
    # Code frames show a tab as a space, so the message names it.
    return f"{where} indents it, but YAML indentation must be spaces; replace the tab with spaces"


def _colon(lines: Lines, text: str, offset: int) -> tuple[str, int]:
    """': ' where YAML cannot start a key: inside a plain value, or on a line indented under a value."""
    line, start, source = _line_of(lines, text, offset)
    match = _field(source)
    if match is not None and start + match.start("value") <= offset:
        value = _plain_value(match)
        if value[:1] not in ("[", "{", "|", ">", "&", "*", "!", "%", "@", "`"):
            key = match.group("key")
            return (
                f"the value of {_key_name(key)} contains ': ', which YAML reads as the start "
                f"of another key; put the whole value in quotes: {_suggest(match.group('dash'), key, value)}",
                offset,
            )
    first = start + _indent(source)
    above = _line_above(lines, line)
    if above is not None and _GLUED.match(above[1]) and ": " not in above[1]:
        # "key:value" reads as text, and the text runs on to this line, where ': ' cannot start a key.
        glued_start = text.rfind(above[1], 0, start)
        if glued_start >= 0:
            return _no_colon(lines, text, glued_start)
    if above is not None and ":" not in above[1] and _indent(above[1]) == _indent(source) and offset > first:
        # A line with no colon at all, then this key: YAML read both lines as one text.
        above_start = text.rfind(above[1], 0, start)
        if above_start >= 0 and source.find(":") == offset - start:
            return _no_colon(lines, text, above_start + _indent(above[1]))
    # Only under a line that has a value: under "key:" a deeper line is the usual nested mapping.
    under_value = above is not None and not re.search(r":[ \t]*(?:#.*)?$", above[1])
    if above is not None and under_value and _indent(source) > _indent(above[1]) and offset > first:
        return (
            f"this line is indented more than line {above[0]} above it, so YAML reads it as more of the value "
            "there, not as a new key; indent it like the keys around it, or quote that value if this text belongs "
            "to it",
            first,
        )
    return (
        "YAML reads ': ' as the start of a key, and no key can start here; if the value contains ': ', "
        "put the whole value in quotes, otherwise check the indentation of this line",
        offset,
    )


def _lines_above(lines: Lines, line: int) -> list[str]:
    return [lines.line_text(number) for number in range(1, line)]


def _line_above(lines: Lines, line: int) -> tuple[int, str] | None:
    """The nearest line above ``line`` that holds something other than a comment."""
    for number in range(line - 1, 0, -1):
        source = lines.line_text(number)
        if source.strip() and not source.lstrip().startswith("#"):
            return number, source
    return None


def _quoted_before(text: str, offset: int) -> Any:
    """The quoted scalar token that ends just before ``offset`` (only blanks between), if there is one."""
    loader = _Loader(text)
    found: Any = None
    try:
        while loader.check_token():
            token = loader.get_token()
            if token.start_mark.index >= offset:
                break
            if isinstance(token, yaml.ScalarToken) and token.style in ('"', "'"):
                found = token
            elif not isinstance(token, yaml.KeyToken | yaml.ValueToken | yaml.BlockEndToken):
                found = None
    except yaml.YAMLError:
        pass
    finally:
        loader.dispose()
    if found is None or text[found.end_mark.index : offset].strip(" \t"):
        return None
    return found


def _text_after_quote(lines: Lines, text: str, token: Any, offset: int) -> tuple[str, int]:
    start: int = token.start_mark.index
    end: int = token.end_mark.index
    quote = text[start]
    opened, closed = lines.position(start)[0], lines.position(end)[0]
    if closed != opened:
        return (
            f"the quote ({quote}) opened here is not closed on this line, so the value runs on to the {quote} on "
            f"line {closed}; add the closing {quote} at the end of this value",
            start,
        )
    _, line_start, source = _line_of(lines, text, start)
    match = _field(source)
    whose = "a quoted value"
    if match is not None and line_start + match.start("value") == start:
        whose = f"the quoted value of {_key_name(match.group('key'))}"
    inner = _inner_quote(lines, text, start, end)
    if inner is not None:
        return inner
    return (
        f"there is text after {whose}; put the whole value in quotes, or remove the quotes",
        offset,
    )


def _inner_quote(lines: Lines, text: str, start: int, end: int) -> tuple[str, int] | None:
    """A quote meant as part of the value that closed it early: ``"a "b" c"``, or the apostrophe of ``'isn't'``.

    Told apart from ``"a" b`` (text after a quoted value) by the text right after the early quote: a quote that
    ends a value is followed by a space, one that opens a quoted word inside it (or is an apostrophe) is not."""
    quote = text[start]
    if not text[end : end + 1].strip() or text[end] in ",:#":
        return None
    _, line_start, source = _line_of(lines, text, start)
    rest = source[start - line_start + 1 :].rstrip()
    if not rest.endswith(quote):  # a comment after the intended closing quote: 'title: "a "b" c"  # note'
        rest = re.sub(rf"(?<={quote})[ \t]+#[^{quote}]*$", "", rest)
    value = rest[:-1] if rest.endswith(quote) else rest
    if quote == '"' and "\\" in value:
        return None  # escapes mean something else outside double quotes: no suggestion is better than a wrong one
    if quote == "'":
        value = value.replace("''", "'")  # an apostrophe already written twice stays one apostrophe
    match = _field(source)
    if match is not None and line_start + match.start("value") == start:
        fixed = _suggest(match.group("dash"), match.group("key"), value)
    else:
        dash = re.match(r"[ ]*-[ ]+", source)
        fixed = visible(("- " if dash else "") + _quote(truncate(value, _SHOWN)))
    column = lines.position(end - 1)[1]
    return (
        f"the {quote} at column {column} ends the quoted value early, so YAML cannot read the text after it; "
        f"to keep the {quote} as part of the value, write {fixed}",
        end - 1,
    )


def _bad_start(lines: Lines, text: str, offset: int, char: str) -> str:
    shown = show_value(char)
    fixed = _requoted(lines, text, offset)
    if fixed is not None:
        return f"a YAML value cannot start with {shown}; put the whole value in quotes: {fixed}"
    return f"{shown} cannot start a key or a value in YAML; put the text in quotes"


# What YAML makes of a plain value starting with these characters.
_INDICATORS = {
    "[": "a list",
    "{": "a mapping",
    "*": "a reference to another value (an alias)",
    "&": "an anchor name",
    "|": "the start of a block of text on the lines below",
    ">": "the start of a block of text on the lines below",
    "?": "a complex key",
}


def _indicator(lines: Lines, text: str, offset: int) -> tuple[str, int] | None:
    """A value that starts with a character YAML reads as syntax, when the value is meant as text."""
    char = text[offset : offset + 1]
    fixed = _requoted(lines, text, offset) if char in _INDICATORS else None
    if fixed is None:
        return None
    meaning = _INDICATORS[char]
    return (
        f"YAML reads a value starting with {show_value(char)} as {meaning}; put the whole value in quotes: {fixed}",
        offset,
    )


def _requoted(lines: Lines, text: str, offset: int) -> str | None:
    """The line with its value quoted, when ``offset`` starts the value of a ``key: value`` line or a list item."""
    _, start, source = _line_of(lines, text, offset)
    match = _field(source)
    if match is not None and start + match.start("value") == offset:
        return _suggest(match.group("dash"), match.group("key"), _plain_value(match))
    item = re.fullmatch(r"[ ]*-[ ]+(\S.*)", source)
    if item is not None and start + item.start(1) == offset:
        return visible("- " + _quote(truncate(_COMMENT.split(item.group(1), maxsplit=1)[0].rstrip(), _SHOWN)))
    return None


def _flow_then_text(lines: Lines, text: str, offset: int) -> tuple[str, int] | None:
    """``title: [WIP] Search delayed``: a value that opens a list or mapping, then goes on after it closes."""
    _, start, source = _line_of(lines, text, offset)
    if not source[: offset - start].rstrip().endswith(("]", "}")):
        return None
    match = _field(source)
    if match is not None and match.group("value")[:1] in "[{":
        return _indicator(lines, text, start + match.start("value"))
    item = re.fullmatch(r"[ ]*-[ ]+([\[{].*)", source)
    return _indicator(lines, text, start + item.start(1)) if item is not None else None


def _indentation(lines: Lines, text: str, offset: int) -> tuple[str, int] | None:
    """A line whose indentation fits no mapping or list above it."""
    line, start, source = _line_of(lines, text, offset)
    if offset != start + _indent(source):
        return None
    here = _indent(source)
    if re.match(r"-(?:[ ]|$)", source[here:]):
        for number in range(line - 1, 0, -1):
            other = lines.line_text(number)
            if re.match(r"[ ]*-(?:[ ]|$)", other) and _indent(other) != here:
                return (
                    f"this list item is indented {_spaces(here)}, but the item on line {number} is indented "
                    f"{_spaces(_indent(other))}; line up the '-' of items in the same list",
                    offset,
                )
        return f"this list item is indented {_spaces(here)}, like no list above it; line up its '-'", offset
    above = _line_above(lines, line)
    if above is not None and re.match(r"[ ]*-(?:[ ]|$)", above[1]) and _indent(above[1]) == here:
        glued = _glued_dash(source)
        if glued is not None:
            return glued, offset
        return (
            f"this line is indented like the list item on line {above[0]} but does not start with '- '; "
            "indent it under that item if it belongs to it, or start a new item with '- '",
            offset,
        )
    continued = _less_indented_text(lines, line, source)
    if continued is not None:
        return continued, offset
    if any(_indent(other) == here and _FIELD.fullmatch(other) for other in _lines_above(lines, line)):
        return None  # it lines up with a key above: something else is wrong, and PyYAML's words must do
    return (
        f"this line is indented {_spaces(here)}, which lines up with no key above it; "
        "indent it like the other keys of the mapping it belongs to",
        offset,
    )


def _no_colon(lines: Lines, text: str, offset: int) -> tuple[str, int]:
    """A line of a mapping that is not ``key: value``."""
    line, start, source = _line_of(lines, text, offset)
    body = _COMMENT.split(source, maxsplit=1)[0].strip()
    glued = _GLUED.match(source)
    if glued is not None:
        colon = start + glued.end() - 1
        key = body.split(":", 1)[0].lstrip("- ")
        value = body.split(":", 1)[1]
        return (
            f"{show_value(body, 40)} has no space after the colon, so YAML reads the whole line as text, not as a "
            f"key and a value; write {visible(truncate(key + ': ' + value, 50))}",
            colon,
        )
    continued = _less_indented_text(lines, line, source, plain=False)
    if continued is not None:
        return continued, start + _indent(source)
    above = _line_above(lines, line)
    if above is not None and re.match(r"[ ]*-(?:[ ]|$)", above[1]) and _indent(above[1]) == _indent(source):
        glued_dash = _glued_dash(source)
        if glued_dash is not None:
            return glued_dash, start + _indent(source)
        return (
            f"line {line} ({show_value(body, 40)}) is indented like the list item on line {above[0]} but does not "
            f"start with '- '; if it is another item of that list, write {visible(truncate('- ' + body, 50))}",
            start + _indent(source),
        )
    return (
        f"line {line} ({show_value(body, 40)}) is not a key and a value; write it as key: value, "
        "or indent it under the value it continues",
        offset,
    )


def _glued_dash(source: str) -> str | None:
    """'-item' among list items: with no space after the '-', YAML reads it as text, not as an item."""
    body = _COMMENT.split(source, maxsplit=1)[0].strip()
    if not re.match(r"-[^\s-]", body):
        return None
    return (
        f"{show_value(body, 40)} has no space after the '-', so YAML reads it as text, not as a list item; "
        f"write {visible(truncate('- ' + body[1:], 50))}"
    )


def _unclosed_bracket(lines: Lines, text: str, start: int, offset: int) -> tuple[str, int] | None:
    """A '[' or '{' list or mapping that runs past its line, or whose items are not separated: a missing
    closing bracket or a missing comma."""
    opener = text[start] if start < len(text) else ""
    closer = {"[": "]", "{": "}"}.get(opener)
    if closer is None:
        return None
    what = "list" if opener == "[" else "mapping"
    column = lines.position(start)[1]
    # Only when a '}' follows: without one the mapping is unclosed, and the key on the next line is the record's.
    comma = opener == "{" and text[offset : offset + 1] == ":" and closer in text[offset:]
    merged = _MERGED_KEY.search(text, start + 1, offset) if comma else None
    if merged is not None:  # "{a: 1 b: 2}": YAML read "1 b" as a value, so the comma belongs before the key "b"
        return (
            f"expected ',' before {show_value(merged.group(2))} to separate the items of the mapping opened with "
            f"'{opener}' at column {column}, or '{closer}' to close it",
            merged.start(2),
        )
    if "\n" in text[start:offset] or "\r" in text[start:offset] or not text[offset:].strip():
        return f"the {what} opened with '{opener}' here is never closed; add '{closer}' after its last item", start
    return (
        f"expected ',' between the items of the {what} opened with '{opener}' at column {column}, "
        f"or '{closer}' to close it",
        offset,
    )


#: In a '{...}' mapping whose second key YAML read as part of the first value (``{a: 1 b: 2}`` gives an error at
#: the second colon): the value's last word, when it looks like a key, ends where the error is. The words may be on
#: several lines of a '{...}' written over lines, which then is closed after all. Only plain words count; anything
#: quoted, bracketed or commented keeps the general message.
_MERGED_KEY = re.compile(r":\s+[^\s,:{}\[\]\"'#]+(?:\s+[^\s,:{}\[\]\"'#]+)*(\s+)([A-Za-z_][\w.\-]*)\Z")


#: A line that ends a YAML document: what follows it would need a '---' to start another.
_DOCUMENT_END = re.compile(r"^\.\.\.[ \t]*(?:#.*)?$", re.M)
#: The header of a block of text: '|' or '>', an optional chomping and indentation indicator, an optional comment.
_BLOCK_HEADER = re.compile(r"[|>][-+0-9]*[ \t]*(?:#.*)?")


def _escaped_closing_quote(lines: Lines, text: str, start: int) -> tuple[str, int] | None:
    """``"C:\\temp\\"``: the backslash before the intended closing quote makes it part of the value."""
    if text[start : start + 1] != '"':
        return None
    _, line_start, source = _line_of(lines, text, start)
    rest = source[start - line_start + 1 :].rstrip()
    backslashes = len(rest[:-1]) - len(rest[:-1].rstrip("\\"))
    if not rest.endswith('"') or backslashes % 2 == 0:
        return None
    return (
        'the \\" at the end of this line is a quote inside the value, not its end, so the quote opened at column '
        f'{lines.position(start)[1]} is never closed; write \\\\ for a backslash (\\\\") or put the value in single '
        "quotes, where a backslash is just a backslash",
        start + len(rest) - 1,  # the backslash: rest starts after the opening quote
    )


def _text_beside_block_indicator(lines: Lines, text: str, indicator: int, offset: int) -> tuple[str, int] | None:
    """``description: >- Text`` over indented lines: the block's text must start on the line below the '>-'."""
    line, start, source = _line_of(lines, text, indicator)
    last = lines.position(len(text))[0]
    below = next((lines.line_text(n) for n in range(line + 1, last + 1) if lines.line_text(n).strip()), None)
    if below is None or _indent(below) <= _indent(source):
        return None  # no indented lines follow: the '>' or '|' is more likely part of the text
    header = text[indicator:offset].strip()
    moved = _COMMENT.split(source[offset - start :], maxsplit=1)[0].rstrip()
    return (
        f"the text of a block ({show_value(header)}) starts on the line below it, but this line has text after "
        f"{show_value(header)}; move {show_value(moved, 30)} to the next line, indented like the lines below it, or "
        f"put the whole value in quotes if the {show_value(header[0])} is part of the text",
        offset,
    )


def _block_above(lines: Lines, line: int) -> tuple[int, str, int] | None:
    """The block of text ('key: |' and its indented lines) right above ``line``: the header's line number and
    text, and how far its text is indented."""
    content: int | None = None
    for number in range(line - 1, 0, -1):
        source = lines.line_text(number)
        if not source.strip():
            continue
        if content is None or _indent(source) < content:
            match = _field(source)
            if match is not None and _BLOCK_HEADER.fullmatch(match.group("value")):
                indent = _indent(source) + (len(match.group("dash")) if match.group("dash") else 0)
                return number, source.strip(), content if content is not None else indent + 2
            if content is not None:
                return None
        content = _indent(source) if content is None else min(content, _indent(source))
    return None


def _less_indented_text(lines: Lines, line: int, source: str, plain: bool = True) -> str | None:
    """A line of text (no 'key:') indented less than the block of text or the value it continues."""
    if re.search(r":(?:[ \t]|$)", _COMMENT.split(source, maxsplit=1)[0]) or source.lstrip().startswith(("-", "#")):
        return None
    here = _indent(source)
    block = _block_above(lines, line)
    if block is not None and here < block[2]:
        number, header, content = block
        return (
            f"line {line} is indented {_spaces(here)}, less than the block of text that starts on line {number} "
            f"({show_value(header, 40)}), so YAML ends the block before it; indent it {_spaces(content)} like the "
            "text of the block"
        )
    above = _line_above(lines, line)
    match = _field(above[1]) if above is not None and plain else None
    if above is None or match is None or match.group("value")[:1] in "\"'[{|>&*!":
        return None
    key = _indent(above[1]) + (len(match.group("dash")) if match.group("dash") else 0)
    if here > key:
        return None
    return (
        f"line {line} is indented {_spaces(here)}, no more than the key {_key_name(match.group('key'))} on line "
        f"{above[0]}, so YAML does not read it as more of that value; if it continues the value, indent it more "
        "than the key, or join the two lines"
    )
