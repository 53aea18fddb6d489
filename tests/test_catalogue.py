"""Every rule's documentation is true: its valid examples pass, its invalid ones fire, and its metadata is complete.

Examples are fragments, linted on their own (merged over nothing) with only the rule under test enabled, in both
JSON and YAML, through the real engine; repository rules get one file per entry of the example.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from incidentlint.api import Rule
from incidentlint.config import Config
from incidentlint.docgen import as_json, as_yaml, example_files
from incidentlint.engine import Linter
from incidentlint.registry import all_rules

CATALOGUE = all_rules()
RULES = pytest.mark.parametrize("rule", list(CATALOGUE.values()), ids=list(CATALOGUE))


def fired(rule: Rule, example: Any, directory: Path, suffix: str) -> list[tuple[str, str]]:
    """(rule, message) of every diagnostic the example produces with only ``rule`` enabled."""
    directory.mkdir(parents=True)
    linter = Linter(Config(select=[rule.name], base=directory), CATALOGUE)
    names = []
    diagnostics = []
    for name, record in example_files(rule, example):
        path = directory / (Path(name).stem + suffix)
        path.write_text(as_json(record) if suffix == ".json" else as_yaml(record) + "\n", "utf-8")
        names.append(str(path))
        diagnostics.extend(linter.lint_path(str(path)).diagnostics)
    for result in linter.repository_results(names):
        diagnostics.extend(result.diagnostics)
    return [(d.rule, d.message) for d in diagnostics]


@RULES
@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_examples_are_true(rule: Rule, suffix: str, tmp_path: Path) -> None:
    for number, example in enumerate(rule.valid):
        found = fired(rule, example, tmp_path / f"valid-{number}", suffix)
        assert found == [], f"valid example {number} of {rule.name} produced {found}"
    for number, example in enumerate(rule.invalid):
        found = fired(rule, example, tmp_path / f"invalid-{number}", suffix)
        assert found, f"invalid example {number} of {rule.name} produced nothing"
        assert {name for name, _ in found} == {rule.name}, f"invalid example {number} of {rule.name}: {found}"


@RULES
def test_metadata_is_complete(rule: Rule) -> None:
    assert re.fullmatch(r"[A-Z]{1,6}[0-9]{1,5}", rule.code)
    assert re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", rule.name)
    assert rule.summary.strip() and "\n" not in rule.summary, "the summary is one line"
    assert rule.summary.rstrip().endswith("."), "the summary is a sentence"
    assert len(rule.rationale.strip()) >= 40, "the rationale says why the rule matters"
    assert rule.valid and rule.invalid, "at least one valid and one invalid example"
    if rule.scope == "record":
        assert all(isinstance(example, dict) for example in (*rule.valid, *rule.invalid))
    else:
        assert rule.collect is None or callable(rule.collect)
    if rule.options_schema:
        Draft202012Validator.check_schema(rule.options_schema)
        errors = [error.message for error in Draft202012Validator(rule.options_schema).iter_errors(dict(rule.options))]
        assert errors == [], "the defaults satisfy the options schema"
        properties = rule.options_schema.get("properties", {})
        assert set(rule.options) <= set(properties), "every option is described by the schema"
        assert all("description" in properties[name] for name in rule.options), "every option is explained"


def test_built_in_codes_follow_the_house_numbering() -> None:
    built_in = [rule for rule in CATALOGUE.values() if rule.source == "built-in"]
    for rule in built_in:
        expected = "IL1" if rule.scope == "record" else "IL2"
        assert rule.code.startswith(expected), rule.name
