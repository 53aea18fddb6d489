"""error-rate-inconsistent (IL116)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.rules import assert_silent, diagnostics, findings_both, lint_json, lint_yaml

RULE = "error-rate-inconsistent"


def out_of_range(where: str, value: str) -> str:
    """The message for a key that names no share, so the value might be a change written without its sign."""
    return (
        f"{where} is '{value}', but a share or rate cannot exceed 100%; correct the value, or if it is a change, "
        f"write it with a sign: '+{value.strip()}'"
    )


def error_rate_over(where: str, value: str) -> str:
    return (
        f"{where} is '{value}', but an error rate cannot exceed 100%; write the real value, such as the share of "
        "requests that failed"
    )


def share_over(where: str, value: str) -> str:
    return f"{where} is '{value}', but a share of a whole cannot exceed 100%; write the real value"


def fuller_than_full(where: str, value: str) -> str:
    return f"{where} is '{value}', but nothing is more than 100% full; write how full it was when it ran out"


def swapped(peak: str, normal: str) -> str:
    return (
        f"peak_error_rate {peak} is below normal_error_rate {normal}; the peak during an incident is at least the "
        "normal rate: check whether the two values are swapped"
    )


def metrics(**values: Any) -> dict[str, Any]:
    return {"technical_details": {"error_metrics": values}}


JSON = """{
  "technical_details": {
    "error_metrics": {
      "peak_error_rate": "0.1%",
      "normal_error_rate": "45%",
      "connection_pool_max": 200,
      "connections_exhausted_at": "120%"
    }
  }
}
"""

YAML = """technical_details:
  error_metrics:
    peak_error_rate: 0.2
    normal_error_rate: 0.5
    by_region:
      us-west: 103 %
"""


def test_fires_in_json() -> None:
    assert lint_json(RULE, JSON) == [
        (4, 26, swapped("'0.1%'", "'45%'")),
        (7, 35, fuller_than_full("technical_details.error_metrics.connections_exhausted_at", "120%")),
    ]


def test_fires_in_yaml_with_plain_numbers_and_nested_values() -> None:
    assert lint_yaml(RULE, YAML) == [
        (3, 22, swapped("0.2", "0.5")),
        (6, 16, out_of_range("technical_details.error_metrics.by_region.us-west", "103 %")),
    ]


@pytest.mark.parametrize("value", ["0%", "100%", "100.0%", "45 %", " 0.1% ", ".5%"])
def test_range_edges_are_inside(value: str) -> None:
    assert_silent(RULE, metrics(rate=value))


@pytest.mark.parametrize("value", ["100.01%", "1000%", " 450 % "])
def test_just_outside_fires(value: str) -> None:
    expected = share_over("technical_details.error_metrics.rate", value)
    assert findings_both(RULE, metrics(rate=value)) == ([expected], [expected])


def test_equal_peak_and_normal_is_fine() -> None:
    assert_silent(RULE, metrics(peak_error_rate="0.1%", normal_error_rate="0.10%"))


@pytest.mark.parametrize(
    "bad",
    [
        metrics(peak_error_rate="45%", normal_error_rate="0.1%", connection_pool_max=200),
        metrics(peak_error_rate="0.1%", normal_error_rate=45),  # mixed units: not comparable
        metrics(peak_error_rate=0.001, normal_error_rate="45%"),
        metrics(peak_error_rate="low", normal_error_rate="45%"),
        metrics(peak_error_rate=True, normal_error_rate=2),
        metrics(peak_error_rate=10**400, normal_error_rate=1),
        metrics(errors=150, ratio=1.5),  # bare numbers are not percentages
        metrics(note="120% of normal traffic"),  # not a bare percentage
        metrics(**{"x-raw": "250%"}),
        {"technical_details": {"error_metrics": ["120%"]}},
        {"technical_details": {"error_metrics": "120%"}},
        {"technical_details": "120%"},
        {"error_metrics": {"rate": "120%"}},
    ],
)
def test_silent(bad: dict[str, Any]) -> None:
    assert_silent(RULE, bad)


def test_document_order_and_key_escaping_across_flat_and_nested_values() -> None:
    text = """{
  "technical_details": {
    "error_metrics": {
      "p99/error~rate": "101%",
      "by_region": {"eu": "7%", "x-draft": "300%", "us": ["5%", "110%"]},
      "x-note": "500%",
      "overall": "150%"
    }
  }
}
"""
    assert lint_json(RULE, text) == [
        (4, 25, error_rate_over("technical_details.error_metrics.p99/error~rate", "101%")),
        (5, 65, out_of_range("technical_details.error_metrics.by_region.us[1]", "110%")),
        (7, 18, out_of_range("technical_details.error_metrics.overall", "150%")),
    ]
    pointers = [d.pointer for d in diagnostics(RULE, text)]
    assert pointers == [
        "/technical_details/error_metrics/p99~1error~0rate",
        "/technical_details/error_metrics/by_region/us/1",
        "/technical_details/error_metrics/overall",
    ]


@pytest.mark.parametrize("value", ["+350%", "-12%", "+0.5%", "-0.5%", " -3 %", "+100%", "-1000%"])
def test_a_signed_percentage_is_a_change_and_never_range_checked(value: str) -> None:
    # "+350%" says "350% more", "-12%" says "12% less": a change, not a share of a whole.
    assert_silent(RULE, metrics(error_rate=value, by_region={"us": [value]}))


@pytest.mark.parametrize(
    "key",
    [
        "p99_latency_increase",
        "throughput_change",
        "errorRateDelta",
        "Error rate growth",
        "traffic-spike",
        "requests_vs_normal",
        "latency_p99",
        "peak_throughput",
        "cpu",
        "memory_usage",
        "queue_depth_of_capacity",
        "error_budget_burned",
        "error_budget_burn",
        "relative_load",
        "p99_over_baseline",
        "db_connections_utilization",
        "increases",
        # ratios that run past 100% by nature: realistic error_metrics keys from postmortems
        "retry_amplification",
        "write_amplification",
        "node_overcommit",
        "cpu_oversubscription",
        "peak_requests_pct_of_forecast",
    ],
)
def test_a_key_naming_a_change_or_an_unbounded_quantity_may_pass_100(key: str) -> None:
    assert_silent(RULE, metrics(**{key: "350%"}))


def test_a_key_above_the_value_counts_too() -> None:
    assert_silent(RULE, metrics(latency_increase={"p50": "120%", "p99": ["350%"]}))


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("error_rate", error_rate_over),
        ("peak_error_rate", error_rate_over),
        ("availability", share_over),
        ("success_pct", share_over),
        ("connections_exhausted_at", fuller_than_full),
        ("droppedRequests", out_of_range),
    ],
)
def test_shares_above_100_still_fire(key: str, message: Callable[[str, str], str]) -> None:
    expected = message(f"technical_details.error_metrics.{key}", "120%")
    assert findings_both(RULE, metrics(**{key: "120%"})) == ([expected], [expected])


def test_a_peak_error_rate_above_100_gets_no_sign_hint() -> None:
    # '+145%' would silence the finding with a meaningless value: a peak rate is never a change.
    text = '{"technical_details": {"error_metrics": {"peak_error_rate": "145%"}}}'
    where = "technical_details.error_metrics.peak_error_rate"
    assert lint_json(RULE, text) == [(1, 61, error_rate_over(where, "145%"))]


def test_an_error_share_nested_under_a_region_is_an_error_rate() -> None:
    record = metrics(error_rates={"eu": "130%"})
    expected = error_rate_over("technical_details.error_metrics.error_rates.eu", "130%")
    assert findings_both(RULE, record) == ([expected], [expected])


CHANGES_JSON = """{
  "technical_details": {
    "error_metrics": {
      "peak_error_rate": "45%",
      "p99_latency_increase": "+350%",
      "throughput_change": "-12%",
      "traffic_vs_normal": "300%",
      "checkout_error_rate": "450%"
    }
  }
}
"""

CHANGES_YAML = """technical_details:
  error_metrics:
    peak_error_rate: 45%
    p99_latency_increase: +350%
    throughput_change: -12%
    traffic_vs_normal: 300%
    checkout_error_rate: 450%
"""


def test_changes_are_silent_and_a_share_above_100_fires_in_json() -> None:
    where = "technical_details.error_metrics.checkout_error_rate"
    assert lint_json(RULE, CHANGES_JSON) == [(8, 30, error_rate_over(where, "450%"))]


def test_changes_are_silent_and_a_share_above_100_fires_in_yaml() -> None:
    where = "technical_details.error_metrics.checkout_error_rate"
    assert lint_yaml(RULE, CHANGES_YAML) == [(7, 26, error_rate_over(where, "450%"))]


# -- the key vocabularies, word by word: each word is documented behaviour ----------------------------------


def _over(key: str) -> dict[str, Any]:
    return {"technical_details": {"error_metrics": {key: "250%"}}}


@pytest.mark.parametrize(
    "word",
    [
        "change", "increase", "increased", "decrease", "decreased", "delta", "growth", "grew", "drop", "diff",
        "difference", "reduction", "reduced", "spike", "spiked", "rise", "rose", "jump", "jumped", "surge",
        "surged", "gain", "degradation", "regression", "improvement", "slowdown", "vs", "versus", "relative",
        "compared", "over", "above", "multiple", "factor", "times", "amplification", "forecast",
        "latency", "throughput", "traffic", "load", "qps", "rps", "tps", "volume", "cpu", "memory", "mem",
        "queue", "capacity", "usage", "utilization", "utilisation", "saturation", "demand", "budget", "burn",
        "baseline", "overcommit", "overcommitted", "oversubscription", "oversubscribed",
    ],
)  # fmt: skip
def test_every_unbounded_word_lets_a_key_pass_100_percent(word: str) -> None:
    assert_silent(RULE, _over(f"checkout_{word}"))
    assert_silent(RULE, _over(f"checkout{word.capitalize()}s"))  # camelCase, and a plural in -s


@pytest.mark.parametrize("word", ["rate", "rates", "ratio", "share", "pct", "percent", "percentage", "fraction"])
def test_every_share_word_with_an_error_word_is_an_error_rate(word: str) -> None:
    for error in ("error", "errors", "failure", "failures", "failed", "fail"):
        key = f"{error}_{word}"
        expected = [
            f"technical_details.error_metrics.{key} is '250%', but an error rate cannot exceed 100%; write the real "
            "value, such as the share of requests that failed"
        ]
        assert findings_both(RULE, _over(key)) == (expected, expected)


SHARES = ["rate", "rates", "ratio", "share", "pct", "percent", "percentage", "fraction", "proportion"]


@pytest.mark.parametrize("word", [*SHARES, "availability", "uptime", "success"])
def test_every_share_word_alone_is_a_share_of_a_whole(word: str) -> None:
    key = f"checkout_{word}"
    expected = [
        f"technical_details.error_metrics.{key} is '250%', but a share of a whole cannot exceed 100%; write the real "
        "value"
    ]
    assert findings_both(RULE, _over(key)) == (expected, expected)


@pytest.mark.parametrize("word", ["exhausted", "full"])
def test_every_full_word_says_nothing_is_more_than_full(word: str) -> None:
    key = f"pool_{word}"
    expected = [
        f"technical_details.error_metrics.{key} is '250%', but nothing is more than 100% full; write how full it "
        "was when it ran out"
    ]
    assert findings_both(RULE, _over(key)) == (expected, expected)
