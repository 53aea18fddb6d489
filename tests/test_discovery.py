"""incidentlint.discovery.expand: which files a directory walk yields for include and exclude globs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from incidentlint.discovery import expand


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
