"""JSON Pointer (RFC 6901) helpers."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

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


def split(pointer: str) -> list[str]:
    if not pointer:
        return []
    return [unescape(token) for token in pointer[1:].split("/")]


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
