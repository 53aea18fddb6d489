"""Read a path (or stdin) safely and parse it into a Document, or into positioned load problems."""

from __future__ import annotations

import codecs
import os
import stat
import sys
from dataclasses import dataclass, replace
from typing import Any, BinaryIO

from incidentlint.diagnostics import Severity
from incidentlint.document import Document, Lines, LoadProblem, Span
from incidentlint.jsonload import build_spans, find_span, load_json

# 2 MiB, as hostile-inputs.md advises: a postmortem is tens of kilobytes; a bigger file is nearly always a pasted
# log or a wrong path, and parsing it would cost seconds. max-file-size raises it.
DEFAULT_MAX_BYTES = 2 * 1024 * 1024
JSON_SUFFIXES = (".json",)
YAML_SUFFIXES = (".yaml", ".yml")

_UTF16_32 = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


@dataclass(slots=True)
class Loaded:
    """The outcome of loading one path: a document (possibly with warnings) or the problems that stopped it."""

    path: str
    document: Document | None
    problems: list[LoadProblem]
    raw: bytes = b""
    text: str | None = None


def _problem(message: str, rule: str = "parse-error", offset: int = 0) -> LoadProblem:
    return LoadProblem(rule, Severity.ERROR, message, offset=offset)


def read_bytes(path: str, max_bytes: int = DEFAULT_MAX_BYTES, stdin: BinaryIO | None = None) -> bytes | LoadProblem:
    """The file's bytes, or a problem: missing, unreadable, not a regular file, or over the size limit.

    Only regular files are read. A FIFO, a device (/dev/zero, /dev/stdin) or a socket is refused after a stat,
    which neither blocks nor has side effects; the file is then opened non-blocking and checked again with
    fstat, so a FIFO swapped in between the two cannot hang the run either.
    """
    if path == "-":
        return _read_stdin(stdin, max_bytes)
    try:
        info = os.stat(path)
    except (OSError, ValueError) as error:  # ValueError: a NUL in the path (only possible through the API)
        return _unreadable(error)
    refused = _refuse(path, info, max_bytes)
    if refused is not None:
        return refused
    try:
        fd = os.open(path, os.O_RDONLY | _OPEN_FLAGS)
    except (OSError, ValueError) as error:
        return _unreadable(error, opened=True)
    try:
        info = os.fstat(fd)
        refused = _refuse(path, info, max_bytes)
        if refused is not None:
            return refused
        data = _read_all(fd, info.st_size, max_bytes)
    except OSError as error:
        return _unreadable(error, opened=True)
    finally:
        os.close(fd)
    if len(data) > max_bytes:  # it grew after the fstat
        return _problem(_too_large(None, max_bytes))
    return data


def _read_all(fd: int, size: int, max_bytes: int) -> bytes:
    """The rest of a regular file, up to ``max_bytes + 1`` bytes (one more than allowed, to tell it is too big).

    Plain os.read calls, without a buffered file object around them, which cost as much as the reads. It asks
    for the size fstat gave plus one byte, not for max_bytes + 1: a read of n bytes allocates n first, and 2 MiB
    per 3 KB record was most of the cost of reading it. Getting that extra byte means the file is growing (or,
    in /proc, reports no size): it reads on, up to the limit.
    """
    limit = min(size, max_bytes) + 1
    parts: list[bytes] = []
    total = 0
    while total < limit:
        chunk = os.read(fd, limit - total)
        if not chunk:
            break
        parts.append(chunk)
        total += len(chunk)
        if total == limit and limit <= max_bytes:
            limit = max_bytes + 1
    return parts[0] if len(parts) == 1 else b"".join(parts)


# O_NONBLOCK: opening a FIFO must not wait for a writer; O_NOCTTY: a terminal device must not become ours;
# O_BINARY (Windows only): os.open defaults to text mode there, which would turn CRLF into LF and stop at ^Z.
_OPEN_FLAGS = (
    getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
)
_STDIN_CHUNK = 1024 * 1024
_STDIN_ALIASES = ("/dev/stdin", "/dev/fd/0", "/proc/self/fd/0")


def _refuse(path: str, info: os.stat_result, max_bytes: int) -> LoadProblem | None:
    if stat.S_ISDIR(info.st_mode):
        try:  # the directory walk passes on the directories it could not list
            os.scandir(path).close()
        except OSError as error:
            return _unreadable(error, what="directory")
        return _problem(
            "cannot lint this path: it is a directory, and directories are searched only when named", "io-error"
        )
    if not stat.S_ISREG(info.st_mode):
        kind = file_kind(info.st_mode)
        hint = "; use '-' to read standard input" if path in _STDIN_ALIASES else ""
        # io-error (exit 2), like a missing file: the path cannot be read as a record at all, which is a problem
        # with the invocation rather than with a record's content.
        return _problem(f"cannot lint this path: it is {kind}, not a regular file{hint}", "io-error")
    if info.st_size > max_bytes:
        return _problem(_too_large(info.st_size, max_bytes))
    return None


def file_kind(mode: int) -> str:
    """What a path that is not a regular file is, for messages: a directory, a pipe (FIFO), a device or socket."""
    if stat.S_ISDIR(mode):
        return "a directory"
    return "a pipe (FIFO)" if stat.S_ISFIFO(mode) else "a device or socket"


def _unreadable(error: OSError | ValueError, opened: bool = False, what: str = "file") -> LoadProblem:
    if isinstance(error, ValueError):
        return _problem(f"cannot read the {what}: its name contains a NUL character", "io-error")
    if isinstance(error, FileNotFoundError):
        reason = "it was removed while the run was going on" if opened else "it does not exist (or is a broken link)"
    elif isinstance(error, PermissionError):
        reason = "permission denied"
    else:
        reason = error.strerror.lower() if error.strerror else str(error)
    return _problem(f"cannot read the {what}: {reason}", "io-error")


def _read_stdin(stdin: BinaryIO | None, max_bytes: int) -> bytes | LoadProblem:
    stream = stdin if stdin is not None else getattr(sys.stdin, "buffer", None)
    if stream is None:  # started with stdin closed (`incidentlint - <&-`)
        return _problem("cannot read standard input: it is closed", "io-error")
    # In chunks: read(n) allocates n bytes first, and max-file-size may be up to 1 GiB for a 3 KB record.
    parts: list[bytes] = []
    total = 0
    try:
        while total <= max_bytes:
            chunk = stream.read(min(max_bytes + 1 - total, _STDIN_CHUNK))
            if not chunk:
                break
            parts.append(chunk)
            total += len(chunk)
    except OSError as error:
        return _problem(f"cannot read standard input: {(error.strerror or str(error)).lower()}", "io-error")
    if total > max_bytes:
        return _problem(_too_large(None, max_bytes))
    return parts[0] if len(parts) == 1 else b"".join(parts)


def _too_large(size: int | None, limit: int) -> str:
    """``size`` is None for a stream, whose length is known only to exceed the limit."""
    if size is None:
        measured, allowed = "the file is over", human_size(limit)
    else:
        shown, allowed = sizes_over(size, limit)
        measured = f"the file is {shown}, over"
    return (
        f"{measured} the {allowed} limit for an incident record "
        "(raise max-file-size in the configuration if it is genuine)"
    )


def sizes_over(size: int, limit: int) -> tuple[str, str]:
    """``size`` and the ``limit`` it exceeds, for a message: rounded, unless rounding would make them look equal
    ("1.0 MiB, over the 1.0 MiB limit"), and then in bytes."""
    shown, allowed = human_size(size), human_size(limit)
    return (shown, allowed) if shown != allowed else (f"{size:,} bytes", f"{limit:,}-byte")


def human_size(count: int) -> str:
    """A byte count for messages: 512 bytes, 1.5 KiB, 2.0 MiB."""
    if count < 1024:
        return f"{count} bytes"
    if count < 1024 * 1024:
        return f"{count / 1024:.1f} KiB"
    return f"{count / 1048576:.1f} MiB"


def decode(raw: bytes) -> tuple[str, bool] | LoadProblem:
    """Strict UTF-8 with an optional BOM; anything else is a problem at the first bad byte."""
    for mark, name in _UTF16_32:
        if raw.startswith(mark):
            return _problem(f"the file is encoded as {name}; save it as UTF-8")
    unmarked = _unmarked_encoding(raw[:4])
    if unmarked is not None:
        return _problem(f"the file is encoded as {unmarked} without a byte order mark; save it as UTF-8")
    bom = raw.startswith(codecs.BOM_UTF8)
    body = raw[3:] if bom else raw
    try:
        return body.decode("utf-8"), bom
    except UnicodeDecodeError as error:
        good = body[: error.start].decode("utf-8")
        # Lines counts LF, CRLF and a lone CR, like every other position; the character after the valid prefix
        # stands for the bad byte, so a prefix ending in a line break is not taken for the end of the file.
        line, column = Lines(good + "?").position(len(good))
        byte = body[error.start]
        return LoadProblem(
            "parse-error",
            Severity.ERROR,
            f"invalid UTF-8: byte 0x{byte:02x} cannot start or continue a character; save the file as UTF-8",
            line=line,
            column=column,
        )


def _unmarked_encoding(head: bytes) -> str | None:
    """UTF-16 or UTF-32 without a BOM, told by where the first character's zero bytes are (RFC 4627, section 3;
    YAML 1.2, section 5.2): a record starts with an ASCII character, and UTF-8 text holds no NUL at all."""
    if len(head) == 4 and (head[:3] == b"\0\0\0") != (head[1:] == b"\0\0\0"):
        return "UTF-32"
    if len(head) >= 2 and (head[0] == 0) != (head[1] == 0):
        return "UTF-16"
    return None


def decodable_prefix(raw: bytes) -> str | None:
    """The text before the first invalid UTF-8 byte of ``raw`` (after a BOM), or None when all of it decodes: the
    line of an invalid-UTF-8 error up to the bad byte, so that a report can show it and count its columns in
    bytes (rdjson) as it counts them for any other line."""
    if raw.startswith(tuple(mark for mark, _ in _UTF16_32)):
        return None  # another encoding: none of it is text to show
    body = raw.removeprefix(codecs.BOM_UTF8)
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as error:
        return body[: error.start].decode("utf-8")
    return None


def detect_format(name: str, text: str) -> str:
    lowered = name.lower()
    if lowered.endswith(JSON_SUFFIXES):
        return "json"
    if lowered.endswith(YAML_SUFFIXES):
        return "yaml"
    return "json" if text.lstrip()[:1] in ("{", "[") else "yaml"


def parse(name: str, text: str, bom: bool = False, fmt: str | None = None) -> tuple[Document | None, list[LoadProblem]]:
    """Parse decoded text. Returns a Document (with any warnings in ``problems``) or None and the errors."""
    fmt = fmt or detect_format(name, text)
    if fmt == "json":
        data, problems = load_json(text)
        if _failed(problems):
            if text.lstrip()[:1] not in ("{", "[", "\ufeff", "") and not _failed(_load_yaml(text)[2]):
                # The whole file reads as YAML: what JSON would say of its first line (a comment, an unquoted
                # key) is beside the point.
                problems[0] = replace(problems[0], message=LOOKS_LIKE_YAML)
            return None, _with_lines(text, problems)
        document = Document(name, text, data, "json", bom, problems)
        document.span_builder = lambda: build_spans(text)
        if not any(problem.rule == "duplicate-key" for problem in problems):  # the finder takes a key's first
            document.span_finder = lambda pointer: find_span(text, pointer)
        return document, problems
    data, spans, problems = _load_yaml(text, quickly=True)
    if _failed(problems):
        return None, _with_lines(text, problems)
    document = Document(name, text, data, "yaml", bom, problems)
    if spans is None:  # a record without problems: positions are built again only if a finding needs them
        document.span_builder = lambda: _load_yaml(text)[1] or {}
    else:
        document._spans = spans
    return document, problems


#: The parse error of a .json file that reads as YAML in full.
LOOKS_LIKE_YAML = (
    "this file is YAML, not JSON (it reads as YAML in full): rename it to .yaml, or rewrite it as JSON, with the "
    "record in braces and every key in double quotes"
)


def _failed(problems: list[LoadProblem]) -> bool:
    """A parse error means there is no data to check (a JSON file holding just ``null`` is data)."""
    return any(problem.rule == "parse-error" for problem in problems)


def _load_yaml(text: str, quickly: bool = False) -> tuple[Any, dict[str, Span] | None, list[LoadProblem]]:
    if quickly:  # most records: read line by line, without PyYAML
        from incidentlint.yamlquick import GIVE_WAY, read_quickly

        data = read_quickly(text)
        if data is not GIVE_WAY:
            return data, None, []
    # Imported on first use: PyYAML costs ~10 ms to import, and a run over JSON records or YAML records of the usual
    # block style never needs it.
    from incidentlint.yamlload import load_events_quickly, load_yaml

    return load_events_quickly(text) if quickly else load_yaml(text)


def _with_lines(text: str, problems: list[LoadProblem]) -> list[LoadProblem]:
    """Resolve offsets to lines and columns while the text is at hand; no document will be kept."""
    lines = Lines(text)
    resolved = []
    for problem in problems:
        if problem.offset >= 0:
            line, column = lines.position(problem.offset)
            problem = replace(problem, line=line, column=column, offset=-1)
        resolved.append(problem)
    return resolved


def load_path(
    path: str,
    display: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    stdin: BinaryIO | None = None,
) -> Loaded:
    name = display or path
    raw = read_bytes(path, max_bytes, stdin)
    if isinstance(raw, LoadProblem):
        return Loaded(name, None, [raw])
    decoded = decode(raw)
    if isinstance(decoded, LoadProblem):
        return Loaded(name, None, [decoded], raw)
    text, bom = decoded
    document, problems = parse(name, text, bom)
    return Loaded(name, document, problems, raw, text=text)
