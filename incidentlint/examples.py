"""Whether a rule's documented examples are true: for a plugin's tests, as for the built-in rules' own.

``incidentlint explain`` and docs/rules.md show a rule's ``valid`` examples as "not reported" and its ``invalid``
ones as "reported". :func:`example_problems` runs each through the real engine, in JSON and in YAML, with only
that rule enabled, and says which one is not what its heading claims::

    from incidentlint.examples import example_problems
    from my_rules import service_name_lowercase

    def test_examples_are_true() -> None:
        assert example_problems(service_name_lowercase) == []
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from incidentlint.api import Rule
from incidentlint.config import Config
from incidentlint.docgen import as_json, as_yaml, example_files

SUFFIXES = (".json", ".yaml")


def fired(rule: Rule, example: Any, directory: Path, suffix: str, rules: Mapping[str, Rule]) -> list[tuple[str, str]]:
    """(rule, message) of every diagnostic ``example`` produces with only ``rule`` enabled, its records written as
    files into ``directory`` (which must exist) with ``suffix``."""
    from incidentlint.engine import Linter

    linter = Linter(Config(select=[rule.name], base=directory), rules)
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


def example_problems(rule: Rule, rules: Mapping[str, Rule] | None = None) -> list[str]:
    """What is untrue in ``rule``'s examples, one sentence each; empty when every valid example produces nothing
    and every invalid one produces findings of this rule only, in JSON and in YAML.

    ``rules`` is the catalogue to run it in (default: the rule alone, with the core checks).
    """
    catalogue = dict(rules) if rules is not None else {}
    catalogue[rule.name] = rule
    problems = []
    with tempfile.TemporaryDirectory(prefix="incidentlint-examples-") as scratch:
        for suffix in SUFFIXES:
            kind = suffix[1:].upper()
            for heading, examples in (("valid", rule.valid), ("invalid", rule.invalid)):
                for number, example in enumerate(examples, start=1):
                    directory = Path(scratch) / f"{heading}-{number}{suffix}"
                    directory.mkdir()
                    found = fired(rule, example, directory, suffix, catalogue)
                    where = f"{heading} example #{number} of {rule.name}, as {kind},"
                    if heading == "valid" and found:
                        problems.append(f"{where} is reported: {found[0][0]}: {found[0][1]}")
                    elif heading == "invalid" and not found:
                        problems.append(f"{where} is not reported")
                    elif heading == "invalid" and {name for name, _ in found} != {rule.name}:
                        others = sorted({f"{name}: {message}" for name, message in found if name != rule.name})
                        problems.append(f"{where} also gets {others[0]}")
    return problems
