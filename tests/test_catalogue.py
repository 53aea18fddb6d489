"""Every rule's documentation is true: its valid examples pass, its invalid ones fire, and its metadata is complete.

Examples are fragments, linted on their own (merged over nothing) with only the rule under test enabled, in both
JSON and YAML, through the real engine; repository rules get one file per entry of the example.
"""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from jsonschema import Draft202012Validator

from incidentlint.api import Rule
from incidentlint.examples import example_problems
from incidentlint.registry import all_rules

CATALOGUE = all_rules()
RULES = pytest.mark.parametrize("rule", list(CATALOGUE.values()), ids=list(CATALOGUE))


@RULES
def test_examples_are_true(rule: Rule) -> None:
    assert example_problems(rule, CATALOGUE) == []


def test_an_untrue_example_is_named_with_what_it_got() -> None:
    # What a plugin author's own test sees: explain would label these "reported" and "not reported".
    placeholder = CATALOGUE["placeholder-text"]
    wrong = replace(placeholder, valid=({"title": "TBD"},), invalid=({"title": "Checkout down"}, {"title": "TODO"}))
    assert example_problems(wrong) == [
        "valid example #1 of placeholder-text, as JSON, is reported: placeholder-text: title is the placeholder 'TBD'; "
        "replace it with the real content before the record is published",
        "invalid example #1 of placeholder-text, as JSON, is not reported",
        "valid example #1 of placeholder-text, as YAML, is reported: placeholder-text: title is the placeholder 'TBD'; "
        "replace it with the real content before the record is published",
        "invalid example #1 of placeholder-text, as YAML, is not reported",
    ]


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
