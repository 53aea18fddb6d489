"""JSON Pointer helpers: the shortened form that reports and baselines carry for hostile, huge keys."""

from __future__ import annotations

import hashlib
import re

from hypothesis import given
from hypothesis import strategies as st

from incidentlint import pointer as jp


def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def test_ordinary_pointers_are_reported_as_they_are() -> None:
    assert jp.reported("") == ""
    assert jp.reported("/technical_details/error_metrics/peak_error_rate") == (
        "/technical_details/error_metrics/peak_error_rate"
    )
    deep = "/a" * 500  # long, but made of short keys: nothing to shorten
    assert jp.reported(deep) == deep
    key = "k" * jp.MAX_REPORTED_TOKEN  # exactly at the limit
    assert jp.reported(f"/x/{key}/0") == f"/x/{key}/0"


def test_a_key_over_the_limit_keeps_100_characters_and_a_hash_of_the_whole_key() -> None:
    key = "k" * (jp.MAX_REPORTED_TOKEN + 1)
    assert jp.reported(f"/x/{key}/0") == f"/x/{'k' * 100}\u2026{digest(key)}/0"


def test_two_keys_that_share_their_first_100_characters_stay_apart() -> None:
    first, second = "p" * 300 + "a", "p" * 300 + "b"
    assert jp.reported("/" + first) != jp.reported("/" + second)


def test_the_cut_never_splits_an_escape() -> None:
    # The key's 100th character is '/', written "~1" in the pointer: it is kept whole, not cut after the '~'.
    key = "a" * 99 + "/" + "b" * 300
    assert jp.reported("/" + jp.escape(key)) == "/" + "a" * 99 + "~1\u2026" + digest(key)


@given(st.lists(st.text(max_size=400), max_size=4))
def test_reported_pointers_are_well_formed_short_and_faithful_for_short_keys(keys: list[str]) -> None:
    pointer = jp.from_path(keys)
    shown = jp.reported(pointer)
    assert not re.search("~[^01]|~$", shown)  # still a syntactically valid pointer
    tokens = shown[1:].split("/") if shown else []
    assert len(tokens) == len(keys)
    for key, token in zip(keys, tokens, strict=True):
        if len(jp.escape(key)) <= jp.MAX_REPORTED_TOKEN:
            assert jp.unescape(token) == key
        else:
            assert jp.unescape(token) == key[:100] + "\u2026" + digest(key)
