"""duplicate-responder (IL117), including its unsafe fix for exact copies."""

from __future__ import annotations

import importlib
import itertools
import json
import unicodedata
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from incidentlint.api import Fix, Remove
from tests.rules import assert_silent, diagnostics, findings_both, lint_json, lint_yaml

RULE = "duplicate-responder"


def copy(name: str, earlier: int) -> str:
    return (
        f"'{name}' is listed twice in responders, also as responders[{earlier}]; this entry is an exact copy: remove it"
    )


def variant(name: str, earlier: int) -> str:
    return (
        f"'{name}' is listed twice in responders, also as responders[{earlier}]; "
        "keep one entry, with the role they held"
    )


JSON = """{
  "responders": [
    "Sarah Chen - On-call Engineer",
    "Tom Wilson - Database Team Lead",
    "Sarah Chen - On-call Engineer",
    "sarah  chen - Incident Commander"
  ]
}
"""

YAML = """responders:
  - name: Tom Wilson
    role: Database Team Lead
  - Lisa Park - Database Engineer
  - {name: Tom Wilson, role: Database Team Lead}
  - " Tom Wilson"
"""


def test_fires_at_each_later_entry_in_json() -> None:
    assert lint_json(RULE, JSON) == [(5, 5, copy("Sarah Chen", 0)), (6, 5, variant("sarah  chen", 0))]


def test_fires_at_each_later_entry_in_yaml() -> None:
    assert lint_yaml(RULE, YAML) == [(5, 5, copy("Tom Wilson", 0)), (6, 5, variant("Tom Wilson", 0))]


def test_unsafe_fix_removes_only_exact_copies() -> None:
    first, second = diagnostics(RULE, JSON)
    assert first.fix == Fix(ops=(Remove("/responders/2"),), safe=False, description="remove the duplicate responder")
    assert second.fix is None


def test_a_string_and_an_object_are_never_exact_copies() -> None:
    (diagnostic,) = diagnostics(RULE, json.dumps({"responders": ["Tom Wilson", {"name": "Tom Wilson"}]}))
    assert diagnostic.fix is None


@pytest.mark.parametrize(("a", "b"), [(1, True), (1, 1.0), (0, False), ([1], [True]), ({"k": 1}, {"k": 1.0})])
def test_values_that_python_calls_equal_are_not_exact_copies(a: object, b: object) -> None:
    # Removing {x-pager: true} as a copy of {x-pager: 1} would lose what the second entry says.
    text = json.dumps({"responders": [{"name": "Tom", "x-pager": a}, {"name": "Tom", "x-pager": b}]})
    (diagnostic,) = diagnostics(RULE, text)
    assert diagnostic.fix is None
    assert diagnostic.message == (
        "'Tom' is listed twice in responders, also as responders[0]; keep one entry, with the role they held"
    )


def test_key_order_does_not_stop_an_exact_copy() -> None:
    text = json.dumps({"responders": [{"name": "Tom", "role": "DBA"}, {"role": "DBA", "name": "Tom"}]})
    (diagnostic,) = diagnostics(RULE, text)
    assert diagnostic.fix is not None


DASH_JSON = """{
  "responders": [
    "Sarah Chen - On-call Engineer",
    "Sarah Chen \u2013 Incident Commander",
    "Tom Wilson \u2014 DBA"
  ]
}
"""

DASH_YAML = """responders:
  - Tom Wilson \u2014 DBA
  - Lisa Park - Database Engineer
  - tom wilson - Scribe
"""


def test_a_name_before_an_en_or_em_dash_is_the_same_person_in_json() -> None:
    # Word processors turn " - " into " \u2013 " or " \u2014 "; the name before it is still the person's name.
    assert lint_json(RULE, DASH_JSON) == [(4, 5, variant("Sarah Chen", 0))]


def test_a_name_before_an_en_or_em_dash_is_the_same_person_in_yaml() -> None:
    assert lint_yaml(RULE, DASH_YAML) == [(4, 5, variant("tom wilson", 0))]


def test_third_occurrence_also_points_back_at_the_first() -> None:
    record = {"responders": ["Ann - IC", "Bob - SRE", "Ann - Scribe", "ann - IC"]}
    expected = [variant("Ann", 0), variant("ann", 0)]
    assert findings_both(RULE, record) == (expected, expected)


@pytest.mark.parametrize(
    "responders",
    [
        ["Sarah Chen - On-call Engineer", "Sarah Cheng - SRE"],
        ["Sarah Chen - On-call Engineer", "Chen - Sarah"],
        ["Sarah Chen-Lee - SRE", "Sarah Chen - SRE"],  # no " - " inside the name: different people
        ["Sarah Chen\u2013Lee \u2013 SRE", "Sarah Chen \u2013 SRE"],  # nor a dash without spaces
        [{"name": "Tom"}, {"role": "Tom"}, 7, None, "", "   ", {"name": ""}],
        [{"name": ["Tom"]}, {"name": ["Tom"]}],  # malformed names are skipped
        [],
    ],
)
def test_silent(responders: list[Any]) -> None:
    assert_silent(RULE, {"responders": responders})


@pytest.mark.parametrize("responders", ["Tom, Tom", {"Tom": "IC"}, None, 3])
def test_silent_when_responders_is_not_a_list(responders: Any) -> None:
    assert_silent(RULE, {"responders": responders})


def common() -> Any:
    return importlib.import_module("incidentlint.rules._common")  # mypy cannot follow the package-dir mapping


#: Closing bracket -> opening bracket: ASCII, and the full-width ones of Chinese and Japanese text.
PAIRS = {")": "(", "\uff09": "\uff08"}


def without_bracketed_end(name: str) -> str:
    """The specification of the bracket cut, written differently from the rule: the name is what comes before
    an opening bracket from which the brackets of its kind to the end of the line balance, closing only at the
    end. A full-width bracket may follow anything; an ASCII one, whitespace or a wide (CJK) character."""
    if not name or name[-1] not in PAIRS:
        return name
    closing = name[-1]
    opening = PAIRS[closing]
    for start in range(1, len(name)):
        before = name[start - 1]
        set_off = closing == "\uff09" or before.isspace() or unicodedata.east_asian_width(before) in ("W", "F")
        if name[start] != opening or not set_off:
            continue
        depths = list(itertools.accumulate((char == opening) - (char == closing) for char in name[start:]))
        if depths[-1] == 0 and all(depth > 0 for depth in depths[:-1]):
            return name[:start].rstrip()
    return name


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet=" -\t\u00a0\u3000\u2013\u2014\u2212()\uff08\uff09aB\u00e9\u5c71\n,", max_size=16))
def test_responder_name_takes_the_quick_path_only_when_it_agrees_with_the_separator_pattern(text: str) -> None:
    # responder_name skips the regular expression and the brackets when the text before " - " is printable ASCII
    # without " -" and the text has no ")". Whatever the text, the name must be the part before the first
    # ROLE_SEPARATOR once a bracketed end is cut, without a bracketed end of its own.
    cut = without_bracketed_end(text.rstrip())
    before = common().ROLE_SEPARATOR.split(cut if cut != text.rstrip() else text, 1)[0]
    expected = without_bracketed_end(before.strip()) or None
    assert common().responder_name(text) == expected


NAMES = st.text(alphabet="aZ\u00e9\u00df .,'\u2019-", min_size=1, max_size=12).filter(
    lambda name: name.strip() and " -" not in name and "- " not in name and not name.endswith(")")
)
SEPARATORS = st.sampled_from([" - ", " -- ", " \u2013 ", " \u2014 ", "\u00a0\u2013\u00a0", " --- "])
ROLES = st.text(alphabet="aZ -,", max_size=10)  # brackets inside a role are in the test above


@settings(max_examples=500, deadline=None)
@given(NAMES, SEPARATORS, ROLES, st.booleans())
def test_responder_name_is_the_name_before_a_dash_or_a_bracketed_role(
    name: str, separator: str, role: str, bracketed: bool
) -> None:
    entry = f"{name} ({role})" if bracketed else f"{name}{separator}{role}"
    assert common().responder_name(entry) == name.strip()


CJK_NAMES = st.text(
    alphabet="\u5c71\u7530\u592a\u90ce\u4f50\u85e4\u82b1\u5b50\uae40\ucca0\uc218", min_size=1, max_size=6
)
CJK_ROLES = st.text(alphabet="IC\u30a4\u30f3\u30b7\u30c7\u6307\u63ee -", min_size=1, max_size=10)


@settings(max_examples=300, deadline=None)
@given(CJK_NAMES, CJK_ROLES, st.sampled_from(["", " ", "\u3000"]), st.booleans())
def test_a_cjk_name_with_a_bracketed_role_is_the_name(name: str, role: str, space: str, full_width: bool) -> None:
    # Chinese, Japanese and Korean text sets no space before a bracket, full-width or not; one may be there.
    entry = f"{name}{space}\uff08{role}\uff09" if full_width else f"{name}{space}({role})"
    assert common().responder_name(entry) == name


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=12))
def test_name_key_is_the_same_for_every_normal_form_and_stable(name: str) -> None:
    key = common().name_key
    forms = {unicodedata.normalize(form, name) for form in ("NFC", "NFD", "NFKC", "NFKD")}
    assert {key(form) for form in forms} == {key(name)}
    assert key(key(name)) == key(name)


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("  Mike   RODRIGUEZ ", "mike rodriguez"),
        ("Zo\u00eb\u00a0Hartmann", "zo\u00eb hartmann"),
        ("Zoe\u0308 Hartmann", "zo\u00eb hartmann"),  # composed, so difflib counts one letter
        ("Ren\u00e9e O\u2019Connor", "ren\u00e9e o'connor"),
        ("\u02bcAkila", "'akila"),
        ("\u2018t Hooft", "'t hooft"),
        ("Chen\u2011Lee", "chen-lee"),
        ("\uff2d\uff49\uff4b\uff45", "mike"),
        ("Stra\u00dfe", "strasse"),
    ],
)
def test_name_key(name: str, key: str) -> None:
    assert common().name_key(name) == key


SAME_PERSON_JSON = """{
  "responders": [
    "Mike Rodriguez - IC",
    "Sarah Chen -- SRE",
    "Mike Rodriguez (IC)",
    "sarah chen (Scribe)"
  ]
}
"""

SAME_PERSON_YAML = """responders:
  - Ren\u00e9e O\u2019Connor (Incident Commander)
  - Zo\u00eb Hartmann \u2014 Observability
  - Ren\u00e9e O'Connor - Scribe
  - ZOE
""".replace("ZOE", unicodedata.normalize("NFD", "Zo\u00eb Hartmann (IC)"))


def test_other_ways_of_writing_a_role_name_the_same_person_in_json() -> None:
    assert lint_json(RULE, SAME_PERSON_JSON) == [
        (5, 5, variant("Mike Rodriguez", 0)),
        (6, 5, variant("sarah chen", 1)),
    ]


def test_unicode_forms_and_apostrophes_name_the_same_person_in_yaml() -> None:
    assert lint_yaml(RULE, SAME_PERSON_YAML) == [
        (4, 5, variant("Ren\u00e9e O'Connor", 0)),
        (5, 5, variant(unicodedata.normalize("NFD", "Zo\u00eb Hartmann"), 1)),
    ]


CJK_JSON = """{
  "responders": [
    "\u5c71\u7530\u592a\u90ce\uff08IC\uff09",
    "\u4f50\u85e4\u82b1\u5b50 - SRE",
    "\u5c71\u7530\u592a\u90ce \uff08\u30a4\u30f3\u30b7\u30c7\u30f3\u30c8\u30b3\u30de\u30f3\u30c0\u30fc\uff09",
    "\u4f50\u85e4\u82b1\u5b50(SRE)"
  ]
}
"""

CJK_YAML = """responders:
  - \u5c71\u7530\u592a\u90ce\u3000\uff08IC\uff09
  - \u4f50\u85e4\u82b1\u5b50\uff08SRE\uff09
  - \u5c71\u7530\u592a\u90ce - \u30a4\u30f3\u30b7\u30c7\u30f3\u30c8\u30b3\u30de\u30f3\u30c0\u30fc
  - name: \u4f50\u85e4\u82b1\u5b50
"""


def test_a_role_in_full_width_brackets_names_the_same_person_in_json() -> None:
    assert lint_json(RULE, CJK_JSON) == [
        (5, 5, variant("\u5c71\u7530\u592a\u90ce", 0)),
        (6, 5, variant("\u4f50\u85e4\u82b1\u5b50", 1)),
    ]


def test_a_role_in_full_width_brackets_names_the_same_person_in_yaml() -> None:
    assert lint_yaml(RULE, CJK_YAML) == [
        (4, 5, variant("\u5c71\u7530\u592a\u90ce", 0)),
        (5, 5, variant("\u4f50\u85e4\u82b1\u5b50", 1)),
    ]


@pytest.mark.parametrize(
    "responders",
    [
        ["Mike Rodriguez (IC)", "Mike Rodriguez Jr. (IC)"],
        ["\u5c71\u7530\u592a\u90ce\uff08IC\uff09", "\u5c71\u7530\u6b21\u90ce\uff08IC\uff09"],  # Taro and Jiro
        [
            "\u5c71\u7530\u592a\u90ce - IC",
            "\u5c71\u7530\u592a\u90ce\uff08IC\uff09\u4ee3\u7406",
        ],  # the bracket does not end it
        ["\u5c71\u7530\u592a\u90ce - IC", "\u5c71\u7530\u592a\u90ce\uff08IC)"],  # two kinds of bracket: no pair
        ["Mike Rodriguez - IC", "Mike Rodriguez(IC)"],  # no space before the bracket: part of the name
        ["Smith, Jr. - SRE", "Smith - SRE"],
        ["Mike Rodriguez, IC", "Mike Rodriguez, Scribe"],  # a comma is not a separator: two different names
        ["Zo\u00eb Hartmann - SRE", "Zoe Hartmann - IC"],  # an accent is part of the spelling
        ["Ann (IC)", "Ann (IC) x"],
    ],
)
def test_different_people_are_not_duplicates(responders: list[str]) -> None:
    assert_silent(RULE, {"responders": responders})


@pytest.mark.parametrize(
    "responders",
    [
        [{"name": "Alex Kim", "team": "Payments"}, {"name": "Alex Kim", "team": "Search"}],
        ["Alex Kim <alex.kim@example.com> - SRE", "Alex Kim <alex.kim2@example.com> - DBA"],
        [{"name": "Alex Kim <alex.kim@example.com>"}, "Alex Kim <akim@example.com> (IC)"],
    ],
)
def test_one_name_with_different_teams_or_addresses_is_two_people(responders: list[Any]) -> None:
    assert_silent(RULE, {"responders": responders})


@pytest.mark.parametrize(
    "responders",
    [
        [{"name": "Alex Kim", "team": "Payments"}, {"name": "Alex Kim", "team": " payments "}],  # one team
        [{"name": "Alex Kim", "team": "Payments"}, {"name": "Alex Kim"}],  # no team: may be either
        ["Alex Kim <Alex.Kim@example.com> - SRE", "Alex Kim <alex.kim@example.com> - IC"],  # one address
        ["Alex Kim <alex.kim@example.com> - SRE", "Alex Kim - IC"],  # no address: may be either
        ["Alex Kim <alex.kim@example.com>", "Alex Kim - Scribe, pager <alex.kim2@example.com>"],  # the role's
        [{"name": "Alex Kim", "team": "Payments"}, "Alex Kim <alex.kim@example.com> - SRE"],  # neither says both
    ],
)
def test_one_name_is_one_person_unless_both_entries_say_otherwise(responders: list[Any]) -> None:
    expected = [variant("Alex Kim", 0)]
    assert findings_both(RULE, {"responders": responders}) == (expected, expected)


def test_a_later_entry_is_compared_with_each_person_of_that_name() -> None:
    record = {"responders": ["Alex Kim <a@example.com>", "Alex Kim <b@example.com>", "Alex Kim <b@example.com> - IC"]}
    assert findings_both(RULE, record) == ([variant("Alex Kim", 1)], [variant("Alex Kim", 1)])


EMAIL_YAML = """responders:
  - Ann Lee <ann@example.com> - SRE
  - Tom Wilson - DBA
  - Ann Lee (Scribe)
"""


def test_a_name_with_an_email_address_is_the_same_person_in_yaml() -> None:
    assert lint_yaml(RULE, EMAIL_YAML) == [(4, 5, variant("Ann Lee", 0))]


# A directory export gives a responder object's name as mail and git write one, "Name <address>".
OBJECT_EMAIL_JSON = """{
  "responders": [
    {"name": "Ann Lee <ann@example.com>", "role": "SRE"},
    {"name": "Tom Wilson", "role": "DBA"},
    "Ann Lee - Scribe"
  ]
}
"""


def test_an_email_address_after_an_objects_name_is_not_part_of_it() -> None:
    assert lint_json(RULE, OBJECT_EMAIL_JSON) == [(5, 5, variant("Ann Lee", 0))]


def test_an_objects_name_that_is_only_an_address_stays_that_address() -> None:
    responders = [{"name": "<ann@example.com>"}, {"name": "Ann Lee <ann@example.com>"}]
    assert_silent(RULE, {"responders": responders})
