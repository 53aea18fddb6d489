"""error-rate-inconsistent: error percentages are percentages, and the peak is not below normal."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from typing import Any, TypeGuard

from incidentlint.api import Finding, Options, rule, show_value

from ._common import get, pointer_of, walk_strings_lazily, where

_PERCENT = re.compile(r"\s*([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))\s*%\s*")
BASE = "/technical_details/error_metrics"


@rule(
    code="IL116",
    name="error-rate-inconsistent",
    severity="warning",
    summary=(
        "A percentage in technical_details.error_metrics is outside 0-100%, "
        "or peak_error_rate is below normal_error_rate."
    ),
    rationale=(
        "Error rates are the evidence for an incident's impact, and impossible numbers discredit the rest of the "
        "record; VERIS's validator applies the same sanity checks to its totals. A percentage is a string like "
        "'45%' anywhere under error_metrics; bare numbers are not treated as percentages, since they may be counts "
        "(connection_pool_max: 200) or fractions. peak_error_rate and normal_error_rate are compared when both are "
        "percentages or both are plain numbers; a peak below the normal rate usually means the two are swapped."
    ),
    valid=[{"technical_details": {"error_metrics": {"peak_error_rate": "45%", "normal_error_rate": "0.1%"}}}],
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
                yield _range_finding(f"{BASE}/{pointer_of((key,))[1:]}", value)
        elif isinstance(value, dict | list):
            for locate, text in walk_strings_lazily(value, f"{BASE}/{pointer_of((key,))[1:]}"):
                if _out_of_range(text):
                    yield _range_finding(locate(), text)
    peak, normal = metrics.get("peak_error_rate"), metrics.get("normal_error_rate")
    pair = _comparable(peak, normal)
    if pair is not None and pair[0] < pair[1]:
        yield Finding(
            f"{BASE}/peak_error_rate",
            f"peak_error_rate {show_value(peak)} is below normal_error_rate {show_value(normal)}; the peak during "
            "an incident is at least the normal rate: check whether the two values are swapped",
        )


def _out_of_range(value: str) -> bool:
    percent = _percent(value) if "%" in value else None  # the membership test first: most values are no rate
    return percent is not None and not 0 <= percent <= 100


def _range_finding(pointer: str, value: str) -> Finding:
    return Finding(
        pointer,
        f"{where(pointer)} is {show_value(value)}, but a percentage lies between 0% and 100%; correct the value",
    )


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
