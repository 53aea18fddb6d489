"""The real pre-commit, using this checkout's ``.pre-commit-hooks.yaml``, on a throwaway repository of records."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.helpers import ROOT, position_of, reference

pytestmark = pytest.mark.slow

GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "test",
    "GIT_AUTHOR_EMAIL": "test@example.com",
    "GIT_COMMITTER_NAME": "test",
    "GIT_COMMITTER_EMAIL": "test@example.com",
}


def git(cwd: Path, *args: str, env: dict[str, str] | None = None) -> str:
    proc = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True)
    return proc.stdout.strip()


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """One PRE_COMMIT_HOME for the module, so the hook's environment is built once."""
    home = tmp_path_factory.mktemp("pre-commit-home")
    base = {key: value for key, value in os.environ.items() if not key.startswith(("GIT_", "PRE_COMMIT"))}
    return {**base, **GIT_IDENTITY, "PRE_COMMIT_HOME": str(home), "PIP_DISABLE_PIP_VERSION_CHECK": "1"}


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory, env: dict[str, str]) -> tuple[Path, str]:
    """This checkout's working tree (tracked and new files, as `pre-commit try-repo` would see it), committed to a
    scratch repository so pre-commit can clone a fixed revision of it."""
    snapshot = tmp_path_factory.mktemp("hook-repo")
    listed = git(ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard").split("\0")
    for name in listed:
        source = ROOT / name
        if name and source.is_file() and not source.is_symlink():
            target = snapshot / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    git(snapshot, "init", "-q", env=env)
    git(snapshot, "add", "-A", env=env)
    git(snapshot, "commit", "-q", "-m", "snapshot", env=env)
    return snapshot, git(snapshot, "rev-parse", "HEAD", env=env)


def record(number: int, **changes: Any) -> dict[str, Any]:
    return {**reference(), "incident_id": f"INC-2024-0315-{number:03d}", **changes}


@pytest.fixture
def records_repo(tmp_path: Path, hook_repo: tuple[Path, str], env: dict[str, str]) -> Iterator[Path]:
    """A postmortem repository with two good records (JSON and YAML) and pre-commit installed as its hook."""
    repo_path, rev = hook_repo
    git(tmp_path, "init", "-q", env=env)
    config = {
        "repos": [{"repo": str(repo_path), "rev": rev, "hooks": [{"id": "incidentlint", "files": "^incidents/"}]}]
    }
    (tmp_path / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), "utf-8")
    incidents = tmp_path / "incidents"
    incidents.mkdir()
    (incidents / "INC-2024-0315-001.json").write_text(json.dumps(record(1), indent=2), "utf-8")
    (incidents / "INC-2024-0315-002.yaml").write_text(yaml.safe_dump(record(2), sort_keys=False), "utf-8")
    (tmp_path / "notes.json").write_text('{"not": "an incident"}', "utf-8")  # outside files: never linted
    pre_commit(tmp_path, env, "install")
    yield tmp_path


def pre_commit(cwd: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )


def commit(cwd: Path, env: dict[str, str], message: str) -> subprocess.CompletedProcess[str]:
    git(cwd, "add", "-A", env=env)
    return subprocess.run(
        ["git", "commit", "-m", message], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )


def test_manifest_declares_the_hook() -> None:
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    assert hook["id"] == "incidentlint"
    assert (hook["language"], hook["entry"], hook["types_or"]) == (
        "python",
        "incidentlint --force-exclude",
        ["json", "yaml"],
    )
    assert hook["require_serial"] is True
    assert hook["description"]


def test_good_records_commit_and_a_bad_record_is_refused(records_repo: Path, env: dict[str, str]) -> None:
    good = commit(records_repo, env, "good records")
    assert good.returncode == 0, good.stdout + good.stderr
    assert re.search(r"^incidentlint\.+Passed$", good.stdout + good.stderr, re.MULTILINE)
    head = git(records_repo, "rev-parse", "HEAD", env=env)

    bad = record(3, severity="critical")
    text = json.dumps(bad, indent=2)
    (records_repo / "incidents" / "INC-2024-0315-003.json").write_text(text, "utf-8")
    refused = commit(records_repo, env, "bad record")
    assert refused.returncode == 1, refused.stdout + refused.stderr
    line, column = position_of(text, '"critical"')
    output = refused.stdout + refused.stderr
    assert re.search(r"^incidentlint\.+Failed$", output, re.MULTILINE) and "- exit code: 1" in output
    assert (
        f"incidents/INC-2024-0315-003.json:{line}:{column}: error[schema] "
        "severity must be one of sev1, sev2, sev3, sev4, sev5; got 'critical'"
    ) in output
    assert git(records_repo, "rev-parse", "HEAD", env=env) == head  # nothing was committed

    run_all = pre_commit(records_repo, env, "run", "--all-files")
    assert run_all.returncode == 1

    bad["severity"] = "sev2"
    (records_repo / "incidents" / "INC-2024-0315-003.json").write_text(json.dumps(bad, indent=2), "utf-8")
    fixed = commit(records_repo, env, "fixed record")
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert git(records_repo, "rev-parse", "HEAD", env=env) != head


def test_repository_wide_rules_see_the_whole_batch(records_repo: Path, env: dict[str, str]) -> None:
    """require_serial: one incidentlint process gets every staged record, so all of them can be compared.

    Nine files are more than pre-commit puts in one parallel batch (at least four a batch, split by CPU count);
    eight of them share an id, so only a single process sees each one clash with all seven others."""
    for number in range(3, 10):
        twin = record(1, title=f"Copy {number} of the template")
        (records_repo / "incidents" / f"copy-{number}.json").write_text(json.dumps(twin, indent=2), "utf-8")
    refused = commit(records_repo, env, "copied template")
    assert refused.returncode == 1, refused.stdout + refused.stderr
    output = refused.stdout + refused.stderr
    clashes = re.findall(r"error\[duplicate-incident-id\] incident_id INC-2024-0315-001 is also used by .*", output)
    assert len(clashes) == 8, output
    assert all(" and 4 more; " in clash for clash in clashes), clashes


def test_the_configured_exclude_applies_to_the_files_pre_commit_names(records_repo: Path, env: dict[str, str]) -> None:
    # pre-commit passes each staged file by name; without --force-exclude a draft would be linted and refused.
    (records_repo / ".incidentlint.toml").write_text('exclude = ["incidents/drafts"]\n', "utf-8")
    drafts = records_repo / "incidents" / "drafts"
    drafts.mkdir()
    (drafts / "next.json").write_text(json.dumps(record(7, severity="TBD")), "utf-8")
    done = commit(records_repo, env, "a draft")
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"^incidentlint\.+Passed$", done.stdout + done.stderr, re.MULTILINE)
