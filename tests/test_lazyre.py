"""incidentlint.lazyre: a pattern compiled on first use, then as fast as the compiled one."""

from __future__ import annotations

import re

import pytest

from incidentlint.lazyre import lazy


def test_nothing_is_compiled_before_the_first_use() -> None:
    pattern = lazy("(unclosed")  # re.compile would raise here
    with pytest.raises(re.error, match="missing \\), unterminated subpattern"):
        pattern.search("x")


def test_after_the_first_use_the_methods_are_the_compiled_patterns_own() -> None:
    pattern = lazy(r"a(b+)", re.IGNORECASE)
    assert pattern.search("xABBy") is not None
    bound = vars(pattern)  # the methods are bound to the stand-in once: later calls skip __getattr__
    compiled = bound["search"].__self__
    assert isinstance(compiled, re.Pattern)
    assert (compiled.pattern, compiled.flags & re.IGNORECASE) == (r"a(b+)", re.IGNORECASE)
    assert bound["match"].__self__ is compiled and bound["fullmatch"].__self__ is compiled


def test_every_method_and_attribute_answers_as_the_compiled_pattern_does() -> None:
    source, text = r"(?P<word>[a-z]+)-(\d)", "ab-1 cd-2"
    pattern, compiled = lazy(source), re.compile(source)
    assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in compiled.finditer(text)]
    assert pattern.findall(text) == compiled.findall(text) == [("ab", "1"), ("cd", "2")]
    assert pattern.sub(r"\2", text) == "1 2"
    assert pattern.subn("", text) == (" ", 2)
    assert pattern.split(text) == compiled.split(text)
    assert pattern.fullmatch("ab-1") is not None and pattern.fullmatch(text) is None
    assert (pattern.pattern, pattern.groups, dict(pattern.groupindex)) == (source, 2, {"word": 1})
    assert pattern.flags == compiled.flags


def test_a_bytes_pattern() -> None:
    pattern = lazy(rb"\x80[\x8b-\x8f]")
    found = pattern.match(b"\x80\x8c", 0)
    assert found is not None and found.group() == b"\x80\x8c"


def test_the_stand_in_shows_its_source_and_flags_before_and_after_the_first_use() -> None:
    pattern = lazy(r"a\d", re.IGNORECASE)
    assert repr(pattern) == "lazy('a\\\\d', 2)"
    assert pattern.search("xA1") is not None
    assert repr(pattern) == "lazy('a\\\\d', 2)"  # the compiled pattern's attributes bound, not its repr
    assert repr(lazy(b"x+")) == "lazy(b'x+', 0)"
