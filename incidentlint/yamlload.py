"""YAML loading from parser events: plain JSON data, spans, and no YAML 1.1 surprises.

We never construct Python objects through PyYAML. Building the data ourselves from the event stream keeps every
value as the text written unless it is unambiguously a number, boolean or null in both YAML 1.1 and 1.2; refuses
anchors, aliases, merge keys, non-core tags and multiple documents at their position; and is iterative, so deep
nesting cannot raise RecursionError.
"""

from __future__ import annotations

import math
import re
import sys
from typing import Any, cast

import yaml

from incidentlint import pointer as jp
from incidentlint.diagnostics import Severity
from incidentlint.document import Frame, Lines, LoadProblem, Span
from incidentlint.jsonload import MAX_DEPTH, MAX_NODES
from incidentlint.pathescape import YAML_DRIVE_ESCAPE, path_escapes
from incidentlint.textsafe import show_value, truncate, visible
from incidentlint.yamlerrors import explain, quote_tagged
from incidentlint.yamlmisread import comment_cut, joined_line, may_cut_comment, may_join
from incidentlint.yamlquick import BOOL as _BOOL
from incidentlint.yamlquick import GIVE_WAY, NON_PRINTABLE, plain_text, read_quickly
from incidentlint.yamlquick import LETTER_FIRST as _LETTER_FIRST
from incidentlint.yamlquick import LETTER_WORDS as _LETTER_WORDS
from incidentlint.yamlquick import SPECIAL_FIRST as _SPECIAL_FIRST
from incidentlint.yamlquick import UNSURE as _UNSURE
from incidentlint.yamlquick import settled as _settled

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_CORE = "tag:yaml.org,2002:"
_SCALAR_TAGS = {None, "!", _CORE + "str", _CORE + "int", _CORE + "float", _CORE + "bool", _CORE + "null"}
_COLLECTION_TAGS = {None, "!", _CORE + "map", _CORE + "seq"}

# The YAML 1.2 core schema (section 10.3.2). A plain scalar becomes a number, boolean or null only when YAML 1.1
# (as PyYAML reads it) gives the very same value; otherwise it stays the text written and earns a warning.
_NULL = re.compile(r"~|null|Null|NULL|")
_INT = re.compile(r"[-+]?[0-9]+")
_INT_OTHER = re.compile(r"0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_NONFINITE = re.compile(r"[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)")
# The YAML 1.1 spec's one-letter booleans, which PyYAML leaves as text but other 1.1 tools do not.
_YAML11_LETTERS = frozenset("yYnN")
_YAML11 = yaml.resolver.Resolver()
_YAML11_VALUES = yaml.constructor.SafeConstructor()
_SURROGATE = re.compile("[\ud800-\udfff]")
_YAML11_BREAKS = {
    "\x85": ("next line", "\\N"),
    "\u2028": ("line separator", "\\L"),
    "\u2029": ("paragraph separator", "\\P"),
}


class _NeedPositions(Exception):
    """The quick pass met something to report (or a rare construct it leaves alone): the full pass runs instead."""


class _Stop(Exception):
    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


def _resolve(event: Any, problems: list[LoadProblem], where: str, is_key: bool) -> Any:
    """Turn a scalar event into a JSON value, keeping anything YAML 1.1 would reinterpret as text."""
    text: str = event.value
    tag = event.tag
    start = event.start_mark.index
    if not text.isascii() and _SURROGATE.search(text):  # isascii() is a flag check: most values skip the regex
        raise _Stop("the value contains a lone surrogate (\\ud800-\\udfff), which is not valid Unicode", start)
    plain = event.implicit[0] and not event.style
    if tag in (_CORE + "str", "!") or (tag is None and not plain):
        return text
    if tag is not None and tag != _CORE + "str":
        wanted = tag[len(_CORE) :]
        value: Any = _plain_value(text, event, problems, where, is_key)
        kinds: dict[str, type | tuple[type, ...]] = {
            "int": int,
            "float": (int, float),
            "bool": bool,
            "null": type(None),
        }
        if not isinstance(value, kinds[wanted]) or (wanted in ("int", "float") and isinstance(value, bool)):
            raise _Stop(f"the value {show_value(text, 40)} is tagged !!{wanted} but is not one", start)
        return float(cast(float, value)) if wanted == "float" else value
    return _plain_value(text, event, problems, where, is_key)


def _core_value(text: str) -> Any:
    """The value of a plain scalar in the YAML 1.2 core schema; the text itself when it is a string there."""
    if _NULL.fullmatch(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT.fullmatch(text):
        return int(text)
    if _INT_OTHER.fullmatch(text):
        value = int(text, 0)  # hex and octal convert without the decimal digit limit, and Python could then
        if _unprintable(value):  # not print the number: refuse it here, where the decimal case is refused
            raise ValueError(text)
        return value
    if _FLOAT.fullmatch(text):
        return float(text)
    if _NONFINITE.fullmatch(text):
        return float(text.replace(".", "", 1))
    return text


def _unprintable(value: int) -> bool:
    """More decimal digits than ``str(value)`` will write (sys.get_int_max_str_digits; 0 means no limit)."""
    limit = sys.get_int_max_str_digits()
    return limit > 0 and abs(value).bit_length() > limit * 3 and abs(value) >= 10**limit


def _yaml11_value(text: str) -> Any:
    """The value PyYAML's YAML 1.1 resolver gives a plain scalar (timestamps and other types stay text)."""
    tag: str = _YAML11.resolve(yaml.ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
    kind = tag[len(_CORE) :] if tag.startswith(_CORE) else ""
    if kind not in ("int", "float", "bool", "null"):
        return text
    construct = getattr(_YAML11_VALUES, f"construct_yaml_{kind}")
    return construct(yaml.ScalarNode(tag, text))


def _plain_value(text: str, event: Any, problems: list[LoadProblem], where: str, is_key: bool) -> Any:
    if plain_text(text):
        return text  # text in YAML 1.1 and 1.2 alike: neither resolves a plain scalar starting like this
    settled = _settled(text)
    if settled is not _UNSURE:
        return settled
    start, end = event.start_mark.index, event.end_mark.index
    if text in _YAML11_LETTERS:
        # Text to PyYAML and to YAML 1.2 alike, but a boolean to the YAML 1.1 spec and the tools that follow it.
        return _ambiguous(text, "YAML 1.1 tools may read it as a boolean", start, end, problems, where, is_key)
    try:
        core = _core_value(text)
        old = _yaml11_value(text)
    except ValueError:  # more digits than int() converts (sys.get_int_max_str_digits)
        raise _Stop(f"the number has {len(text)} digits, too many to hold", start) from None
    for value in (core, old):
        if isinstance(value, float) and not math.isfinite(value):
            if _NONFINITE.fullmatch(text):
                raise _Stop(f"{text} is not a finite number; JSON has no infinity or NaN", start)
            raise _Stop(f"the number {text[:40]} is too large to hold", start)
    if type(core) is type(old) and core == old:
        return core
    version, other = ("1.2", core) if isinstance(old, str) else ("1.1", old)
    what = "a boolean" if isinstance(other, bool) else "null" if other is None else "a number"
    reading = f"YAML {version} tools read it as {what}"
    if not isinstance(core, str) and not isinstance(old, str):
        reading = f"YAML 1.1 tools read it as {show_value(old, 40)} and YAML 1.2 tools as {show_value(core, 40)}"
    return _ambiguous(text, reading, start, end, problems, where, is_key)


def _ambiguous(
    text: str, what: str, start: int, end: int, problems: list[LoadProblem], where: str, is_key: bool
) -> str:
    role = "key" if is_key else "value"
    shown = visible(truncate(text, 40))  # a sexagesimal or octal run can be kilobytes long: its start is enough
    problems.append(
        LoadProblem(
            "yaml-ambiguous-value",
            Severity.WARNING,
            f"the {role} {shown} is read as the text '{shown}', but {what}; "
            f"quote it ('{shown}') to make the meaning explicit",
            offset=start,
            end_offset=end,
            pointer=where,
        )
    )
    return text


def _key_text(value: Any, event: Any, problems: list[LoadProblem], where: str) -> str:
    if isinstance(value, str):
        return value
    text: str = event.value
    problems.append(
        LoadProblem(
            "non-string-key",
            Severity.WARNING,
            f"the key {text or '(empty)'} is not a string in YAML; it is read as the text '{text}', "
            f"so quote it ('{text}') to make that explicit",
            offset=event.start_mark.index,
            end_offset=event.end_mark.index,
            pointer=where,
        )
    )
    return text


def _short(tag: str) -> str:
    return "!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag


def load_yaml_quickly(text: str) -> tuple[Any, dict[str, Span] | None, list[LoadProblem]]:
    """Like :func:`load_yaml`, but spans are None for a record that loads without any problem: only a file with
    findings needs positions, and building a pointer and a span for every node is a third of the loading time.
    The text is read by :func:`incidentlint.yamlquick.read_quickly` if it can, else by
    :func:`load_events_quickly`."""
    data = read_quickly(text)
    if data is not GIVE_WAY:
        return data, None, []
    return load_events_quickly(text)


def load_events_quickly(text: str) -> tuple[Any, dict[str, Span] | None, list[LoadProblem]]:
    """:func:`load_yaml_quickly` from libyaml's events: for a text the line reader gave way at. Anything else
    than data without a problem (a warning, an error) goes through :func:`load_yaml`, so its results are exactly
    the same."""
    if NON_PRINTABLE.search(text) is None and not _may_misread(text):
        loader = _Loader(text)
        try:
            return _quick_build(loader), None, []
        except (_NeedPositions, _Stop, yaml.YAMLError):
            pass
        finally:
            loader.dispose()
    return load_yaml(text)


def _may_misread(text: str) -> bool:
    """Whether a comment may have cut a value short, or a drive letter's backslash become an escape: text tests,
    ~0.2 us for a 3 KB record without comments, so that the quick pass need not look around every scalar."""
    return may_cut_comment(text) or ("\\" in text and YAML_DRIVE_ESCAPE.search(text) is not None)


_NO_KEY = object()  # the open mapping's next scalar is a key


def _quick_build(loader: Any) -> Any:
    """The data of a record that loads without any problem, or _NeedPositions (or _Stop, or a YAMLError) for
    anything else, which :func:`load_yaml` then reads in full and reports.

    The same rules as :func:`_build`, for records with nothing to report, in a loop that does only what they
    need: no frames, pointers, spans or problem lists, and a plain scalar that starts like text taken as it is.
    That was 200 of the 300 us a 3 KB YAML record took to load, against ~100 us for libyaml's events alone.
    """
    scalar_event, mapping_start, sequence_start = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
    ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    skipped = (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent)
    special, letters, words = _SPECIAL_FIRST, _LETTER_FIRST, _LETTER_WORDS
    surrogate, str_tags, no_key = _SURROGATE, ("!", _CORE + "str"), _NO_KEY
    # The innermost open collection, whether it is a mapping, and its pending key (no_key: the next scalar is a
    # key) are kept in locals, the outer ones on a stack: ~170 events for a 3 KB record, most of them scalars,
    # and each read the innermost collection's state from two lists before.
    outer: list[tuple[Any, bool, Any]] = []
    container: Any = None
    mapping = False
    key: Any = no_key
    root: Any = no_key
    documents = nodes = 0
    problems: list[LoadProblem] = []
    # get_event alone, until the None that follows the stream's end: check_event before each would be a second C
    # call per event (~170 for a 3 KB record).
    for event in iter(loader.get_event, None):
        kind = type(event)
        if kind is scalar_event:
            if event.anchor is not None:
                raise _NeedPositions
            nodes += 1
            text: str = event.value
            if not text.isascii() and surrogate.search(text):
                raise _NeedPositions
            tag = event.tag
            in_key = mapping and key is no_key
            if tag is None:
                if event.style or not event.implicit[0]:
                    value: Any = text
                elif text and (
                    text[0] not in special or (text[0] in letters and text not in words and text[-1] != "\n")
                ):
                    value = text  # as _plain_value would find, without the call: most keys and values
                elif in_key and text == "<<":
                    raise _NeedPositions  # a merge key
                else:
                    value = _plain_value(text, event, problems, "", in_key)
                    if problems:
                        raise _NeedPositions
            elif tag in str_tags:
                value = text
            else:
                raise _NeedPositions  # other tags: the full pass says which are allowed
            if in_key:
                if type(value) is not str or value in container:
                    raise _NeedPositions  # a key that is not text, or appears twice
                key = value
                continue
            if " -" in text and not event.style and may_join(text, event.start_mark.line, event.end_mark.line):
                raise _NeedPositions  # a '- ' line joined into the value above (values only: ~5 us of ~190)
        elif kind is mapping_start or kind is sequence_start:
            if event.anchor is not None or event.tag is not None or len(outer) >= MAX_DEPTH:
                raise _NeedPositions
            if mapping and key is no_key:
                raise _NeedPositions  # a complex key
            nodes += 1
            outer.append((container, mapping, key))
            mapping = kind is mapping_start
            container, key = ({} if mapping else []), no_key
            continue
        elif kind in ends:
            value = container
            container, mapping, key = outer.pop()
        elif kind in skipped:
            continue
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise _NeedPositions
            continue
        else:  # an alias
            raise _NeedPositions
        if nodes > MAX_NODES:
            raise _NeedPositions
        if container is None:
            root = value
        elif mapping:
            container[key] = value
            key = no_key
        else:
            container.append(value)
    if root is no_key:
        raise _NeedPositions
    return root


def load_yaml(text: str) -> tuple[Any, dict[str, Span], list[LoadProblem]]:
    """Return (data, spans, problems). Data is None when a problem makes the file unusable."""
    problems: list[LoadProblem] = []
    bad = NON_PRINTABLE.search(text)
    if bad is not None:
        char = bad.group()
        message = f"control character U+{ord(char):04X} is not allowed in YAML; remove it or write it as an escape"
        if char in _YAML11_BREAKS:
            name, escape = _YAML11_BREAKS[char]
            message = (
                f"U+{ord(char):04X} ({name}) is a line break to YAML 1.1 tools but not to YAML 1.2 ones, so they "
                f"read this record differently; remove it, or write it as {escape} inside double quotes"
            )
        problems.append(LoadProblem("parse-error", Severity.ERROR, message, offset=bad.start()))
        return None, {}, problems
    loader = _Loader(text)
    try:
        return _build(loader, text, problems)
    except _Stop as stop:
        problems.append(LoadProblem("parse-error", Severity.ERROR, stop.message, offset=stop.offset))
    except yaml.MarkedYAMLError as error:
        explained = explain(error, text)
        if explained is not None:
            problems.append(
                LoadProblem("parse-error", Severity.ERROR, f"YAML syntax error: {explained[0]}", offset=explained[1])
            )
            return None, {}, problems
        mark = error.problem_mark or error.context_mark
        message = (error.problem or "invalid YAML").strip()
        if error.context and error.context not in message:
            message = f"{message} ({error.context.strip()})"
        message = message[:1].lower() + message[1:]
        # The offset, not mark.line: one line numbering (document.Lines) for every position we report.
        offset = mark.index if mark else 0
        if "invalid Unicode character escape" in message:
            # libyaml marks the digits; point at the backslash, and say what is usually wrong.
            offset = max(text.rfind("\\", 0, offset), 0)
            message += "; \\ud800-\\udfff escapes are not characters (write \\U0001F600 for one beyond U+FFFF)"
        problems.append(LoadProblem("parse-error", Severity.ERROR, f"YAML syntax error: {message}", offset=offset))
    except yaml.YAMLError as error:
        offset = getattr(error, "position", 0) or 0
        problems.append(LoadProblem("parse-error", Severity.ERROR, f"YAML error: {error}", offset=offset))
    finally:
        loader.dispose()
    return None, {}, problems


def _build(loader: Any, text: str, problems: list[LoadProblem]) -> tuple[Any, dict[str, Span], list[LoadProblem]]:
    """The data, spans and problems of one document."""
    spans: dict[str, Span] = {}
    stack: list[Frame] = []
    root: Any = None
    have_root = False
    documents = 0
    nodes = 0
    lines: Lines | None = None  # built on the first duplicate key, to name the line of the first occurrence
    # Locals, not module attributes: this loop runs once per YAML event, ~120 times for a 3 KB record.
    scalar_event, mapping_start, mapping_end, sequence_end = (
        yaml.ScalarEvent,
        yaml.MappingStartEvent,
        yaml.MappingEndEvent,
        yaml.SequenceEndEvent,
    )
    skipped = (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent)
    join = jp.join
    cuts = may_cut_comment(text)
    for event in iter(loader.get_event, None):  # as in _quick_build
        kind = type(event)
        if kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise _Stop(
                    "the file holds several YAML documents ('---'); put one incident in each file",
                    event.start_mark.index,
                )
            continue
        if kind in skipped:
            continue
        start = event.start_mark.index
        if kind is yaml.AliasEvent:
            raise _Stop(f"aliases (*{event.anchor}) are not supported in incident records; write the value out", start)
        if kind is mapping_end or kind is sequence_end:
            frame = stack.pop()
            value: Any = frame.container
            here = frame.pointer
            start, end = frame.start, event.end_mark.index
        else:
            if getattr(event, "anchor", None) is not None:
                raise _Stop(
                    f"anchors (&{event.anchor}) are not supported in incident records; write the value out",
                    start,
                )
            nodes += 1
            if nodes > MAX_NODES:
                raise _Stop(f"the document has more than {MAX_NODES} values", start)
            parent = stack[-1] if stack else None
            in_key = parent is not None and isinstance(parent.container, dict) and parent.key is None
            if parent is None:
                here = ""
            elif isinstance(parent.container, dict):
                here = parent.pointer if in_key else join(parent.pointer, parent.key or "")
            else:
                here = join(parent.pointer, len(parent.container))
            if kind is scalar_event:
                if event.tag not in _SCALAR_TAGS:
                    raise _Stop(
                        f"the tag {_short(event.tag)} is not supported; incident records use plain JSON values"
                        + quote_tagged(text, start),
                        start,
                    )
                if in_key:
                    assert parent is not None
                    if event.value == "<<" and event.implicit[0] and not event.style:
                        raise _Stop("merge keys (<<) are not supported in incident records; write the keys out", start)
                    key = _key_text(_resolve(event, problems, parent.pointer, True), event, problems, parent.pointer)
                    where = join(parent.pointer, key)
                    if key in parent.seen:
                        lines = lines or Lines(text)
                        # One word with the JSON loader and the schema's messages, which call a YAML mapping an object.
                        first_line, first_column = lines.position(parent.seen[key])
                        problems.append(
                            LoadProblem(
                                "duplicate-key",
                                Severity.ERROR,
                                f"key {show_value(key)} appears twice in this object "
                                f"(first at {first_line}:{first_column}); the later value silently wins, so remove one",
                                offset=start,
                                end_offset=event.end_mark.index,
                                pointer=where,
                            )
                        )
                    parent.seen[key] = start
                    parent.key, parent.key_start, parent.key_end = key, start, event.end_mark.index
                    continue
                value = _resolve(event, problems, here, False)
                end = event.end_mark.index
                if not event.style and type(value) is str and parent is not None:
                    _misread(text, event, value, here, parent, cuts, problems)
            else:
                if in_key:
                    raise _Stop("complex keys (a mapping or list used as a key) are not supported", start)
                allowed = event.tag in _COLLECTION_TAGS
                if not allowed:
                    raise _Stop(
                        f"the tag {_short(event.tag)} is not supported; incident records use plain JSON values",
                        start,
                    )
                if len(stack) >= MAX_DEPTH:
                    raise _Stop(f"nesting is deeper than {MAX_DEPTH} levels", start)
                stack.append(Frame({} if kind is mapping_start else [], here, start))
                continue
        parent = stack[-1] if stack else None
        if parent is None:
            spans[here] = Span(start, end)
            root, have_root = value, True
        elif isinstance(parent.container, dict):
            spans[here] = Span(start, end, parent.key_start, parent.key_end)
            parent.container[parent.key] = value
            parent.key = None
        else:
            spans[here] = Span(start, end)
            parent.container.append(value)
    if not have_root:
        raise _Stop("the file is empty; an incident record is a mapping of fields", 0)
    problems.extend(path_escapes(text, spans, "yaml"))
    return root, spans, problems


def _misread(
    text: str, event: Any, value: str, here: str, parent: Frame, cuts: bool, problems: list[LoadProblem]
) -> None:
    """The warnings for a plain scalar value that reads other than it looks (see incidentlint.yamlmisread)."""
    if may_join(value, event.start_mark.line, event.end_mark.line):
        key = parent.key if isinstance(parent.container, dict) else None
        joined = joined_line(text, event.start_mark.index, event.end_mark.index, value, here, key)
        if joined is not None:
            problems.append(joined)
    if cuts:
        if isinstance(parent.container, dict):  # the key's column: the value's lines are indented more
            at = parent.key_start
            indent = at - max(text.rfind("\n", 0, at), text.rfind("\r", 0, at)) - 1
        else:  # a list item's lines start no further left than its text
            indent = event.start_mark.column - 1
        cut = comment_cut(text, event.end_mark.index, value, here, indent)
        if cut is not None:
            problems.append(cut)
