"""A line reader for the block YAML most records are written in, without PyYAML.

Most YAML records are block mappings and sequences of one-line keys and values: plain scalars, quoted ones and block
scalars ('|', '>'), plain and quoted ones at times folded over several lines, with comments between lines or after a
value, with LF or CRLF line breaks, and empty values (null). :func:`read_block_yaml` reads that shape, with one
regular expression over the text and a few string operations a line, and gives way (returns :data:`GIVE_WAY`) at
anything else: flow collections, anchors, tags, escapes and backslashes, tabs, lone CRs, keys that are not plain
words, block scalars that keep their final line breaks or name their indentation, a value YAML may resolve to
anything but text, a number, a boolean or null in both YAML 1.1 and 1.2 alike, and whatever is malformed. The loader
then reads the text from libyaml's events, as before, and reports what there is to report. Where this reader
answers, the answer is the data the event-based passes give, of the same types, and they would have found no
problem: Hypothesis tests hold it to them on documents PyYAML writes in each of its styles, on documents written as
people write them, and on both after random edits.

For a 3 KB corpus record, libyaml's events alone took ~90 us (a Python object for each of ~170 events, with two
marks each), the event loop built on them ~136 us, and this reader ~78 us (one process, minimum of 7 runs over 300
records). A run that meets only such YAML files does not import PyYAML at all.

It does not import PyYAML, so the values both YAMLs read alike (:func:`settled`) and the characters a stream must
not hold are defined here and imported by :mod:`incidentlint.yamlload`.
"""

from __future__ import annotations

import re
import string
from typing import Any, Final

from incidentlint.jsonload import MAX_DEPTH, MAX_NODES
from incidentlint.lazyre import lazy
from incidentlint.yamlmisread import may_cut_comment

# Every first character with which a plain scalar can mean anything but text: in the core schema (null,
# booleans, numbers) or to PyYAML's YAML 1.1 resolver, which picks its patterns by first character (the keys
# of its yaml_implicit_resolvers; a test keeps this set a superset of them). Most values start otherwise.
SPECIAL_FIRST = frozenset("~nNtTfFyYoO-+.0123456789<=!&*")
# Of those, the letters start only booleans and nulls, in either YAML (PyYAML's resolvers for them are bool and
# null, matched as whole words; a test checks that): a plain scalar starting with a letter is text unless it is one
# of these words. Keys such as 'title', 'type', 'owner' and 'ticket' are then text without the full resolution.
LETTER_FIRST = frozenset("nNtTfFyYoO")
LETTER_WORDS = frozenset(
    ["yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", "y", "Y", "n", "N",
     "true", "True", "TRUE", "false", "False", "FALSE", "null", "Null", "NULL"]
)  # fmt: skip
#: Null in YAML 1.2's core schema and to PyYAML's YAML 1.1 resolver alike (an empty plain scalar too).
_NULL_WORDS = frozenset(["", "~", "null", "Null", "NULL"])
BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
# Characters refused in YAML text: those YAML does not allow in a stream (YAML 1.2 section 5.1), which PyYAML
# reports without a line, and U+0085, U+2028 and U+2029, which are line breaks to YAML 1.1 (PyYAML) but not to
# YAML 1.2, editors or our line numbers: the two YAMLs read different records from the same text, and PyYAML's
# error marks land lines away from the character (past the end of the file, even).
NON_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# The characters a plain scalar can end with and still be a number, boolean or null in YAML 1.1 or 1.2: digits,
# letters (inf, nan, hex digits, the words), '.' ('1.'), '_' ('1_'), '~', and a final line break (PyYAML's patterns
# end in '$', which matches before one).
_VALUE_LAST = frozenset(string.ascii_letters + string.digits + "._~\n")
# Letters no number of either YAML ends with (hex digits end one; inf and nan start with '.' or a sign): a plain
# scalar that starts with a digit and ends with one of these is text in both, as '2h', '30s' and an unquoted
# '2024-03-15T14:30:00Z' are (a YAML 1.1 timestamp, which we keep as the text written).
_NOT_NUMBER_LAST = frozenset(string.ascii_letters) - frozenset("abcdefABCDEF")
_DIGITS = frozenset(string.digits)
# PyYAML's YAML 1.1 timestamp, which we keep as the text written; no number of either YAML has its '-'s.
_TIMESTAMP = lazy(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}"
    r"(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?"
)
UNSURE: Final = object()  # settled() could not tell
GIVE_WAY: Final = object()  # read_block_yaml cannot read the text, or not as surely as the event-based passes

# One line of a block: its indent, a sequence entry's dash ('-' with its spaces), a plain key of the usual kind
# and its ':' with the spaces after it, and the rest. re.findall splits and matches every line in one call.
_LINE = re.compile(r"^( *)(-(?: +|$))?(?:([A-Za-z_][A-Za-z0-9_-]*)(:(?: +|$)))?(.*)$", re.MULTILINE)
# What a plain scalar may not start with (YAML's indicators; '-', '?' and ':' only followed by a space in YAML,
# but given way to here always), nor a line folded into one (which would be legal, but is rare and given way to).
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")


def settled(text: str) -> Any:
    """The value of a plain scalar where both YAMLs plainly agree on it without resolving it in full, or UNSURE.

    Most plain scalars that start with a digit in a record are durations, percentages and counts ('5 minutes',
    '99.9%', '1200'), and true and false are the common words: the full resolution (five expressions for YAML 1.2,
    PyYAML's resolver for 1.1) was ~5 us each, a fifth of a YAML record's loading. No number, boolean or null of
    either YAML holds a space or ends in a character outside _VALUE_LAST; a decimal without a leading zero or a
    sign is the same integer in both (a leading zero is octal to 1.1).
    """
    if text in _NULL_WORDS:
        return None
    if text in BOOL:
        return BOOL[text]
    if " " in text or text[-1] not in _VALUE_LAST:
        return text
    if text.isdigit() and text.isascii() and (text[0] != "0" or len(text) == 1) and len(text) < 19:
        return int(text)
    if text[0] in _DIGITS and (text[-1] in _NOT_NUMBER_LAST or _TIMESTAMP.fullmatch(text) is not None):
        return text
    return UNSURE


def plain_text(text: str) -> bool:
    """Whether a plain scalar is text in YAML 1.1 and 1.2 alike by its first character (and, for the letters that
    start booleans and nulls, by not being one of those words): most keys and values of a record."""
    return bool(text) and (
        text[0] not in SPECIAL_FIRST
        # (PyYAML's patterns end in '$', which also matches before a final line break: 'null\n' is null to it.)
        or (text[0] in LETTER_FIRST and text not in LETTER_WORDS and text[-1] != "\n")
    )


def read_quickly(text: str) -> Any:
    """The data of a YAML text that :func:`read_block_yaml` can read and that has nothing to report, or GIVE_WAY.

    A character a stream must not hold is reported by the full pass, as is a comment that may cut a value short
    (a ' #' followed by text: ~50 ns to rule out for a text without any)."""
    if NON_PRINTABLE.search(text) is not None or may_cut_comment(text):
        return GIVE_WAY
    return read_block_yaml(text)


def read_block_yaml(text: str) -> Any:
    """The data of a YAML text in the plain block style most records are written in, or GIVE_WAY.

    The caller has checked the text for characters a stream must not hold (NON_PRINTABLE) and for comments that
    may cut a value short; this reader gives way at anything else it is not sure of (see the module's text).
    """
    if "\r" in text:  # CRLF line breaks (Windows): YAML reads each as one line break, in values too
        text = text.replace("\r\n", "\n")
        if "\r" in text:
            return GIVE_WAY  # a lone CR
    if "\\" in text or "\t" in text or "\ufeff" in text:
        return GIVE_WAY  # escapes and paths; tabs; a BOM (lone surrogates are NON_PRINTABLE)
    lines: list[tuple[str, str, str, str, str]] = _LINE.findall(text)
    count = len(lines)
    # In locals for the two tests of plain_text() written out below, a key's and a one-line value's: this loop runs
    # once a line, and the call cost more than the test.
    special, letters, words, indicators = SPECIAL_FIRST, LETTER_FIRST, LETTER_WORDS, _INDICATORS
    # Open collections, innermost last: [indent, container, is a mapping, key waiting for its value or None].
    stack: list[list[Any]] = []
    root: Any = GIVE_WAY
    nodes = 0
    index = 0
    while index < count:
        spaces, dash, name, _, rest = lines[index]
        index += 1
        if not (dash or name):
            if not rest or rest[0] == "#":
                continue  # a blank or comment line (a comment after a value gives way below)
            return GIVE_WAY  # a line that is neither an item nor a key: not of the kind read here
        indent = len(spaces)
        # Close what this line is outside of; an indentless sequence ('key:' then '- item' at the key's column)
        # ends at a line of its column that is not an item.
        while stack:
            inner = stack[-1]
            if inner[0] > indent or (inner[0] == indent and not dash and not inner[2]):
                if inner[3] is not None:
                    nodes += 1  # 'key:' with nothing under it: null (its placeholder), an empty scalar to YAML
                stack.pop()
            else:
                break
        top = stack[-1] if stack else None
        if dash:
            if top is not None and top[0] == indent and not top[2]:
                sequence = top[1]
            elif top is not None and top[2] and top[3] is not None and top[0] <= indent:
                sequence = []
                nodes += 1
                if not _nest(top, sequence, indent, stack):
                    return GIVE_WAY
            else:
                return GIVE_WAY  # a sequence at the root, or one where the line above did not open one
            if not name:
                if not rest or rest[0] == "-":
                    return GIVE_WAY  # an item on the lines below, or a sequence in a sequence
                value, index = _scalar(rest, lines, index, indent)
                if value is GIVE_WAY:
                    return GIVE_WAY
                sequence.append(value)
                nodes += 1
                continue
            # '- key: value': a mapping whose keys stand at the column of this first one.
            mapping: dict[str, Any] = {}
            sequence.append(mapping)
            indent += len(dash)
            stack.append([indent, mapping, True, None])
            nodes += 1
            if len(stack) > MAX_DEPTH:
                return GIVE_WAY
        elif top is not None and top[0] == indent and top[2]:
            if top[3] is not None:  # the key above has nothing under it: null
                top[3] = None
                nodes += 1
            mapping = top[1]
        elif top is not None and top[2] and top[3] is not None and top[0] < indent:
            mapping = {}
            nodes += 1
            if not _nest(top, mapping, indent, stack):
                return GIVE_WAY
        elif top is None and root is GIVE_WAY and indent == 0:
            root = mapping = {}
            stack.append([0, mapping, True, None])
            nodes += 1
        else:
            return GIVE_WAY
        # A key, of the mapping on top of the stack; as the event passes count nodes: each scalar, key or value,
        # and each collection.
        nodes += 1
        if name in mapping or not (name[0] not in special or (name[0] in letters and name not in words)):
            return GIVE_WAY  # twice, or a key YAML may read as a boolean or null
        if len(name) > 1000:
            return GIVE_WAY  # YAML allows a key at most 1,024 characters; the event passes say so
        if not rest or rest[0] == "#":
            stack[-1][3] = name  # its value is on the lines below
            mapping[name] = None  # null, unless a collection below replaces it
            continue
        if index < count and rest[0] not in indicators and " #" not in rest:
            after = lines[index]
            if len(after[0]) <= indent and (after[1] or after[2]) and ": " not in rest and rest[-1] != ":":
                # A one-line plain value (the next line is an item or a key no further in): most values.
                value = rest.rstrip(" ")
                if not (value[0] not in special or (value[0] in letters and value not in words)):
                    value = settled(value)
                    if value is UNSURE:
                        return GIVE_WAY
                mapping[name] = value
                nodes += 1
                continue
        value, index = _scalar(rest, lines, index, indent)
        if value is GIVE_WAY:
            return GIVE_WAY
        mapping[name] = value
        nodes += 1
    nodes += sum(frame[3] is not None for frame in stack)  # keys left waiting at the end: nulls
    if nodes > MAX_NODES:  # (checked once: a text within the size limit holds a few million nodes at most)
        return GIVE_WAY
    return root


def _nest(top: list[Any], container: dict[str, Any] | list[Any], indent: int, stack: list[list[Any]]) -> bool:
    """Open ``container`` at column ``indent`` as the value of the key waiting in mapping ``top``; False when that
    is one collection more than MAX_DEPTH open at once."""
    top[1][top[3]] = container
    top[3] = None
    stack.append([indent, container, type(container) is dict, None])
    return len(stack) <= MAX_DEPTH


def _scalar(rest: str, lines: list[tuple[str, str, str, str, str]], index: int, owner: int) -> tuple[Any, int]:
    """The scalar that starts with ``rest`` on the line before ``lines[index]``, in a collection at column
    ``owner``, and the index of the first line after it; (GIVE_WAY, index) where it is not of the kind read here."""
    first = rest[0]
    if first == "'" or first == '"':
        return _quoted(rest, lines, index, owner)
    if first == "|" or first == ">":
        return _block(rest, lines, index, owner)
    if first in _INDICATORS:
        return GIVE_WAY, index
    comment = rest.find(" #")
    written = (rest if comment < 0 else rest[:comment]).rstrip(" ")
    if ": " in written or written[-1] == ":":
        return GIVE_WAY, index  # a second key on the line: an error, which the event passes word
    # Lines further in than the collection continue a plain scalar, folded into it with a space (or with a line
    # break for each blank line between); a comment ends it.
    count = len(lines)
    while comment < 0 and index < count:
        joint, after = _joint(lines, index)
        if after == count or len(lines[after][0]) <= owner:
            break
        piece = _whole(lines[after]).rstrip(" ")
        if piece[0] in _INDICATORS or " #" in piece or ": " in piece or piece[-1] == ":":
            return GIVE_WAY, index  # a comment, a second key, or a '- ' line joined in (the event passes warn)
        written += joint + piece
        index = after + 1
    if plain_text(written):
        return written, index
    value = settled(written)
    return (GIVE_WAY if value is UNSURE else value), index


def _joint(lines: list[tuple[str, str, str, str, str]], index: int) -> tuple[str, int]:
    """How a flow or plain scalar folds the line break before ``lines[index]`` (a space, or a line break for each
    blank line from there), and the index of the next line that is not blank."""
    after, count = index, len(lines)
    while after < count and not (lines[after][1] or lines[after][2] or lines[after][4]):
        after += 1
    return (" " if after == index else "\n" * (after - index)), after


def _quoted(rest: str, lines: list[tuple[str, str, str, str, str]], index: int, owner: int) -> tuple[Any, int]:
    """A quoted scalar without escapes, on one line or folded over several, as :func:`_scalar`."""
    quote = rest[0]
    text = rest[1:]
    written = ""
    count = len(lines)
    while True:
        close = _closing(text, quote)
        if close >= 0:
            tail = text[close + 1 :]
            after = tail.lstrip(" ")
            if after and (after[0] != "#" or len(after) == len(tail)):
                return GIVE_WAY, index  # more after the closing quote
            written += text[:close]
            break
        written += text.rstrip(" ")  # spaces before a line break are folded away with it
        joint, after_index = _joint(lines, index)
        if after_index == count or len(lines[after_index][0]) <= owner:
            return GIVE_WAY, index  # the quote is not closed where the value's lines end
        written += joint
        text = _whole(lines[after_index])
        index = after_index + 1
    return (written.replace("''", "'") if quote == "'" else written), index


def _closing(text: str, quote: str) -> int:
    """The index of the quote that closes a quoted scalar in ``text``, or -1 (in single quotes, '' is a quote)."""
    at = text.find(quote)
    if quote == "'":
        while at >= 0 and text[at + 1 : at + 2] == "'":
            at = text.find("'", at + 2)
    return at


def _block(rest: str, lines: list[tuple[str, str, str, str, str]], index: int, owner: int) -> tuple[Any, int]:
    """A literal (|) or folded (>) block scalar, clipped or stripped (-), as :func:`_scalar`. Given way: a kept
    (+) one or one with an indentation indicator, blank lines before its text, and in a folded one lines further
    in than the first, which keep their line breaks."""
    comment = rest.find(" #")
    header = (rest if comment < 0 else rest[:comment]).rstrip(" ")
    if header[1:] not in ("", "-"):
        return GIVE_WAY, index
    count = len(lines)
    block = -1  # the text's indent, that of its first line
    pieces: list[str] = []
    blanks = 0  # blank lines since the last line of text
    while index < count:
        spaces, dash, name, colon, tail = lines[index]
        whole = dash + name + colon + tail
        if not whole:
            if block < 0 or len(spaces) > block:
                return GIVE_WAY, index  # a blank line before the text, or one with spaces that are text
            blanks += 1
            index += 1
            continue
        if block < 0:
            if len(spaces) <= owner:
                return GIVE_WAY, index  # an empty block scalar
            block = len(spaces)
        elif len(spaces) < block:
            break
        if index == count - 1:
            return GIVE_WAY, index  # the text's last line has no line break to clip
        more = len(spaces) - block
        if header[0] == ">":
            if more:
                return GIVE_WAY, index
            if pieces:
                pieces.append("\n" * blanks if blanks else " ")
        elif pieces:
            pieces.append("\n" * (blanks + 1))
        pieces.append(" " * more + whole)
        blanks = 0
        index += 1
    if block < 0:
        return GIVE_WAY, index
    return "".join(pieces) + ("" if header[1:] == "-" else "\n"), index


def _whole(line: tuple[str, str, str, str, str]) -> str:
    """A line's text after its indent, as _LINE split it."""
    return line[1] + line[2] + line[3] + line[4]
