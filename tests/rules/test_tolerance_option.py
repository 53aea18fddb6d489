"""The ``tolerance`` option shared by every rule that compares two spans of time: bounded in the configuration,
and never a crash when a bad value reaches a rule through the API."""

from __future__ import annotations

import importlib
from datetime import timedelta
from pathlib import Path

import pytest

from incidentlint.api import Options
from tests.helpers import EXAMPLE, reference, run_cli
from tests.rules import catalogue

TOLERANT = ["duration-mismatch", "resolution-time-mismatch", "detection-time-mismatch", "rollback-exceeds-duration"]
YEAR = 365 * 86400


def test_these_are_the_rules_with_a_tolerance() -> None:
    assert sorted(name for name, rule in catalogue().items() if "tolerance" in rule.options) == sorted(TOLERANT)


@pytest.fixture(autouse=True)
def _in_tmp_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # so that messages name the configuration file as given


def run_with(tmp_path: Path, name: str, config: str) -> tuple[int, str, str]:
    (tmp_path / name).write_text(config, "utf-8")
    return run_cli("--config", name, str(EXAMPLE))


@pytest.mark.parametrize("rule", TOLERANT)
@pytest.mark.parametrize("value", ["99999999999999999999", "1.0e+300", str(YEAR + 1)])
def test_a_huge_tolerance_is_a_configuration_error(tmp_path: Path, rule: str, value: str) -> None:
    shown = "1e+300" if value == "1.0e+300" else value
    for name, config, where in [
        ("conf.toml", f"[options.{rule}]\ntolerance = {value}\n", "line 2, column 13"),
        ("conf.yaml", f"options:\n  {rule}:\n    tolerance: {value}\n", "line 3, column 16"),
    ]:
        code, out, err = run_with(tmp_path, name, config)
        assert (code, out) == (2, "")
        assert err == (
            f"incidentlint: error: {name}: options.{rule}.tolerance ({where}) must be at most {YEAR}; got {shown}\n"
        )


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "+inf"])
def test_toml_nan_and_infinity_are_configuration_errors(tmp_path: Path, value: str) -> None:
    # TOML has them (YAML's .nan and .inf are refused by the loader); the options schema cannot tell NaN apart.
    code, out, err = run_with(tmp_path, "conf.toml", f"[options.duration-mismatch]\ntolerance = {value}\n")
    assert (code, out) == (2, "")
    assert err == (
        "incidentlint: error: conf.toml: options.duration-mismatch.tolerance (line 2, column 13) is not a finite "
        "number; write a number such as 60\n"
    )


def test_a_year_is_the_largest_tolerance_and_works(tmp_path: Path) -> None:
    code, out, err = run_with(tmp_path, "conf.toml", f"[options.duration-mismatch]\ntolerance = {YEAR}\n")
    assert (code, err) == (0, ""), out


@pytest.mark.parametrize("rule", TOLERANT)
@pytest.mark.parametrize("value", [10**20, 1e300, float("inf"), float("nan"), -1, True, "60", None])
def test_a_bad_tolerance_given_through_the_api_never_crashes(rule: str, value: object) -> None:
    # Options built in code skip the configuration's checks: a huge value counts as a year, others as the default.
    record = reference()
    record["duration"] = "2h"  # an hour off: beyond the default tolerance, within a year's
    record["response_details"]["time_to_resolution"] = "2h"
    record["detection_details"]["time_to_detection"] = "1h"
    record["technical_details"]["rollback_duration"] = "3h"
    check = catalogue()[rule]
    found = list(check.check(record, Options({"tolerance": value})))
    huge = isinstance(value, int | float) and not isinstance(value, bool) and value > YEAR
    assert len(found) == (0 if huge else 1)


def test_the_tolerance_helper_caps_and_defaults() -> None:
    tolerance = importlib.import_module("incidentlint.rules._common").tolerance  # mypy cannot follow package-dir
    assert tolerance(Options({"tolerance": 10**20})) == timedelta(days=365)
    assert tolerance(Options({"tolerance": float("nan")})) == timedelta(seconds=60)
    assert tolerance(Options({"tolerance": 0.5})) == timedelta(milliseconds=500)


@pytest.mark.parametrize("rule", TOLERANT)
def test_a_negative_tolerance_is_a_configuration_error_and_zero_is_not(tmp_path: Path, rule: str) -> None:
    code, out, err = run_with(tmp_path, "conf.toml", f"[options.{rule}]\ntolerance = -1\n")
    assert (code, out) == (2, "")
    assert (
        err
        == f"incidentlint: error: conf.toml: options.{rule}.tolerance (line 2, column 13) must be at least 0; got -1\n"
    )
    code, out, err = run_with(tmp_path, "conf.toml", f"[options.{rule}]\ntolerance = 0\n")
    assert (code, err) == (0, ""), out


@pytest.mark.parametrize("rule", TOLERANT)
def test_a_misspelt_or_mistyped_tolerance_is_a_configuration_error(tmp_path: Path, rule: str) -> None:
    # The options schema all four rules share: tolerance is their one option, and it is a number of seconds.
    code, out, err = run_with(tmp_path, "conf.toml", f"[options.{rule}]\ntolerence = 5\n")
    assert (code, out) == (2, "")
    assert err == (
        f"incidentlint: error: conf.toml: options.{rule}: unknown option 'tolerence' (line 2, column 1); "
        "did you mean 'tolerance'?\n"
    )
    code, out, err = run_with(tmp_path, "conf.toml", f'[options.{rule}]\ntolerance = "60"\n')
    assert (code, out) == (2, "")
    assert err == (
        f"incidentlint: error: conf.toml: options.{rule}.tolerance (line 2, column 13) must be a number; got '60'\n"
    )
    code, out, err = run_with(tmp_path, "conf.toml", f"[options]\n{rule} = 60\n")
    assert (code, out) == (2, "")
    assert err == (
        f"incidentlint: error: conf.toml: options.{rule} (line 2, column {len(rule) + 4}) must be a table (mapping); "
        "got 60\n"
    )
