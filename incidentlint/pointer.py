"""JSON Pointer (RFC 6901) helpers."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from incidentlint.textsafe import truncate, visible

#: What :func:`resolve` returns for a pointer that leads nowhere, when ``None`` would be ambiguous.
MISSING: Any = object()


def escape(token: str | int) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


def unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def join(parent: str, token: str | int) -> str:
    return f"{parent}/{escape(token)}"


def from_path(path: Iterable[str | int]) -> str:
    return "".join("/" + escape(token) for token in path)


#: Reports and baselines shorten a reference token (a key) longer than this many characters; see :func:`reported`.
MAX_REPORTED_TOKEN = 200
_KEPT = 100


def reported(pointer: str) -> str:
    """``pointer`` as machine reports (json, sarif) and baselines carry it: as is, except that each reference token
    over :data:`MAX_REPORTED_TOKEN` characters becomes its first 100 characters, "…" and the first 16 hex digits of
    the SHA-256 of the whole token.

    A hostile record with a 500 KB key and a hundred findings under it made a 50 MB json report (and would have
    made a 50 MB baseline). The shortened pointer no longer resolves, but it still tells keys apart (the hash) and
    is the same on every run, which is what baseline matching and fingerprints need; line and column stay exact.
    """
    if len(pointer) <= MAX_REPORTED_TOKEN:  # no token can be too long: the common case, at the cost of a len()
        return pointer
    tokens = pointer[1:].split("/")
    if all(len(token) <= MAX_REPORTED_TOKEN for token in tokens):
        return pointer
    return "".join("/" + (token if len(token) <= MAX_REPORTED_TOKEN else _shorten(token)) for token in tokens)


def _shorten(token: str) -> str:
    import hashlib

    key = unescape(token)
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return escape(key[:_KEPT]) + "\u2026" + digest  # cut before escaping, so no "~0"/"~1" is split in two


def split(pointer: str) -> list[str]:
    if not pointer:
        return []
    return [unescape(token) for token in pointer[1:].split("/")]


def readable(pointer: str) -> str:
    """A pointer as an author reads it: ``/communication_log/1/timestamp`` is ``communication_log[1].timestamp``,
    safe to print and at most 120 characters."""
    out = ""
    for token in split(pointer):
        out += f"[{token}]" if token.isdigit() else ("." if out else "") + token
    return visible(truncate(out, 120)) or "the record"


def parent(pointer: str) -> str:
    return pointer[: pointer.rfind("/")] if pointer else ""


def resolve(data: Any, pointer: str, default: Any = None) -> Any:
    """The value at ``pointer`` in plain JSON data, or ``default`` when the pointer leads nowhere."""
    current = data
    for token in split(pointer):
        if isinstance(current, dict) and token in current:
            current = current[token]
        elif isinstance(current, list) and token.isdigit() and int(token) < len(current):
            current = current[int(token)]
        else:
            return default
    return current
