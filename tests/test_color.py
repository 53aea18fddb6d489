"""--color against NO_COLOR and FORCE_COLOR, for the lint report and the subcommands alike.

``auto`` leaves the environment in charge; a flag given for this run wins over it (no-color.org: command-line
arguments override NO_COLOR). NO_COLOR removes colour, not emphasis: bold may stay.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.helpers import reference, run_cli

ESCAPE = re.compile(r"\x1b\[([0-9;]*)m")


def colours(text: str) -> set[str]:
    """The colour parameters (foreground 30-37, 90-97, 38;...) among the SGR sequences in ``text``."""
    found = set()
    for params in ESCAPE.findall(text):
        for part in params.split(";"):
            if part.isdigit() and (30 <= int(part) <= 38 or 90 <= int(part) <= 97):
                found.add(part)
    return found


@pytest.fixture
def bad(tmp_path: Path) -> str:
    data = reference()
    data["severity"] = "critical"
    path = tmp_path / "INC-2024-0315-001.json"
    path.write_text(json.dumps(data, indent=2), "utf-8")
    return str(path)


def commands(bad: str, color: list[str]) -> list[list[str]]:
    """The lint report, the rule table and a rule's page, each with the ``--color`` arguments given."""
    return [["--select", "schema", *color, bad], ["rules", *color], ["explain", *color, "placeholder-text"]]


def test_no_color_is_honoured_under_auto_and_overridden_by_always(bad: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")  # a terminal as far as rich knows
    for args in commands(bad, []):
        assert colours(run_cli(*args)[1]), args
    monkeypatch.setenv("NO_COLOR", "1")
    for args in commands(bad, []) + commands(bad, ["--color", "auto"]):
        out = run_cli(*args)[1]
        assert out and colours(out) == set(), args
    for args in commands(bad, ["--color", "always"]):
        assert colours(run_cli(*args)[1]), args


def test_never_wins_over_force_color(bad: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    for args in commands(bad, ["--color", "never"]):
        out = run_cli(*args)[1]
        assert out and "\x1b" not in out, args
