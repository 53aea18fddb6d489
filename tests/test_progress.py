"""The progress bar: only for long runs, on a terminal, for a person; drawn by rich on stderr."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rich.console import Console

from incidentlint import progress
from incidentlint.cli import main
from tests.helpers import reference


class Terminal(io.StringIO):
    """A stderr that says it is a terminal."""

    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("files", "tty", "quiet", "machine", "expected"),
    [
        (201, True, False, False, True),
        (200, True, False, False, False),
        (5000, False, False, False, False),
        (5000, True, True, False, False),
        (5000, True, False, True, False),
    ],
)
def test_decision(files: int, tty: bool, quiet: bool, machine: bool, expected: bool) -> None:
    stream = Terminal() if tty else io.StringIO()
    assert progress.wanted(files, stream, quiet=quiet, machine_stdout=machine) is expected


def test_closed_stream_is_not_a_terminal() -> None:
    stream = io.StringIO()
    stream.close()
    assert not progress.is_terminal(stream)


def test_bar_draws_on_a_terminal_console() -> None:
    stream = io.StringIO()
    console = Console(file=stream, force_terminal=True, width=100, color_system=None)
    with progress.bar(250, console) as advance:
        for _ in range(250):
            advance()
    drawn = stream.getvalue()
    assert "checking records" in drawn
    assert "250/250" in drawn


def test_no_console_means_no_bar() -> None:
    with progress.bar(250, None) as advance:
        advance()  # does nothing, and needs nothing


@pytest.fixture
def many(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    text = json.dumps(reference())
    for index in range(progress.THRESHOLD + 1):
        (tmp_path / f"r{index:03d}.json").write_text(text, "utf-8")
    return tmp_path


@pytest.mark.slow
def test_long_run_on_a_terminal_shows_the_bar_on_stderr_only(many: Path) -> None:
    out, err = io.StringIO(), Terminal()
    code = main(["--select", "schema", "."], stdout=out, stderr=err)
    assert code == 0
    assert out.getvalue() == f"All clean: {progress.THRESHOLD + 1} files checked, no problems found.\n"
    assert f"{progress.THRESHOLD + 1}/{progress.THRESHOLD + 1}" in err.getvalue()


@pytest.mark.slow
@pytest.mark.parametrize("flags", [["--quiet"], ["--format", "json"]])
def test_no_bar_when_quiet_or_machine_output(many: Path, flags: list[str]) -> None:
    err = Terminal()
    main([*flags, "--select", "schema", "."], stdout=io.StringIO(), stderr=err)
    assert err.getvalue() == ""
