"""The line reader for plain block YAML (incidentlint.yamlquick): where it answers, it gives exactly the data the
full, event-based pass gives, and that pass has nothing to report; everywhere else it gives way."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from benchmarks.corpus import dump, record
from incidentlint.yamlload import load_events_quickly, load_yaml
from incidentlint.yamlquick import GIVE_WAY, read_block_yaml, read_quickly
from tests.helpers import EXAMPLE, ROOT, same_data


def _read(text: str) -> bool:
    """Whether the reader answered; if it did, it agrees with both event-based passes, which report nothing."""
    quick = read_quickly(text)
    if quick is GIVE_WAY:
        return False
    data, _, problems = load_yaml(text)
    assert problems == [], (text, problems)
    assert same_data(quick, data), (text, quick, data)
    events = load_events_quickly(text)
    assert events[2] == [] and same_data(events[0], quick)
    return True


# -- what it reads ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "data"),
    [
        ("title: x\nstatus: resolved\n", {"title": "x", "status": "resolved"}),
        # numbers, booleans and text that only starts like a number, as both YAMLs read them
        (
            "a: 12\nb: true\nc: 5 minutes\nd: 99.9%\ne: 2h\nf: 2024-03-15T14:30:00Z\ng: 2024-03-15\n",
            {"a": 12, "b": True, "c": "5 minutes", "d": "99.9%", "e": "2h", "f": "2024-03-15T14:30:00Z",
             "g": "2024-03-15"},
        ),
        # a sequence at its key's column, and one further in; a sequence of mappings
        ("a:\n- p\n- q\nb:\n  - z\n", {"a": ["p", "q"], "b": ["z"]}),
        (
            "log:\n- at: '2024-03-15T14:30:00Z'\n  what: paged\n-   at: later\n    what: fixed\nend: 1\n",
            {"log": [{"at": "2024-03-15T14:30:00Z", "what": "paged"}, {"at": "later", "what": "fixed"}], "end": 1},
        ),
        ("a:\n  b:\n    c: d\n  e: f\ng: h\n", {"a": {"b": {"c": "d"}, "e": "f"}, "g": "h"}),
        # plain text folded over lines, with a blank line kept as a line break
        ("d: one\n  two\n\n  three\nm: 1\n", {"d": "one two\nthree", "m": 1}),
        # quoted text on one line and over several, '' for a quote, a comment after the closing quote
        (
            "a: 'it''s: # 1'\nb: \"x: y\"\nc: 'one\n  two\n\n  three' # note\nd: ''\n",
            {"a": "it's: # 1", "b": "x: y", "c": "one two\nthree", "d": ""},
        ),
        # literal and folded block scalars, clipped and stripped
        (
            "a: |\n  one\n    two\n\n  three\nb: >-\n  one\n  two\n\n  three\nc: >\n  x\n",
            {"a": "one\n  two\n\nthree\n", "b": "one two\nthree", "c": "x\n"},
        ),
        # comments: whole lines, and after a value or a key
        ("# top\na: b # why\n# between\nc:   # under\n  - d\n", {"a": "b", "c": ["d"]}),
        # unicode text, trailing spaces, no final line break
        ("name: Zo\u00eb   \nrole: SRE", {"name": "Zo\u00eb", "role": "SRE"}),
        # empty values: null, before a sibling, at the end of a nested mapping and of the text
        ("a:\nb:\n  c:\n  # note\nd: ~\ne:", {"a": None, "b": {"c": None}, "d": None, "e": None}),
        # Windows line breaks, in folded and block text too
        ("a: one\r\n  two\r\nb: |\r\n  x\r\n  y\r\n", {"a": "one two", "b": "x\ny\n"}),
    ],
)  # fmt: skip
def test_it_reads_the_block_yaml_records_are_written_in(text: str, data: dict[str, Any]) -> None:
    assert same_data(read_quickly(text), data)
    assert _read(text)


def test_it_reads_every_generated_corpus_record_and_the_examples() -> None:
    """The shape the benchmark's YAML records have, PyYAML's own output (what most tools write), and the README's
    hand-written example (comments, an unquoted timestamp, a folded block) all take the quick way."""
    rng = random.Random(7)
    start = datetime(2022, 1, 1, tzinfo=UTC)
    for number in range(200):
        when = start + timedelta(hours=7 * number)
        text = dump(record(rng, f"INC-{when:%Y-%m%d}-001", when), "yaml")
        assert _read(text), text
    reference = json.loads(EXAMPLE.read_text("utf-8"))
    for width in (40, 80, 100, 1000):
        assert _read(yaml.safe_dump(reference, sort_keys=False, allow_unicode=True, width=width))
    assert _read((ROOT / "examples" / "INC-2024-0402-002.yaml").read_text("utf-8"))


# -- where it gives way -------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "",
        "# only a comment\n",
        "- a\n- b\n",  # a sequence at the root
        "just text\n",
        "a: [1, 2]\n",  # flow collections
        "a: {b: 1}\n",
        "a: &x 1\nb: *x\n",  # anchors and aliases
        "a: !!str 5\n",  # tags
        "a: 1\na: 2\n",  # a duplicate key
        "on: 1\n",  # a key YAML 1.1 reads as a boolean
        "1: x\n",  # a key that is a number
        "'a': x\n",  # a quoted key
        "a b: x\n",  # a key of another kind
        "a: yes\n",  # a value the YAMLs read differently
        "a: 0755\n",
        "a: 1:30\n",
        "a: 1e3\n",
        "a: b # c\n  d\n",  # a line under a value that a comment ended
        "a: 'x'y\n",  # more after a closing quote
        "a: 'x' y\n",
        "a: 'x'''y'\n",  # a quote closed right after a doubled one, then more
        "a: \"x\"''\n",
        "a: 'open\nb: 1\n",  # a quote not closed
        'a: "esc\\n"\n',  # escapes
        "a: C:\\new\n",
        "a:\tb\n",  # a tab
        "a: b\rc: d\r",  # lone CR line breaks
        "a: b\r  c\n",
        "\ufeffa: b\n",  # a byte order mark
        "a: b\n  c: d\n",  # a key under a value
        "a: b: c\n",
        "a: b #c\n",  # a comment that may cut a value short
        "a: x\n  - y\n",  # a '- ' line joined into the value
        "a: |+\n  x\n\n",  # a kept block scalar
        "a: |2\n   x\n",  # an indentation indicator
        "a: >\n  x\n    y\n",  # a folded block scalar with a line further in
        "a: |\n\n  x\n",  # a blank line before the block's text
        "a: |\nb: 1\n",  # an empty block scalar
        "a: |\n  x",  # the block's last line without a line break
        "a: |",  # a block scalar with no line at all
        "---\na: 1\n",  # document markers
        "a: 1\n...\n",
        "%YAML 1.1\n---\na: 1\n",
        "x" * 1100 + ": long key\n",
        "a:\n-\n  b: 1\n",  # an item on the lines below its dash
        "a:\n- - x\n",  # a sequence in a sequence
        "a:\n- x\n-\n  y\n",  # an item on the line below its dash, after an item
        "a: 1\n- x\n",  # an item where no key above waits for a list
        "a:\nb: 'x'\n  c: d\n",  # a mapping under a value, after a null
        "a: \u0085\n",  # a YAML 1.1 line break
    ],
)
def test_it_gives_way_at_anything_else(text: str) -> None:
    assert read_quickly(text) is GIVE_WAY


@pytest.mark.parametrize("kind", ["map", "list", "map-then-list"])
def test_it_reads_up_to_the_depth_limit_and_gives_way_past_it(kind: str) -> None:
    """MAX_DEPTH open collections at most, counted as the event passes count them: one more gives way."""
    from incidentlint.jsonload import MAX_DEPTH

    def nested(levels: int) -> str:  # ``levels`` collections: the root mapping, then mappings or lists
        if kind == "map-then-list":  # as "list", under one more mapping: the list items' mappings come out even
            return "m:\n" + "".join("  " + line + "\n" for line in nested_list(levels - 1).splitlines())
        if kind == "map":
            return "".join(" " * level + f"k{level}:\n" for level in range(levels - 1)) + " " * levels + "k: v\n"
        return nested_list(levels)

    def nested_list(levels: int) -> str:
        return (
            "k:\n"
            + "".join(" " * (2 * level) + "- a:\n" for level in range((levels - 1) // 2))
            + (" " * (levels - 1) + "- v\n" if levels % 2 == 0 else " " * (levels - 1) + "b: v\n")
        )

    for levels in (MAX_DEPTH - 1, MAX_DEPTH):  # the deepest collection a list, or a list item's mapping
        assert _read(nested(levels))
    for levels in (MAX_DEPTH + 1, MAX_DEPTH + 2):
        assert read_block_yaml(nested(levels)) is GIVE_WAY
        refused = load_yaml(nested(levels))
        assert refused[2] != []  # refused there too, with a position
        assert load_events_quickly(nested(levels)) == refused  # and the event pass gives way to it


@pytest.mark.slow
def test_it_reads_up_to_the_node_limit_and_gives_way_past_it() -> None:
    """MAX_NODES scalars and collections at most, counted as the event passes count them: one more gives way."""
    from incidentlint.jsonload import MAX_NODES

    # the root mapping, a key and its value per line, then a key, a list and its items
    pairs = (MAX_NODES - 15) // 2
    items = MAX_NODES - 14 - 2 * pairs
    # plain values one line long and quoted ones, which the reader takes by different paths; a mapping under a key,
    # ending with a null; a null before a sibling; list items, and one that is a mapping
    text = "".join(f"k{i}: v\n" if i % 2 else f"k{i}: 'v'\n" for i in range(pairs)) + "x:\n  w: v\n  t:\nu:\nz:\n"
    text += "- a\n" * items + "- b: v\n"
    assert 1 + 2 * pairs + 6 + 2 + 2 + items + 3 == MAX_NODES
    assert _read(text)
    assert read_block_yaml(text + "- b\n") is GIVE_WAY
    assert load_yaml(text + "- b\n")[2] != []  # refused there too


# -- against the event-based passes, on generated documents ---------------------------------------------------------
SCALAR_TEXT = st.text(
    alphabet=st.sampled_from([*"ab Z9-:#'\"|>&*!%@`,[]{}?~.\n\t\\", "\u00e9", "\u2014", "\u0085"]), max_size=14
)
WORDS = st.sampled_from(
    ["yes", "no", "on", "null", "~", "true", "False", "0755", "1:30", "1e3", ".inf", "0x1F", "12", "-3", "2h",
     "5 minutes", "99.9%", "2024-03-15T14:30:00Z", "2024-03-15 14:30:00 +01:00", "<<", "=", "- x", "a # b", "#x"]
)  # fmt: skip
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=False, allow_infinity=False),
    SCALAR_TEXT,
    WORDS,
    st.lists(st.sampled_from(["word", "longer", "text", "-", "x:", "#"]), min_size=5, max_size=30).map(" ".join),
)
KEYS = st.one_of(st.sampled_from(["a", "b", "title", "x-y", "_k", "on", "yes", "null", "1", "a b", "\u00e9"]), WORDS)
DATA = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(KEYS, inner, max_size=4)),
    max_leaves=20,
)


def _mutate(text: str, rng: random.Random, times: int) -> str:
    """Small edits a person makes, or gets wrong: blank lines, comments, indentation, tabs, stray markers."""
    lines = text.split("\n")
    for _ in range(times):
        at = rng.randrange(len(lines))
        line = lines[at]
        choice = rng.randrange(12)
        if choice == 0:
            lines.insert(at, "")
        elif choice == 1:
            lines.insert(at, " " * rng.randrange(4) + "# note")
        elif choice == 2:
            lines[at] = line + rng.choice([" # c", "  #", " #c", "#c"])
        elif choice == 3:
            lines[at] = " " + line
        elif choice == 4:
            lines[at] = line[1:] if line.startswith(" ") else line
        elif choice == 5:
            lines.insert(at, line)
        elif choice == 6:
            del lines[at]
            if not lines:
                lines = [""]
        elif choice == 7:
            lines[at] = line.replace(": ", ":", 1)
        elif choice == 8:
            lines[at] = line + rng.choice(["  ", " :", ": x", " - y"])
        elif choice == 9:
            lines.insert(at, " " * rng.randrange(6) + rng.choice(["- z", "k: v", "more text", "|", "'q'"]))
        elif choice == 10:
            lines[at] = line.replace("'", "", 1) if "'" in line else line.replace('"', "'", 1)
        else:
            lines[at] = rng.choice(["---", "...", "  ", "\t", "a:", "- "]) + line
    return "\n".join(lines)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.dictionaries(KEYS, DATA, min_size=1, max_size=6),
    st.sampled_from([None, None, None, "'", '"', "|", ">"]),
    st.integers(min_value=8, max_value=120),
    st.sampled_from([2, 2, 4]),
    st.integers(min_value=0, max_value=2**32),
    st.integers(min_value=0, max_value=3),
)
@example({"a": "x"}, None, 80, 2, 0, 0)
def test_it_agrees_with_the_event_passes_on_dumped_and_edited_documents(
    data: dict[str, Any], style: str | None, width: int, indent: int, seed: int, edits: int
) -> None:
    """PyYAML writes the data in any of its styles and widths (folded plain and quoted lines, block scalars), a
    few random edits follow; whatever the text, the reader gives the full pass's data, or gives way."""
    text = yaml.safe_dump(
        data, sort_keys=False, allow_unicode=bool(seed % 2), width=width, indent=indent, default_style=style
    )
    _read(text)
    _read(_mutate(text, random.Random(seed), edits))
    _read(text.replace("\n", "\r\n"))


LINE_VALUES = st.sampled_from(
    ["", "text", "more text", "12", "2h", "yes", "'q'", "'it''s'", '"dq"', "'open", "close'", '"open', 'close"',
     "|", "|-", ">", ">-", "|+", "# c", "x # c", "a: b", "-", "- x", "k:", "[a]", "é", "~"]
)  # fmt: skip
LINE_KEYS = st.sampled_from(["a", "b", "title", "x-y", "on", "a b", "'q'"])


@st.composite
def block_texts(draw: st.DrawFn) -> str:
    """Lines as people write them, at any indent: keys, items, items with keys, text lines, blank lines and
    comments, in any order, so that the reader's indentation rules meet every neighbour."""
    lines = []
    for _ in range(draw(st.integers(min_value=1, max_value=12))):
        indent = " " * draw(st.sampled_from([0, 0, 0, 1, 2, 2, 2, 3, 4, 4, 6]))
        kind = draw(st.integers(min_value=0, max_value=5))
        value = draw(LINE_VALUES)
        if kind == 0:
            lines.append(f"{indent}{draw(LINE_KEYS)}: {value}".rstrip(" ") if value else f"{indent}{draw(LINE_KEYS)}:")
        elif kind == 1:
            lines.append(f"{indent}- {value}".rstrip(" "))
        elif kind == 2:
            lines.append(f"{indent}- {draw(LINE_KEYS)}: {value}".rstrip(" "))
        elif kind == 3:
            lines.append(f"{indent}{value}")
        elif kind == 4:
            lines.append(draw(st.sampled_from(["", "  ", "# note"])))
        else:
            lines.append(f"{indent}{draw(LINE_KEYS)}:")
    return "\n".join(lines) + draw(st.sampled_from(["\n", "\n", ""]))


SCALAR_WRITINGS = st.sampled_from(
    ["text", "more text here", "12", "2h", "true", "5 minutes", "99.9%", "2024-03-15T14:30:00Z", "'q'", "'it''s'",
     '"dq"', "''", "C# and F#", "a - b", "x:y", "yes", "1.5", "é", "", "~", "null"]
)  # fmt: skip


@st.composite
def _written(draw: st.DrawFn, column: int, depth: int, owner: int) -> tuple[str, list[str]]:
    """A value as written after a key or a dash at ``column`` in a collection at ``owner``: the text on that
    line, and the lines below it."""
    kind = draw(st.sampled_from(["scalar"] * 4 + ["folded", "quoted", "block", "map", "list"] if depth < 3 else
                                ["scalar", "folded", "quoted", "block"]))  # fmt: skip
    step = draw(st.sampled_from([1, 2, 2, 4]))
    below = " " * (owner + step)
    if kind == "scalar":
        return " " + draw(SCALAR_WRITINGS) + draw(st.sampled_from(["", "", "  ", " # c"])), []
    if kind == "folded":
        words = draw(
            st.lists(st.sampled_from(["one", "two", "three", "- x", "#c", "a: b", "''"]), min_size=1, max_size=4)
        )
        blank = draw(st.sampled_from(["", "", "\n"]))
        return " first", [blank + below + word for word in words]
    if kind == "quoted":
        quote = draw(st.sampled_from(["'", '"']))
        words = draw(st.lists(st.sampled_from(["one", "two", "# x", "- y", "k: v", "''", ""]), min_size=1, max_size=3))
        return f" {quote}start", [below + word for word in words[:-1]] + [below + words[-1] + quote]
    if kind == "block":
        header = draw(st.sampled_from(["|", "|-", ">", ">-"]))
        words = draw(st.lists(st.sampled_from(["one", "two", "  more in", "", "# not a comment", "k: v"]), min_size=1,
                              max_size=4))  # fmt: skip
        return " " + header, [below + word if word else "" for word in words]
    return "", draw(_collection(owner + step if kind == "map" or draw(st.booleans()) else owner, depth + 1, kind))


@st.composite
def _collection(draw: st.DrawFn, column: int, depth: int, kind: str) -> list[str]:
    lines: list[str] = []
    keys = draw(st.lists(st.sampled_from(["a", "b", "title", "x-y", "owner", "on"]), min_size=1, max_size=3))
    for key in keys:
        if draw(st.integers(0, 9)) == 0:
            lines.append(draw(st.sampled_from(["", " " * column + "# note"])))
        if kind == "map":
            head, rest = draw(_written(column, depth, column))
            lines.append(" " * column + key + ":" + head)
        else:
            dash = draw(st.sampled_from(["- ", "- ", "-   "]))
            if draw(st.booleans()):
                head, rest = draw(_written(column + len(dash), depth, column))
                lines.append(" " * column + dash.rstrip(" ") + head)
            else:
                inner = column + len(dash)
                head, rest = draw(_written(inner, depth, inner))
                lines.append(" " * column + dash + key + ":" + head)
        lines.extend(rest)
    return lines


@st.composite
def written_documents(draw: st.DrawFn) -> str:
    """Documents as people and tools write them: keys, sequences at their key's column or further in, items that
    are mappings, plain text folded over lines, quoted text over lines, block scalars, comments and blank
    lines, with now and then a line that does not fit (a duplicate or boolean key, a '- ' line in text)."""
    return "\n".join(draw(_collection(0, 0, "map"))) + "\n"


@settings(max_examples=500, deadline=None)
@given(written_documents())
def test_it_agrees_with_the_event_passes_on_written_documents(text: str) -> None:
    _read(text)
    _read(text.replace("\n", "\r\n"))


@settings(max_examples=500, deadline=None)
@given(block_texts())
@example("a:\n- p\n  q\nb: 1\n")
@example("a: |\n  x\n b\n")
@example("a:\n  - p\n - q\n")
@example("- a: b\n")
@example("a:\n  b: 1\n c: 2\n")
def test_it_agrees_with_the_event_passes_on_lines_at_any_indent(text: str) -> None:
    _read(text)


def _random_data(rng: random.Random, depth: int = 0) -> Any:
    """Record-like data, with now and then a value the reader must give way at, from a seeded generator."""
    kind = rng.randrange(9 if depth < 3 else 6)
    if kind == 0:
        return rng.choice([True, False, rng.randrange(10**6), rng.choice([None, -5, 2.5])])
    if kind in (1, 2):
        return rng.choice(["2h", "5 minutes", "it's", 'say "hi"', "x: y", "\u00e9t\u00e9", "99.9%", "- x", "yes"])
    if kind in (3, 4, 5):
        return " ".join(
            rng.choice(["word", "longer", "text", "-", "x:", "'q'", "a#b"]) for _ in range(rng.randrange(1, 30))
        )
    if kind in (6, 7):
        return {rng.choice(["a", "b", "title", "x-y", "owner"]): _random_data(rng, depth + 1) for _ in range(4)}
    return [_random_data(rng, depth + 1) for _ in range(rng.randrange(4))]


def test_the_generated_documents_are_mostly_read() -> None:
    """The tests above must reach the reader's answers, not only its giving way: in PyYAML's default style, many
    of such documents (with their awkward keys and values) are read, and agree."""
    rng = random.Random(3)
    texts = [
        yaml.safe_dump(
            {key: _random_data(rng) for key in ("a", "b", "title", "x-y")},
            sort_keys=False,
            allow_unicode=True,
            width=rng.randrange(8, 120),
        )
        for _ in range(300)
    ]
    read = sum(_read(text) for text in texts)
    assert read > len(texts) // 3, read


# -- the run ------------------------------------------------------------------------------------------------------
@pytest.mark.slow
def test_a_run_over_block_yaml_records_imports_no_pyyaml(tmp_path: Path) -> None:
    """PyYAML (~25 ms to import) is loaded only for a YAML text the line reader gives way at."""
    path = tmp_path / "r.yaml"
    path.write_text((ROOT / "examples" / "INC-2024-0402-002.yaml").read_text("utf-8"), "utf-8")
    probe = (
        "import sys\nfrom incidentlint.cli import main\ncode = main(sys.argv[1:])\nprint(code, 'yaml' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, str(path)], cwd=ROOT, capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.splitlines()[-2:] == ["All clean: 1 file checked, no problems found.", "0 False"]
    path.write_text("title: x\nkey: &a 1\n", "utf-8")  # an anchor: the full pass, with PyYAML
    done = subprocess.run(
        [sys.executable, "-c", probe, str(path)], cwd=ROOT, capture_output=True, text=True, check=False, timeout=120
    )
    assert done.stdout.splitlines()[-1] == "1 True"
