"""The ``rules`` and ``explain`` subcommands."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO


def run_subcommand(name: str, args: Sequence[str], stdout: TextIO, stderr: TextIO) -> int:
    stderr.write(f"incidentlint: '{name}' is not available yet\n")
    return 2
