"""Plain YAML values that read as something other than what they look like: a '- ' line joined into the value above
(yaml-joined-line), and a ' #' that cut a value short, on its line or on the line below (yaml-comment-cut).

Both are valid YAML that every parser reads the same way, so nothing fails: the record just holds other text than
the author meant. The YAML loader asks these functions about each plain scalar value it builds, in its full pass;
its quick pass sends a file here when one may apply (see :func:`may_cut_comment` and :func:`may_join`).
"""

from __future__ import annotations

import re

from incidentlint import pointer as jp
from incidentlint.diagnostics import Severity
from incidentlint.document import LINE_BREAK, LoadProblem
from incidentlint.textsafe import show_value, truncate, visible

#: A continuation line of a plain scalar that starts like a list item: a '-' followed by a space or the line's end.
_JOINED = re.compile(r"[\r\n][ \t]*(-)(?=[ \t\r\n]|\Z)")
#: A comment right after a plain value whose text starts at the '#'. A comment written '# note' (the space yamllint's
#: comments rule asks for: "missing starting space in comment") or '###' is taken as meant.
_CUT = re.compile(r"[ \t]+(#)(?=[^\s#])")
#: The same on the line right below a value that ends its line: a line that goes on with '#412 and #413' is a
#: comment line, so the value stops before it. Group 1 is that line's indentation (only spaces indent in YAML).
_CUT_BELOW = re.compile(r"[ \t]*(?:\r\n?|[\n\x85\u2028\u2029])( *)[ \t]*(#)(?=[^\s#])")
#: A value shaped like a date or a timestamp: a '#' after one starts a comment ('2024-04-02T09:10:00Z #utc'), as no
#: date or time goes on with one, and quoting the whole value as the message suggests would break it.
_DATE_SHAPED = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[Tt ][0-9:.]+(?:[Zz]|[+-][0-9:]+)?)?")


def may_join(value: str, start_line: int, end_line: int) -> bool:
    """Whether a plain scalar may hold a joined '- ' line: it spans lines, and its folded text has a ' -' where a
    line break was. One substring test for nearly every value, which is what the loader's quick pass can afford."""
    return " -" in value and end_line != start_line


def may_cut_comment(text: str) -> bool:
    """Whether ``text`` has a ' #' followed directly by text anywhere: the only place :func:`comment_cut` can find
    anything. One look per '#' (str.find of one character is a memchr; of two, ' #', ~100 times slower): ~50 ns
    for a record without any, ~1 us with a few comments, against ~300 us for parsing it."""
    at = text.find("#")
    while at >= 0:
        if at and text[at - 1] in " \t":
            follower = text[at + 1 : at + 2]
            if follower and not follower.isspace() and follower != "#":
                return True
        at = text.find("#", at + 1)
    return False


#: The width YAML writers fold a long plain value at: PyYAML, libyaml (and so Go's yaml) and ruamel.yaml break a
#: line at a space only once it is longer than 80 characters. A '- ' line below a longer line is prose that a
#: program folded at a ' - ' ('failed - twice'), not a list item that a person indented too far.
WRAP_WIDTH = 80


def joined_line(text: str, start: int, end: int, value: str, pointer: str, key: str | None) -> LoadProblem | None:
    """The yaml-joined-line warning for a plain scalar from ``start`` to ``end`` that holds a line starting with
    '- ', at the first such '-' below a line of at most :data:`WRAP_WIDTH` characters; ``key`` is the scalar's
    key when it is a mapping value, None for a list item."""
    for match in _JOINED.finditer(text, start, end):
        above = match.start() - (text[match.start()] == "\n" and text[match.start() - 1] == "\r")
        if above - max(text.rfind("\n", 0, above), text.rfind("\r", 0, above)) - 1 <= WRAP_WIDTH:
            break
    else:
        return None
    dash = match.start(1)
    line_end = LINE_BREAK.search(text, dash, end)
    shown_line = visible(truncate(text[dash : line_end.start() if line_end else end].rstrip(), 40))
    read = f"{jp.readable(pointer)} is {show_value(value, 80)}"
    if key is None:
        message = (
            f"this line is indented more than the list item above, so YAML joined it into that item: {read}; "
            f"indent '{shown_line}' like the item above to make it a separate item"
        )
    else:
        name = visible(truncate(key, 40))
        message = (
            f"this line is indented more than the key '{name}' above, so YAML joined it into that key's value: "
            f"{read}; for a list, start it on the line after '{name}:' with every item on its own '- ' line, or to "
            f"keep the lines as text, write '{name}: |' and the text indented below it"
        )
    line_stop = line_end.start() if line_end else end
    return LoadProblem(
        "yaml-joined-line", Severity.WARNING, message, offset=dash, end_offset=line_stop, pointer=pointer
    )


def comment_cut(text: str, end: int, value: str, pointer: str, indent: int) -> LoadProblem | None:
    """The yaml-comment-cut warning for a plain scalar value ending at ``end`` that a comment such as '#412'
    follows, at the '#': on the value's line, or as the whole next line when that line is indented more than
    ``indent`` (the column of the value's key, or the column before a list item's text), as the value's own
    lines would be. Only a value read as text that is not empty, nor a date or timestamp: an empty one is null,
    which the schema refuses, with the same explanation, where a field must hold text."""
    if not value or _DATE_SHAPED.fullmatch(value):
        return None
    match = _CUT.match(text, end)
    below = match is None
    if match is None:
        match = _CUT_BELOW.match(text, end)
        if match is None or len(match.group(1)) <= indent:
            return None
    mark = match.start(2 if below else 1)
    line_end = LINE_BREAK.search(text, mark)
    stop = line_end.start() if line_end else len(text)
    comment = text[mark:stop].rstrip(" \t")
    # YAML folds the break between a plain value's lines into a space; that is what the value would hold.
    meant = value + (" " + comment if below else text[end:stop].rstrip(" \t"))
    quoted = "'" + visible(truncate(meant, 80)).replace("'", "''") + "'"
    shown = visible(truncate(comment, 40))
    read = f"{jp.readable(pointer)} is read as {show_value(value, 60)}"
    if below:
        start = f"a line starting with '#' is a comment in YAML, so {read}, without the line '{shown}' below it"
    else:
        start = f"' #' starts a comment in YAML, so {read}, without '{shown}'"
    message = (
        f"{start}; if '{shown}' belongs to the value, quote the whole value: {quoted}; if it is a comment, put a "
        "space after the '#'"
    )
    return LoadProblem(
        "yaml-comment-cut", Severity.WARNING, message, offset=mark, end_offset=mark + len(comment), pointer=pointer
    )
