"""--timing: the time each rule took, slowest first, on stderr; the report on stdout is untouched."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.helpers import reference, run_cli

SLOW = """
import time

from incidentlint.api import Finding, rule


@rule(code="SLOW001", name="slow-rule", severity="warning", summary="Slow.", rationale="To be found by --timing.")
def slow(record, options):
    time.sleep(0.02)
    yield Finding("/title", "slow-rule ran")


@rule(
    code="SLOW002",
    name="endless-rule",
    severity="info",
    summary="Endless.",
    rationale="Never stops yielding.",
    enabled_by_default=False,
)
def endless(record, options):
    while True:
        yield Finding("", "again")
"""

ROW = re.compile(r"  (\S+) +([0-9.]+ (?:s|ms|us)) +([0-9.]+ (?:s|ms|us)) +([0-9.]+)%")


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "slow.py").write_text(SLOW, "utf-8")
    (tmp_path / ".incidentlint.toml").write_text('rule-paths = ["slow.py"]\nextend-select = ["SLOW001"]\n', "utf-8")
    for number in (1, 2, 3):
        record = {**reference(), "incident_id": f"INC-2024-0315-00{number}"}
        (tmp_path / f"INC-2024-0315-00{number}.json").write_text(json.dumps(record, indent=2), "utf-8")
    return tmp_path


def table(err: str) -> list[tuple[str, float]]:
    """(rule, share in percent) of each row of the timing table in ``err``."""
    return [(match.group(1), float(match.group(4))) for match in map(ROW.fullmatch, err.splitlines()) if match]


def test_the_slow_rule_heads_the_table_and_the_report_is_untouched(workdir: Path) -> None:
    code, out, err = run_cli("--timing", "--format", "json", ".")
    assert code == 0  # a warning
    assert [(d["file"], d["rule"]) for d in json.loads(out)["diagnostics"]] == [
        (f"./INC-2024-0315-00{number}.json", "slow-rule") for number in (1, 2, 3)
    ]
    lines = err.splitlines()
    assert lines[:2] == [
        "incidentlint: time in each rule over 3 files (--timing lints without worker processes):",
        "  rule                                  total   per file  share",
    ]
    rows = table(err)
    assert len(rows) == len(lines) - 2  # every line after the header is a row
    names = [name for name, _ in rows]
    assert names[0] == "slow-rule"  # 20 ms a file asleep, against microseconds for the others
    assert rows[0][1] > 50.0
    assert {"placeholder-text", "duplicate-incident-id"} <= set(names)  # record and repository rules
    assert len(names) == len(set(names))
    shares = [share for _, share in rows]
    assert shares == sorted(shares, reverse=True)
    assert 99.0 <= sum(shares) <= 101.0


def test_without_the_flag_there_is_no_table(workdir: Path) -> None:
    _, _, err = run_cli("--format", "json", "INC-2024-0315-001.json")
    assert table(err) == []
    assert "time in each rule" not in err


def test_an_endless_rule_is_still_stopped_at_its_cap(workdir: Path) -> None:
    # The timers wrap each step of a rule's findings, not the whole list: the engine still reads only up to its cap.
    code, out, err = run_cli("--timing", "--format", "json", "--select", "endless-rule", "INC-2024-0315-001.json")
    assert code == 0
    diagnostics = json.loads(out)["diagnostics"]
    assert len(diagnostics) == 101
    assert diagnostics[-1]["message"].startswith("at least 99,900 more findings of this rule in this file")
    assert [name for name, _ in table(err)] == ["endless-rule"]
