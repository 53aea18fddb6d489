"""The benchmark script runs end to end on a small corpus and prints a table a reader can trust: both tools ran
on the same files and agreed on which runs had violations. The rule-cost script accounts for every rule."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks import rulecost
from incidentlint.config import Config
from incidentlint.engine import Linter
from incidentlint.registry import all_rules
from tests.helpers import ROOT


@pytest.mark.slow
def test_the_benchmark_runs_and_reports_both_tools(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    options = ["--count", "150", "--runs", "1", "--big-runs", "1", "--inprocess-records", "20"]
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench", *options, "--corpus", str(corpus)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    out = done.stdout
    assert "corpus: 150 records, 41 YAML, a tenth with violations, seed 20240315" in out
    rows = re.findall(
        r"^\| (.+?) \| ([\d,]+) ms \| ([\d,]+) ms \| ([\d.]+) \(([\d.]+)x faster\) \| (\d) / (\d) \|$", out, re.M
    )
    assert [row[0] for row in rows] == ["1 clean file", "100 files", "150 files", "150 files, --jobs 1"]
    for _, ours, theirs, ratio, _, _, _ in rows:
        assert float(ratio) == pytest.approx(int(ours.replace(",", "")) / int(theirs.replace(",", "")), abs=0.01)
    # Exit codes: the clean file passes both tools, and both fail a batch holding the generator's broken records.
    assert [(row[5], row[6]) for row in rows] == [("0", "0"), ("1", "1"), ("1", "1"), ("1", "1")]
    idle = "JSON, schema \\+ 23 record rules that return at once"
    labels = ("JSON", "YAML", "JSON, schema only \\(no rules\\)", idle)
    for label in labels:
        assert re.search(rf"^- {label}: [\d.]+ us per record vs .*= [\d.]+x the floor", out, re.M), label
    assert re.search(r"^- 150 files: incidentlint [\d.]+ MiB, check-jsonschema [\d.]+ MiB$", out, re.M)
    assert re.search(r"^- --jobs 1: \(150-file - 1-file\) / \(1.5 x \(100-file - 1-file\)\) = [\d.]+$", out, re.M)
    assert len(list(corpus.glob("INC-*"))) == 150 and (corpus / "manifest.json").is_file()


def test_the_rule_cost_script_lists_every_record_rule_once(capsys: pytest.CaptureFixture[str]) -> None:
    assert rulecost.main(["--records", "10", "--rounds", "1"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("per clean JSON record, 10 records, minimum of 1 rounds:\n")
    for label in ("read \\+ json.loads floor", "all default rules", "no record rule"):
        assert re.search(rf"^- {label}: [\d.]+ us", out, re.M), label
    listed = re.findall(r"^  (\S+) +-?[\d.]+ us$", out, re.M)
    assert sorted(listed) == sorted(check.name for check in Linter(Config(), all_rules()).record_rules)
    assert len(listed) == 23
