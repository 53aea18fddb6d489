"""Read a path (or stdin) safely and parse it into a Document, or into positioned load problems."""

from __future__ import annotations

import codecs
import os
import stat
import sys
from dataclasses import dataclass, replace
from typing import BinaryIO

from incidentlint.diagnostics import Severity
from incidentlint.document import Document, Lines, LoadProblem
from incidentlint.jsonload import build_spans, load_json
from incidentlint.yamlload import load_yaml

DEFAULT_MAX_BYTES = 4 * 1024 * 1024
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
    io_error: bool = False
    text: str | None = None


def _problem(message: str, rule: str = "parse-error", offset: int = 0) -> LoadProblem:
    return LoadProblem(rule, Severity.ERROR, message, offset=offset)


def read_bytes(path: str, max_bytes: int = DEFAULT_MAX_BYTES, stdin: BinaryIO | None = None) -> bytes | LoadProblem:
    """The file's bytes, or a problem: missing, unreadable, not a regular file, or over the size limit."""
    if path == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        data = stream.read(max_bytes + 1)
    else:
        try:
            info = os.stat(path)
        except FileNotFoundError:
            return _problem("cannot read the file: it does not exist (or is a broken link)", "io-error")
        except OSError as error:
            return _problem(f"cannot read the file: {error.strerror or error}", "io-error")
        if not stat.S_ISREG(info.st_mode):
            kind = "a directory" if stat.S_ISDIR(info.st_mode) else "not a regular file (a pipe, socket or device)"
            return _problem(f"cannot lint this path: it is {kind}")
        if info.st_size > max_bytes:
            return _problem(_too_large(info.st_size, max_bytes))
        try:
            # O_NONBLOCK: a FIFO swapped in after the stat must not block the whole run.
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
            with os.fdopen(fd, "rb") as handle:
                data = handle.read(max_bytes + 1)
        except FileNotFoundError:
            return _problem("cannot read the file: it was removed while the run was going on", "io-error")
        except OSError as error:
            return _problem(f"cannot read the file: {error.strerror or error}", "io-error")
    if len(data) > max_bytes:
        return _problem(_too_large(len(data), max_bytes))
    return data


def _too_large(size: int, limit: int) -> str:
    return (
        f"the file is {size / 1048576:.1f} MiB, over the {limit / 1048576:.1f} MiB limit for an incident record "
        "(raise max-file-size in the configuration if it is genuine)"
    )


def decode(raw: bytes) -> tuple[str, bool] | LoadProblem:
    """Strict UTF-8 with an optional BOM; anything else is a problem at the first bad byte."""
    for mark, name in _UTF16_32:
        if raw.startswith(mark):
            return _problem(f"the file is encoded as {name}; save it as UTF-8")
    bom = raw.startswith(codecs.BOM_UTF8)
    body = raw[3:] if bom else raw
    try:
        return body.decode("utf-8"), bom
    except UnicodeDecodeError as error:
        good = body[: error.start]
        line = good.count(b"\n") + 1
        column = len(good[good.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        byte = body[error.start]
        return LoadProblem(
            "parse-error",
            Severity.ERROR,
            f"invalid UTF-8: byte 0x{byte:02x} cannot start or continue a character; save the file as UTF-8",
            line=line,
            column=column,
        )


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
            if text.lstrip()[:1] not in ("{", "[", "") and not _failed(load_yaml(text)[2]):
                first = problems[0]
                problems[0] = replace(first, message=first.message + " (the file looks like YAML: rename it to .yaml)")
            return None, _with_lines(text, problems)
        document = Document(name, text, data, "json", bom, problems)
        document.span_builder = lambda: build_spans(text)
        return document, problems
    data, spans, problems = load_yaml(text)
    if _failed(problems):
        return None, _with_lines(text, problems)
    document = Document(name, text, data, "yaml", bom, problems)
    document._spans = spans
    return document, problems


def _failed(problems: list[LoadProblem]) -> bool:
    """A parse error means there is no data to check (a JSON file holding just ``null`` is data)."""
    return any(problem.rule == "parse-error" for problem in problems)


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
        return Loaded(name, None, [raw], io_error=raw.rule == "io-error")
    decoded = decode(raw)
    if isinstance(decoded, LoadProblem):
        return Loaded(name, None, [decoded], raw)
    text, bom = decoded
    document, problems = parse(name, text, bom)
    return Loaded(name, document, problems, raw, text=text)
