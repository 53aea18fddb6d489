"""error-rate-inconsistent: error percentages are percentages, and the peak is not below normal."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from typing import Any, TypeGuard

from incidentlint.api import Finding, Options, rule, show_value
from incidentlint.lazyre import lazy

from ._common import get, pointer_of, walk_strings_lazily, where

_PERCENT = re.compile(r"\s*([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))\s*%\s*")
BASE = "/technical_details/error_metrics"


@rule(
    code="IL116",
    name="error-rate-inconsistent",
    severity="warning",
    summary=(
        "A share or rate in technical_details.error_metrics is above 100%, "
        "or peak_error_rate is below normal_error_rate."
    ),
    rationale=(
        "Error rates are the evidence for an incident's impact, and impossible numbers discredit the rest of the "
        "record; VERIS's validator applies the same sanity checks to its totals. A percentage is a string like '45%' "
        "anywhere under error_metrics; bare numbers are not treated as percentages, since they may be counts "
        "(connection_pool_max: 200) or fractions. error_metrics is free-form, and not every percentage in it is a "
        "share of a whole: a change is written with a sign ('+350%', '-12%') and is never range-checked, and neither "
        "is a value whose key (or a key above it) names a change or comparison (change, increase, decrease, delta, "
        "growth, drop, diff, reduction, spike, rise, jump, surge, vs, relative, over, above, factor, times, "
        "amplification, forecast) or a quantity that can run past its normal level or its limit (latency, throughput,"
        " traffic, load, qps, rps, cpu, memory, queue, capacity, usage, utilization, saturation, demand, budget, "
        "burn, baseline, overcommit, oversubscription). Every other percentage is a share, such as an error rate or "
        "how full a pool was (connections_exhausted_at), and above 100% it is a typo. The message suggests a sign "
        "only when the key names no share (rate, ratio, pct, availability, ...): '+145%' on a peak_error_rate would "
        "silence the check with a meaningless value. peak_error_rate and normal_error_rate are compared when both are"
        " percentages or both are plain numbers; a peak below the normal rate usually means the two are swapped."
    ),
    valid=[
        {"technical_details": {"error_metrics": {"peak_error_rate": "45%", "normal_error_rate": "0.1%"}}},
        {"technical_details": {"error_metrics": {"p99_latency_increase": "+350%", "throughput_change": "-12%"}}},
        {"technical_details": {"error_metrics": {"traffic_vs_normal": "300%"}}},
    ],
    invalid=[
        {"technical_details": {"error_metrics": {"connections_exhausted_at": "120%"}}},
        {"technical_details": {"error_metrics": {"peak_error_rate": "0.1%", "normal_error_rate": "45%"}}},
    ],
)
def check(record: Mapping[str, Any], options: Options) -> Iterator[Finding]:
    metrics = get(record, "technical_details", "error_metrics")
    if not isinstance(metrics, dict):
        return
    # Most metrics are flat: their values are looked at here, and only nested ones go through the general walk
    # (whose per-string bookkeeping cost more than the check itself).
    for key, value in metrics.items():
        if isinstance(key, str) and key.startswith("x-"):
            continue  # a local extension, as the walk skips them at any depth
        if isinstance(value, str):
            if _out_of_range(value):
                pointer = f"{BASE}/{pointer_of((key,))[1:]}"
                if _is_share(pointer):
                    yield _range_finding(pointer, value)
        elif isinstance(value, dict | list):
            for locate, text in walk_strings_lazily(value, f"{BASE}/{pointer_of((key,))[1:]}"):
                if _out_of_range(text) and _is_share(pointer := locate()):
                    yield _range_finding(pointer, text)
    peak, normal = metrics.get("peak_error_rate"), metrics.get("normal_error_rate")
    pair = _comparable(peak, normal)
    if pair is not None and pair[0] < pair[1]:
        yield Finding(
            f"{BASE}/peak_error_rate",
            f"peak_error_rate {show_value(peak)} is below normal_error_rate {show_value(normal)}; the peak during "
            "an incident is at least the normal rate: check whether the two values are swapped",
        )


def _out_of_range(value: str) -> bool:
    """True for an unsigned percentage above 100%. A signed one ('+350%', '-12%') is a change, whatever its size."""
    percent = _percent(value) if "%" in value else None  # the membership test first: most values are no rate
    return percent is not None and percent > 100 and value.lstrip()[:1] not in ("+", "-")


#: Words in a key that say its percentage is not a share of a whole, so it may pass 100%: a change or comparison,
#: or a quantity measured against its normal level or its limit. Matched against the key's words.
UNBOUNDED_WORDS = frozenset(
    {
        *("change", "increase", "increased", "decrease", "decreased", "delta", "growth", "grew", "drop", "diff"),
        *("difference", "reduction", "reduced", "spike", "spiked", "rise", "rose", "jump", "jumped", "surge"),
        *("surged", "gain", "degradation", "regression", "improvement", "slowdown", "vs", "versus", "relative"),
        *("compared", "over", "above", "multiple", "factor", "times", "amplification", "forecast"),
        *("latency", "throughput", "traffic", "load", "qps", "rps", "tps", "volume", "cpu", "memory", "mem"),
        *("queue", "capacity", "usage", "utilization", "utilisation", "saturation", "demand", "budget", "burn"),
        *("baseline", "overcommit", "overcommitted", "oversubscription", "oversubscribed"),
    }
)
# The words of a key: "p99LatencyIncrease", "p99_latency_increase" and "P99 latency increase" are p, 99, latency
# and increase.
_WORD = lazy(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+")


def _is_share(pointer: str) -> bool:
    """False when a key on the way from error_metrics down to ``pointer`` names an unbounded quantity (see
    :data:`UNBOUNDED_WORDS`). Asked only of a value above 100%, which a clean record does not have."""
    for word in _WORD.findall(pointer[len(BASE) :]):
        word = word.lower()
        if word in UNBOUNDED_WORDS or (word.endswith("s") and word[:-1] in UNBOUNDED_WORDS):
            return False
    return True


#: Words in a key that say its percentage is a share of a whole, so the value cannot be a change written without
#: its sign: for these keys the message does not suggest one.
_SHARE_WORDS = frozenset(
    {
        *("rate", "rates", "ratio", "share", "pct", "percent", "percentage", "fraction", "proportion"),
        *("availability", "uptime", "success", "exhausted", "full"),
    }
)
_ERROR_WORDS = frozenset({"error", "errors", "failure", "failures", "failed", "fail"})
_FULL_WORDS = frozenset({"exhausted", "full"})


def _range_finding(pointer: str, value: str) -> Finding:
    # Built only when a finding fires, so reading the key's words again costs nothing on a clean record.
    words = {word.lower() for word in _WORD.findall(pointer[len(BASE) :])}
    shown = f"{where(pointer)} is {show_value(value)}"
    if words & _SHARE_WORDS and words & _ERROR_WORDS:
        advice = "an error rate cannot exceed 100%; write the real value, such as the share of requests that failed"
    elif words & _FULL_WORDS:
        advice = "nothing is more than 100% full; write how full it was when it ran out"
    elif words & _SHARE_WORDS:
        advice = "a share of a whole cannot exceed 100%; write the real value"
    else:
        # A key that names no share (overall, by_region.us) might hold a change written without its sign.
        advice = (
            "a share or rate cannot exceed 100%; correct the value, or if it is a change, write it with a sign: "
            + show_value("+" + value.strip())
        )
    return Finding(pointer, f"{shown}, but {advice}")


def _percent(value: object) -> float | None:
    if not isinstance(value, str):
        return None
    return _short_percent(value) if len(value) <= 64 else _short_percent.__wrapped__(value)


# peak_error_rate and normal_error_rate are read twice, and records repeat the same few rates: a small cache
# answers the repeats. Only short texts are kept, so a hostile long value is not held by the cache.
@functools.lru_cache(maxsize=256)
def _short_percent(value: str) -> float | None:
    match = _PERCENT.fullmatch(value)
    return float(match.group(1)) if match is not None else None


def _comparable(peak: object, normal: object) -> tuple[float, float] | None:
    """Both rates as numbers in the same unit, or None when they cannot be compared."""
    if isinstance(peak, str) and isinstance(normal, str):
        high, low = _percent(peak), _percent(normal)
        return (high, low) if high is not None and low is not None else None
    if _number(peak) and _number(normal):
        return peak, normal  # ints stay ints: float() of a huge int overflows
    return None


def _number(value: object) -> TypeGuard[float]:
    return isinstance(value, int | float) and not isinstance(value, bool)
