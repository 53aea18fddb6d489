"""Stable identities for diagnostics, shared by the baseline, GitLab fingerprints and SARIF partial fingerprints.

A finding is identified by its file (relative, posix), rule, JSON Pointer and a hash of the offending value, never
by its line: unrelated edits that shift lines or change other fields leave the identity alone.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable
from typing import NamedTuple

from incidentlint.diagnostics import Diagnostic
from incidentlint.pointer import reported


class FindingKey(NamedTuple):
    file: str
    rule: str
    pointer: str
    value_hash: str


def relative_path(path: str, base: str | None = None) -> str:
    """``path`` relative to ``base`` (default: the working directory) with ``/`` separators.

    Paths outside ``base`` stay absolute, and names that are not paths (``<stdin>``) stay as they are, so an
    identity never depends on how many ``..`` separate two directories.
    """
    if path.startswith("<") and path.endswith(">"):
        return path
    absolute = os.path.abspath(path)
    root = os.path.abspath(base if base is not None else os.curdir)
    try:
        inside = os.path.commonpath([absolute, root]) == root
    except ValueError:  # different drives on Windows
        inside = False
    chosen = os.path.relpath(absolute, root) if inside else absolute
    return chosen.replace(os.sep, "/")


def key_of(diagnostic: Diagnostic, base: str | None = None) -> FindingKey:
    pointer = reported(diagnostic.pointer)
    return FindingKey(relative_path(diagnostic.file, base), diagnostic.rule, pointer, diagnostic.value_hash)


def fingerprints(diagnostics: Iterable[Diagnostic], base: str | None = None) -> list[str]:
    """A stable hex fingerprint per diagnostic, in order. Repeats of one key are told apart by their occurrence
    number, so every fingerprint in a report is unique (GitLab merges issues that share one)."""
    import hashlib  # here: only findings need it, and its OpenSSL binding costs ~3 ms of a clean run's start-up

    seen: Counter[FindingKey] = Counter()
    out = []
    for diagnostic in diagnostics:
        key = key_of(diagnostic, base)
        text = json.dumps([*key, seen[key]], ensure_ascii=True)
        seen[key] += 1
        out.append(hashlib.sha256(text.encode()).hexdigest()[:32])
    return out
