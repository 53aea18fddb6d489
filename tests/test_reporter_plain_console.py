"""The full reporter's fast plain-text path prints exactly what rich prints when it adds no colour."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.corpus import generate
from incidentlint.reporters import full
from tests.helpers import EXAMPLE, run_cli


def _report_both_ways(monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[str, str]:
    fast = run_cli("--format", "full", "--color", "never", *args)[1]
    monkeypatch.setattr(full, "PlainConsole", None)  # a leftover use of the fast path would now raise
    monkeypatch.setattr(full, "plain", lambda stream, color: False)  # rich prints, with no colour: not a tty
    slow = run_cli("--format", "full", "--color", "never", *args)[1]
    return fast, slow


def test_findings_print_the_same_through_rich_and_the_plain_path(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    paths = generate(tmp_path, 60, seed=3)
    hostile = json.loads(EXAMPLE.read_text("utf-8"))
    hostile["title"] = "TBD"  # a placeholder finding whose frame shows the line below
    hostile["severity"] = "\t界\u202e\x1b[31m 🚒"
    weird = tmp_path / "wé ird\tname.json"
    weird.write_text(json.dumps(hostile, ensure_ascii=False, indent="\t"), "utf-8")
    fast, slow = _report_both_ways(monkeypatch, *map(str, paths), str(weird))
    assert fast == slow
    assert fast.count("\n") > 40 and "\\u202e" in fast and "界" in fast


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=30), min_size=1, max_size=4))
def test_plain_console_matches_rich_for_any_visible_text(parts: list[str]) -> None:
    from rich.text import Text

    from incidentlint.textsafe import visible

    line = Text()
    for index, part in enumerate(parts):
        line.append(visible(part), style="bold" if index % 2 else "red")
    rich_out, plain_out = io.StringIO(), io.StringIO()
    full.make_console(rich_out, "never").print(line, no_wrap=True, overflow="ignore", crop=False)
    full.PlainConsole(plain_out).print(line, no_wrap=True, overflow="ignore", crop=False)
    assert plain_out.getvalue() == rich_out.getvalue()
