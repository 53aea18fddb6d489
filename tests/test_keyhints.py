"""Which known field an unknown key is offered as ("did you mean"): the limits that keep the advice to fields the
author could have meant, checked on meant_keys directly where the schema's field names cannot reach an edge."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from incidentlint.keyhints import _distance, meant_keys


@pytest.mark.parametrize(
    ("key", "known", "meant"),
    [
        # Nothing is offered for no key at all, nor for one longer than any field name could be.
        ("", ["a"], []),
        ("x" * 100, ["x" * 99], ["x" * 99]),
        ("x" * 101, ["x" * 100], []),
        # Typos: one edit in a key under six letters, two from six, three from twelve (and no more).
        ("titel", ["title"], ["title"]),  # swapped neighbours are one edit
        ("abcdx", ["abcyz"], []),
        ("abcdex", ["abcdyz"], ["abcdyz"]),
        ("abcdefghijk", ["abcdefghxyz"], []),
        ("abcdefghijkl", ["abcdefghixyz"], ["abcdefghixyz"]),
        ("abcdefghijkl", ["mnoabcdefghijkl"], ["mnoabcdefghijkl"]),  # three letters added
        ("abcdefghijkl", ["mnopabcdefghijkl"], []),
        # The closest typos first, at most two.
        ("abcdefghijkl", ["abcdefghixyz", "abcdefghijkz", "abcdefghijyz"], ["abcdefghijkz", "abcdefghijyz"]),
        # A start of a field from three letters; two letters are initials, not a start.
        ("inc", ["incident_commander", "status"], ["incident_commander"]),
        ("st", ["status", "start_time"], ["start_time"]),
        ("cust", ["customer_a", "customer_b", "customer_c"], ["customer_a", "customer_b"]),
        # Some of a field's words, its shortened words, its initials: at most two each.
        ("impact", ["customer_impact", "business_impact", "partner_impact"], ["customer_impact", "business_impact"]),
        (
            "cmdr",
            ["incident_commander", "deputy_commander", "backup_commander"],
            ["incident_commander", "deputy_commander"],
        ),
        ("ic", ["incident_commander", "internal_comms", "ice_cream"], ["incident_commander", "internal_comms"]),
        ("s", ["status"], []),
        ("time_start", ["start_time"], ["start_time"]),  # all of its words, in another order
        ("__", ["status"], []),  # no words: nothing named
    ],
)
def test_meant_keys_offers_only_close_fields(key: str, known: list[str], meant: list[str]) -> None:
    assert meant_keys(key, known) == meant


def _osa(a: str, b: str) -> int:
    """Optimal string alignment distance, the whole table filled in: what _distance must agree with."""
    table = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        table[i][0] = i
    for j in range(len(b) + 1):
        table[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
    return table[len(a)][len(b)]


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [
        ("stauts", "status", 1),
        ("titel", "title", 1),
        ("ab", "ba", 1),
        ("abc", "ca", 3),  # no letter is edited twice in an alignment: not 2, as with unrestricted swaps
        ("kitten", "sitting", 3),
        ("", "abc", 3),
    ],
)
def test_the_typo_distance_counts_edits_and_swaps(a: str, b: str, distance: int) -> None:
    assert _osa(a, b) == distance
    assert _distance(a, b, 3) == distance


@given(st.text("abcx", max_size=9), st.text("abcx", max_size=9), st.integers(0, 3))
def test_the_typo_distance_stops_early_only_past_its_limit(a: str, b: str, limit: int) -> None:
    """A small alphabet makes near misses, swaps and repeated letters common, where stopping early could go wrong."""
    assert _distance(a, b, limit) == min(_osa(a, b), limit + 1)
