"""The TOML list scanner of incidentlint.configpos, checked against tomllib on generated lists: each item found
where it was written, whatever strings, comments, line breaks and nested values come before it."""

from __future__ import annotations

import tomllib
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from incidentlint.configpos import _array_item

_TEXT = st.text(alphabet=st.sampled_from(list("ab ]}[{,#='\"\\x\n")), max_size=8)


@st.composite
def _item(draw: st.DrawFn, depth: int = 0) -> tuple[str, Any]:
    """(TOML source, value) of one list item."""
    kind = draw(st.sampled_from(["basic", "literal", "multi", "multi-literal", "int", "bool", "list", "table"]))
    if kind == "int":
        number = draw(st.integers(-999, 999))
        return str(number), number
    if kind == "bool":
        flag = draw(st.booleans())
        return str(flag).lower(), flag
    if kind in ("list", "table") and depth < 2:
        inner = draw(st.lists(_item(depth + 1), max_size=3))
        if kind == "list":
            return "[" + ", ".join(source for source, _ in inner) + "]", [value for _, value in inner]
        return "{" + ", ".join(f"k{i} = {source}" for i, (source, _) in enumerate(inner)) + "}", {
            f"k{i}": value for i, (_, value) in enumerate(inner)
        }
    text = draw(_TEXT)
    if kind == "literal" and "'" not in text and "\n" not in text:
        return f"'{text}'", text
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    if kind == "multi" and not text.startswith("\n"):
        # Up to two quotes may end the content unescaped, right before the closing three: '"""say "hi""""'.
        trailing = draw(st.sampled_from(["", '"', '""']))
        return f'"""{escaped}{trailing}"""', text + trailing
    if kind == "multi-literal" and "'" not in text and not text.startswith("\n"):
        trailing = draw(st.sampled_from(["", "'", "''"]))
        return f"'''{text}{trailing}'''", text + trailing
    return '"' + escaped.replace("\n", "\\n") + '"', text


_GAP = st.sampled_from([" ", "", "\n  ", '  # note, with ] and "\n  ', "\n\n", "\t"])


@pytest.mark.slow
@given(items=st.lists(_item(), min_size=1, max_size=6), gaps=st.lists(_GAP, min_size=14, max_size=14))
@settings(max_examples=200, deadline=None)
def test_each_item_of_a_generated_list_is_found_where_it_was_written(
    items: list[tuple[str, Any]], gaps: list[str]
) -> None:
    text = "select = ["
    offsets = []
    for index, (source, _) in enumerate(items):
        text += gaps[2 * index]
        offsets.append(len(text))
        text += source + gaps[2 * index + 1] + ","
    text += gaps[-1] + "]\n"
    assert tomllib.loads(text)["select"] == [value for _, value in items]  # the generated TOML is what it says
    start = text.index("[")
    assert [_array_item(text, start, index) for index in range(len(items))] == offsets
    assert _array_item(text, start, len(items)) is None  # one past the end: not found
