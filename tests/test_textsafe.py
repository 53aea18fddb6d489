"""incidentlint.textsafe directly: how a value reads in a message, a rule example's escapes, the defused stream."""

from __future__ import annotations

import datetime
import io
import json
from pathlib import Path

import pytest
import yaml

from incidentlint.textsafe import DefusedStream, defuse, escaped_in_source, show_value, visible


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (True, "true"),
        (False, "false"),
        (None, "null"),
        (0, "0"),
        (1, "1"),
        (2.5, "2.5"),
        ({"a": 1}, "an object"),
        ({}, "an object"),
        (["a"], "an array"),
        ([], "an array"),
        ("sev1", "'sev1'"),
        ("red \x1b[31m", "'red \\x1b[31m'"),
        (datetime.date(2024, 3, 15), "datetime.date(2024, 3, 15)"),
    ],
)
def test_a_value_is_shown_as_a_record_author_wrote_it(value: object, shown: str) -> None:
    # A bool is an int in Python: it must still read as JSON's true/false, not as 1/0 or True/False.
    assert show_value(value) == shown


def test_long_values_are_cut_with_an_ellipsis_at_the_limit() -> None:
    assert show_value("x" * 81) == "'" + "x" * 79 + "…'"
    assert show_value("x" * 80) == "'" + "x" * 80 + "'"
    assert show_value(10**20, limit=10) == "100000000…"
    assert show_value(datetime.date(2024, 3, 15), limit=10) == "datetime.…"
    # The value is cut before its hidden characters are escaped, so that no escape is ever cut in half.
    assert show_value("\x1b" * 100) == "'" + "\\x1b" * 79 + "…'"


def test_a_rule_example_keeps_each_hidden_character_as_an_escape_both_formats_read_back() -> None:
    text = "a\x1b[31m\u200bb\x85\u00ad"
    escaped = escaped_in_source(text)
    assert escaped == "a\\u001b[31m\\u200bb\\u0085\\u00ad"
    assert json.loads(f'"{escaped}"') == text
    assert yaml.safe_load(f'"{escaped}"') == text
    assert escaped_in_source("plain é text") == "plain é text"


def test_a_tag_character_in_a_rule_example_is_refused_with_its_code_point() -> None:
    with pytest.raises(ValueError, match=r"^U\+E0041 has no escape that JSON and YAML both read; keep it out"):
        escaped_in_source("x\U000e0041")


def test_the_defused_stream_counts_every_character_it_takes_even_those_it_holds_back() -> None:
    out = io.StringIO()
    stream = DefusedStream(out)
    assert stream.write("::warn") == 6  # no line break yet: held back, still taken
    assert out.getvalue() == ""
    assert stream.write("ing::x\nrest") == 11
    assert out.getvalue() == "\\x3a:warning::x\n"
    stream.finish()
    assert out.getvalue() == "\\x3a:warning::x\nrest"


def test_the_defused_stream_flushes_what_it_passes_on() -> None:
    flushed: list[str] = []

    class Recording(io.StringIO):
        def flush(self) -> None:
            flushed.append(self.getvalue())

    stream = DefusedStream(Recording())
    stream.write("done\n")
    stream.flush()
    stream.write("last")
    stream.finish()
    assert flushed == ["done\n", "done\nlast"]


def test_the_defused_stream_shows_rich_the_encoding_and_descriptor_of_the_stream_it_wraps(tmp_path: Path) -> None:
    # rich picks box characters by the encoding and asks the descriptor for the terminal size.
    with open(tmp_path / "out.txt", "w", encoding="ascii") as file:
        stream = DefusedStream(file)
        assert (stream.encoding, stream.fileno(), stream.isatty()) == ("ascii", file.fileno(), False)
    assert DefusedStream(io.StringIO()).encoding == "utf-8"  # a StringIO has no encoding
    assert DefusedStream(file).isatty() is False  # closed: isatty() raises, and no colour is sent to it


def test_a_workflow_command_split_by_colour_codes_is_broken_too() -> None:
    # A runner may drop colour codes before it reads a line: ':' + colour + ':' is then '::', with no '::' written.
    assert defuse("\x1b[1m:\x1b[0m:warning:\x1b[0m:x") == "\x1b[1m\\x3a\x1b[0m:warning:\x1b[0m:x"
    assert defuse("ok\n\x1b[2m:\x1b[0m:error:\x1b[0m:x") == "ok\n\x1b[2m\\x3a\x1b[0m:error:\x1b[0m:x"
    # Any SGR code counts: several parameters, or none at all.
    assert defuse("\x1b[1;31m:\x1b[m:error:x") == "\x1b[1;31m\\x3a\x1b[m:error:x"
    assert defuse(":\x1b[0m\x1b[2m:error:x") == "\\x3a\x1b[0m\x1b[2m:error:x"  # two codes between the colons


def test_lone_surrogates_at_both_ends_of_their_range_are_shown_as_escapes() -> None:
    # A lone surrogate (a JSON "\ud800" read alone) cannot be encoded to UTF-8: printed as is, it stops the output.
    assert visible("a\ud800b\udfffc\ud7ff") == "a\\ud800b\\udfffc\ud7ff"


@pytest.mark.parametrize("error", [AttributeError, ValueError, OSError])
def test_a_stream_that_cannot_say_whether_it_is_a_terminal_is_not_one(error: type[Exception]) -> None:
    class Odd(io.StringIO):
        def isatty(self) -> bool:
            raise error("no terminal here")

    assert DefusedStream(Odd()).isatty() is False
