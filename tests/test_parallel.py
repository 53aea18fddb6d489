"""Worker processes: the same report, in the same order, as a sequential run; automatic only for large runs."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from benchmarks.corpus import generate
from incidentlint import parallel
from tests.helpers import EXAMPLE, run_cli


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """150 generated records (a tenth with violations), plus a copy of one record under another name so the
    repository-wide duplicate-id rule has something to find across chunks."""
    directory = tmp_path_factory.mktemp("corpus")
    generate(directory, 150, seed=11)
    twin = directory / "zz-twin.json"
    shutil.copy(EXAMPLE, twin)
    shutil.copy(EXAMPLE, directory / "aa-twin.json")
    return sorted(directory.iterdir())


@pytest.mark.skipif(not parallel.can_fork(), reason="worker processes need fork (Linux and the BSDs)")
@pytest.mark.parametrize("fmt", ["json", "full"])
def test_workers_give_the_same_report_as_one_process(corpus: list[Path], fmt: str) -> None:
    args = ["--format", fmt, "--color", "never", *map(str, corpus)]
    sequential = run_cli("--jobs", "1", *args)
    assert sequential[0] == 1
    if fmt == "json":
        report = json.loads(sequential[1])
        rules = {d["rule"] for d in report["diagnostics"]}
        assert "schema" in rules and "duplicate-incident-id" in rules  # record and repository rules both fired
    assert run_cli("--jobs", "2", *args) == sequential
    assert run_cli("--jobs", "3", *args) == sequential
    assert run_cli(*args) == sequential  # automatic: 152 files is above the threshold


def test_automatic_jobs_stay_sequential_for_small_runs() -> None:
    assert parallel.choose_jobs(None, 1) == 1
    assert parallel.choose_jobs(0, parallel.AUTO_MIN_FILES - 1) == 1
    assert parallel.choose_jobs(None, 10_000) == parallel.available_cpus()


def test_explicit_jobs_are_capped_by_the_work() -> None:
    assert parallel.choose_jobs(1, 10_000) == 1
    assert parallel.choose_jobs(8, 10_000) == 8
    assert parallel.choose_jobs(8, 3) == 1  # one chunk of work: a second worker would sit idle
    assert parallel.choose_jobs(8, parallel.CHUNK * 2 + 1) == 3


def test_standard_input_is_read_in_this_process(monkeypatch: pytest.MonkeyPatch, corpus: list[Path]) -> None:
    import io
    import sys

    text = EXAMPLE.read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text)))
    files = [str(p) for p in corpus if p.suffix == ".json"][:130]
    code, out, err = run_cli("--jobs", "2", "--format", "json", "--stdin-filename", "piped.json", "-", *files)
    assert code == 1
    assert err == ""
    names = {d["file"] for d in json.loads(out)["diagnostics"]}
    assert "piped.json" in names  # the piped copy shares its id with the twins: a repository finding lands on it


def test_jobs_must_not_be_negative() -> None:
    code, _, err = run_cli("--jobs", "-1", str(EXAMPLE))
    assert code == 2
    assert "-1 is not in the range x>=0" in err


def _fix_with_one_and_two_jobs(
    corpus: list[Path], tmp_path: Path, broken: list[str]
) -> list[tuple[int, str, str, dict[str, bytes]]]:
    """Copies of the corpus with ``broken`` given a duration that disagrees with the timestamps (duration-mismatch
    can fix it), each fixed with --jobs 1 and --jobs 2: (exit code, report, stderr, every file's bytes) per run."""
    outputs = []
    for jobs in ("1", "2"):
        copy = tmp_path / f"jobs{jobs}"
        copy.mkdir()
        for path in corpus:
            shutil.copy(path, copy / path.name)
        for name in broken:
            data = json.loads((copy / name).read_text("utf-8"))
            data["duration"] = "13h 7m"
            (copy / name).write_text(json.dumps(data, indent=2), "utf-8")
        code, out, err = run_cli("--fix", "--unsafe-fixes", "--jobs", jobs, "--format", "concise", str(copy))
        texts = {path.name: path.read_bytes() for path in sorted(copy.iterdir())}
        outputs.append((code, out.replace(str(copy), "<dir>"), err, texts))
    return outputs


@pytest.mark.skipif(not parallel.can_fork(), reason="worker processes need fork (Linux and the BSDs)")
def test_fixes_applied_by_workers_match_a_sequential_fix(corpus: list[Path], tmp_path: Path) -> None:
    """--fix in worker processes rewrites the same files the same way, and reports the same."""
    broken = [path.name for path in corpus if path.suffix == ".json" and path.name.startswith("INC-")][:40:10]
    outputs = _fix_with_one_and_two_jobs(corpus, tmp_path, broken)
    assert outputs[0] == outputs[1]
    assert len(broken) == 4
    fixed = {name for name in broken if json.loads(outputs[0][3][name])["duration"] != "13h 7m"}
    assert fixed == set(broken)  # the comparison covers files the workers rewrote


# -- spawned workers (macOS and Windows, where incidentlint does not fork); forced here with the start method --

PLUGIN_PACK = Path(__file__).parent / "fixtures" / "plugin_pack" / "acme_incident_rules" / "__init__.py"


@pytest.fixture
def spawning(monkeypatch: pytest.MonkeyPatch) -> list[str | None]:
    """Force the spawn start method; the list records each multiprocessing context a run asked for."""
    import multiprocessing

    asked: list[str | None] = []
    real = multiprocessing.get_context

    def recording(method: str | None = None) -> Any:
        asked.append(method)
        return real(method)

    monkeypatch.setattr(parallel, "start_method", lambda: "spawn")
    monkeypatch.setattr(multiprocessing, "get_context", recording)
    return asked


@pytest.mark.slow
def test_spawned_workers_give_the_same_report_as_one_process(
    corpus: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spawning: list[str | None]
) -> None:
    """Spawned workers build the linter again from the configuration: a local rule from rule-paths, a rule
    option and --now reach them, and the report (record and repository findings) is the sequential one."""
    (tmp_path / "acme.py").write_text(PLUGIN_PACK.read_text("utf-8"), "utf-8")
    (tmp_path / ".incidentlint.toml").write_text(
        'rule-paths = ["acme.py"]\n[options.runbook-link]\nprefix = "https://runbooks.example/"\n', "utf-8"
    )
    monkeypatch.chdir(tmp_path)
    args = ["--format", "json", "--now", "2023-06-01T00:00:00Z", *map(str, corpus)]
    code, out, err = run_cli("--jobs", "1", *args)
    assert (code, err) == (1, "")
    rules = {d["rule"] for d in json.loads(out)["diagnostics"]}
    assert {"runbook-link", "future-timestamp", "duplicate-incident-id", "schema"} <= rules
    assert "starting with https://runbooks.example/" in out
    assert spawning == []
    assert run_cli("--jobs", "2", *args) == (code, out, err)
    assert spawning == ["spawn"]


@pytest.mark.slow
def test_spawned_workers_apply_the_same_fixes(corpus: list[Path], tmp_path: Path, spawning: list[str | None]) -> None:
    broken = sorted(path.name for path in corpus if path.name.startswith("INC-") and path.suffix == ".json")[:30:10]
    outputs = _fix_with_one_and_two_jobs(corpus, tmp_path, broken)
    assert outputs[0] == outputs[1]
    assert {name for name in broken if json.loads(outputs[0][3][name])["duration"] != "13h 7m"} == set(broken)
    # Ours, plus whatever the generated corpus's own violations let --unsafe-fixes fix.
    summary = re.fullmatch(r"incidentlint: applied (\d+) fixes in (\d+) files\n", outputs[0][2])
    assert summary is not None and int(summary[1]) >= int(summary[2]) >= len(broken) == 3
    assert spawning == ["spawn"]  # the second run, with --jobs 2


def test_spawning_needs_more_files_before_it_starts_workers() -> None:
    assert parallel.choose_jobs(None, parallel.AUTO_MIN_FILES, "spawn") == 1
    assert parallel.choose_jobs(None, parallel.AUTO_MIN_FILES_SPAWN - 1, "spawn") == 1
    assert parallel.choose_jobs(None, 10_000, "spawn") == parallel.available_cpus()
    assert parallel.choose_jobs(2, 200, "spawn") == 2  # asked for: honoured


def test_without_a_recipe_spawning_runs_sequentially(corpus: list[Path], spawning: list[str | None]) -> None:
    """A Linter built by an API caller cannot be built again in a spawned worker: it runs in this process."""
    from incidentlint.config import Config
    from incidentlint.engine import Linter
    from incidentlint.registry import all_rules

    linter = Linter(Config(), all_rules())
    paths = [str(p) for p in corpus][:130]
    ticks: list[int] = []
    with parallel.runner(linter, paths, 2) as lint_all:
        results = lint_all(lambda: ticks.append(1))
    assert [r.path for r in results] == paths and len(ticks) == 130
    assert spawning == []  # no pool was started


@pytest.mark.slow
def test_a_spawned_worker_that_cannot_build_the_linter_stops_the_run(
    corpus: list[Path], tmp_path: Path, spawning: list[str | None]
) -> None:
    """A worker whose rules fail to load (here a rule file that is gone) must not be restarted forever by the
    pool: the first chunk reports why, and the CLI turns that into exit 3 with the reason."""
    from datetime import UTC, datetime

    from incidentlint.config import Config
    from incidentlint.engine import Linter
    from incidentlint.registry import all_rules

    missing = tmp_path / "gone.py"
    recipe = parallel.Recipe(Config(rule_paths=[missing]), datetime.now(UTC))
    linter = Linter(Config(), all_rules())
    reason = r"a worker process could not set up the rules: RuleLoadError: .*gone\.py"
    with (
        pytest.raises(RuntimeError, match=reason),
        parallel.runner(linter, [str(p) for p in corpus], 2, recipe=recipe) as lint_all,
    ):
        lint_all(lambda: None)
    assert spawning == ["spawn"]
