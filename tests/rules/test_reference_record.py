"""The reference record is clean under every built-in rule, and the rules really run on it."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import EXAMPLE, ROOT, reference, run_cli, run_json


def test_examples_lint_clean_with_the_default_config() -> None:
    code, out, err = run_cli(str(ROOT / "examples"))
    assert (code, err) == (0, ""), out


def test_reference_is_clean_under_every_rule_including_opt_in_ones() -> None:
    code, report = run_json("--select", "ALL", str(EXAMPLE))
    assert (code, report["diagnostics"]) == (0, [])


def test_default_rules_run_on_a_record(tmp_path: Path) -> None:
    # The same record with two facts changed: proof that the clean result above is not an empty rule set.
    record = reference()
    record["duration"] = "1h 15m"
    record["responders"].append("Tom Wilson - Database Team Lead")
    path = tmp_path / "INC-2024-0315-001.json"
    path.write_text(json.dumps(record, indent=2), "utf-8")
    code, report = run_json(str(path))
    assert code == 1
    assert [(d["rule"], d["line"], d["pointer"]) for d in report["diagnostics"]] == [
        ("duration-mismatch", 8, "/duration"),
        ("duplicate-responder", 23, "/responders/5"),
    ]
