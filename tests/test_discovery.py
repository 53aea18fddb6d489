"""incidentlint.discovery.expand: which files a directory walk yields for include and exclude globs."""

from __future__ import annotations

import fnmatch
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from incidentlint.discovery import Globs, expand
from tests.helpers import run_json


def touch(root: Path, *names: str) -> None:
    for name in names:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("{}\n", "utf-8")


def test_up_to_four_double_stars_also_stand_for_no_directory_and_five_are_read_literally(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    touch(tmp_path, "a/b/c/d/e.json", "a/b/c/d/e/f.json", "a/x/b/x/c/x/d/x/e/x/f.json")
    four = ["a/**/b/**/c/**/d/**/e.json"]
    five = ["a/**/b/**/c/**/d/**/e/**/f.json"]
    walk = ["a"]
    # Four '**/': each may stand for no directory too, as in ruff and .gitignore.
    assert list(expand(walk, ["*.json"], four, tmp_path)) == ["a/b/c/d/e/f.json", "a/x/b/x/c/x/d/x/e/x/f.json"]
    # Five '**/': only the literal reading, in which each '**/' needs a directory.
    assert list(expand(walk, ["*.json"], five, tmp_path)) == ["a/b/c/d/e.json", "a/b/c/d/e/f.json"]


def test_globs_with_a_slash_do_not_reach_a_directory_outside_the_configurations(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # "*/drafts" is anchored at the configuration's directory (fnmatch's * also crosses a slash): a walk of a
    # directory outside it is judged by the globs without a slash only.
    base = tmp_path / "project"
    touch(tmp_path, "project/incidents/drafts/a.json", "outside/incidents/drafts/b.json")
    monkeypatch.chdir(base)
    exclude = ["*/drafts"]
    assert list(expand(["."], ["*.json"], exclude, base)) == []
    assert list(expand([os.path.join("..", "outside")], ["*.json"], exclude, base)) == [
        os.path.join("..", "outside", "incidents", "drafts", "b.json")
    ]


def test_force_exclude_judges_a_file_outside_the_configurations_directory_by_its_path_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = tmp_path / "project"
    touch(tmp_path, "project/r.json", "outside/node_modules/x.json", "outside/ok/y.json")
    monkeypatch.chdir(base)
    named = [os.path.join("..", "outside", "node_modules", "x.json"), os.path.join("..", "outside", "ok", "y.json")]
    assert list(expand(named, ["*.json"], ["node_modules"], base, force_exclude=True)) == named[1:]
    assert list(expand(named, ["*.json"], ["node_modules"], base)) == named


def test_a_leading_slash_anchors_a_one_name_glob_at_the_configurations_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # '/drafts' has a slash, so (as in .gitignore) it names the drafts beside the configuration, not one at any depth.
    touch(tmp_path, "drafts/a.json", "incidents/drafts/b.json", "incidents/c.json")
    monkeypatch.chdir(tmp_path)
    assert list(expand(["."], ["*.json"], ["/drafts"], tmp_path)) == [
        "./incidents/c.json",
        "./incidents/drafts/b.json",
    ]
    assert list(expand(["."], ["*.json"], ["drafts"], tmp_path)) == ["./incidents/c.json"]


def test_force_exclude_applies_a_leading_slash_glob_to_a_named_file_as_a_walk_would(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each directory of a named path is judged by its own path from the configuration's directory, as a walk judges
    # it: '/drafts' covers drafts/a.json (its first directory), not incidents/drafts/b.json.
    touch(tmp_path, "drafts/a.json", "incidents/drafts/b.json")
    monkeypatch.chdir(tmp_path)
    named = ["drafts/a.json", "incidents/drafts/b.json", "drafts"]
    assert list(expand(named, ["*.json"], ["/drafts"], tmp_path, force_exclude=True)) == ["incidents/drafts/b.json"]
    assert list(expand(named, ["*.json"], ["/drafts"], tmp_path)) == [*named[:2], "drafts/a.json"]


def test_force_exclude_skips_the_dot_components_of_a_path_outside_the_configurations_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Outside the configuration's directory a path is judged by its components as written, less '.' and '..':
    # exclude = [".*"] (hidden directories) must not take '..' for one and drop every file above the project.
    base = tmp_path / "project"
    touch(tmp_path, "project/r.json", "outside/ok/r.json", "outside/.hidden/s.json")
    monkeypatch.chdir(base)
    ok = os.path.join("..", "outside", ".", "ok", "r.json")
    hidden = os.path.join("..", "outside", ".hidden", "s.json")
    assert list(expand([ok, hidden], ["*.json"], [".*"], base, force_exclude=True)) == [ok]


def test_standard_input_is_never_excluded_nor_walked_as_a_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # '-' is standard input: force_exclude does not judge it by the name '-' (the CLI judges it by --stdin-filename),
    # and a directory that happens to be called '-' is not walked in its place.
    touch(tmp_path, "-/a.json", "b.json")
    monkeypatch.chdir(tmp_path)
    assert list(expand(["-"], ["*.json"], ["-", "*"], tmp_path, force_exclude=True)) == ["-"]
    assert list(expand(["-", "."], ["*.json"], [], tmp_path)) == ["-", "./b.json", "./-/a.json"]


def deny_listing(monkeypatch: pytest.MonkeyPatch, *names: str) -> None:
    """Directories with these names cannot be listed (root lists anything, so the refusal is made here)."""
    real_scandir = os.scandir

    def denying_scandir(path: Any = ".") -> Any:
        if os.path.basename(os.fspath(path)) in names:
            raise PermissionError(13, "Permission denied", path)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", denying_scandir)


def test_every_directory_that_cannot_be_listed_is_passed_on_in_walk_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An unlistable directory is yielded as a path of its own (the loader reports it, exit 2), in its place in the
    # sorted walk: two in a row keep their order, and the last directory of the walk is not lost when no listed
    # directory follows it.
    touch(tmp_path, "a/x.json", "b/y.json", "c/r.json", "d/z.json")
    monkeypatch.chdir(tmp_path)
    deny_listing(monkeypatch, "a", "b", "d")
    assert list(expand(["."], ["*.json"], [], tmp_path)) == ["./a", "./b", "./c/r.json", "./d"]
    assert list(expand(["d"], ["*.json"], [], tmp_path)) == ["d"]


def test_a_run_reports_the_last_directory_of_a_walk_that_cannot_be_listed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    touch(tmp_path, "a/r.json", "z/s.json")
    monkeypatch.chdir(tmp_path)
    deny_listing(monkeypatch, "z")
    code, report = run_json("--select", "parse-error", ".")
    assert code == 2
    assert [(d["file"], d["rule"], d["code"], d["message"]) for d in report["diagnostics"]] == [
        ("./z", "io-error", "IL006", "cannot read the directory: permission denied")
    ]
    assert report["summary"]["files"] == 2


_GLOB_PARTS = st.sampled_from(["a", "b", "*", "**/", "?", "[ab]", "[!a]", ".", "/", "json", "x.json", "(", "\\", "|"])
_NAME_PARTS = st.sampled_from(["a", "b", "ab", ".", "json", "x", "/", "(", "|", "\n"])


@given(
    st.lists(st.lists(_GLOB_PARTS, min_size=1, max_size=5).map("".join), max_size=5),
    st.lists(_NAME_PARTS, min_size=1, max_size=5).map("".join),
)
@example(["*.json", "*.yaml"], "a.json")
@example(["a|b"], "a")  # an alternation bar in a glob is a literal, not a second pattern
@example(["(a"], "(a")
def test_the_joined_globs_match_as_fnmatch_does_one_by_one(patterns: list[str], text: str) -> None:
    """A walk matches each name against each list of globs as one expression; it must decide as fnmatchcase does
    for each glob (and each of its zero-directory variants) in turn."""
    globs = Globs.of(patterns)
    one_by_one = any(fnmatch.fnmatchcase(text, glob) for glob in globs.names)
    assert globs.match(text, None) == one_by_one
    either = one_by_one or any(fnmatch.fnmatchcase(text, glob) for glob in globs.anchored)
    assert globs.match(text, text) == either
