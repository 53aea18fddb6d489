"""Which known field an unknown key is offered as ("did you mean"): the limits that keep the advice to fields the
author could have meant, checked on meant_keys directly where the schema's field names cannot reach an edge."""

from __future__ import annotations

import pytest

from incidentlint.keyhints import meant_keys


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
