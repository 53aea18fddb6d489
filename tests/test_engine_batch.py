"""Linter.lint_batch: files linted together, each built-in rule over the whole batch before the next, with the
results lint_path gives one file at a time."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from incidentlint import engine
from incidentlint.config import Config
from incidentlint.engine import BATCH, FileResult, Linter, batches
from incidentlint.registry import all_rules
from tests.helpers import EXAMPLE, reference


def _write(directory: Path, name: str, data: Any) -> str:
    path = directory / name
    path.write_text(data if isinstance(data, str) else json.dumps(data, indent=2), "utf-8")
    return str(path)


def _mixed(directory: Path) -> list[str]:
    """A batch of every kind of file: clean, rule findings, schema errors, YAML, broken syntax, a list, missing."""
    late = reference()
    late["duration"] = "3h"
    late["technical_details"]["root_cause"] = "TBD"
    bad = reference()
    bad["severity"] = "critical"
    del bad["title"]
    return [
        _write(directory, "clean.json", reference()),
        _write(directory, "late.json", late),
        _write(directory, "bad.json", bad),
        _write(directory, "broken.json", '{"title": "x",\n'),
        _write(directory, "list.json", [1, 2]),
        str(directory / "missing.json"),
        str(EXAMPLE.parent / "INC-2024-0402-002.yaml"),
        _write(directory, "late-again.json", late),
    ]


def _shown(results: list[FileResult]) -> list[tuple[str, list[tuple[Any, ...]]]]:
    return [
        (r.path, [(d.rule, d.line, d.column, d.end_line, d.end_column, d.message, d.value_hash) for d in r.diagnostics])
        for r in results
    ]


def test_a_batch_gives_what_each_file_gives_alone(tmp_path: Path) -> None:
    paths = _mixed(tmp_path)
    alone = [Linter(Config(), all_rules()).lint_path(path) for path in paths]
    together = Linter(Config(), all_rules()).lint_batch([(path, None) for path in paths])
    assert _shown(together) == _shown(alone)
    rules = {d.rule for r in together for d in r.diagnostics}
    # The batch really holds findings of each kind, so the comparison means something.
    assert {"duration-mismatch", "placeholder-text", "schema", "parse-error", "io-error"} <= rules


@pytest.mark.parametrize("budget", [engine.BATCH_BYTES, 1])
def test_each_rule_runs_over_the_whole_batch_before_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, budget: int
) -> None:
    """...unless the records read hold more text than the budget: then each is finished before the next is read,
    so large files are never held together (with a budget of 1 byte, every record goes alone)."""
    monkeypatch.setattr(engine, "BATCH_BYTES", budget)
    paths = [_write(tmp_path, f"r{n}.json", reference()) for n in range(3)]
    linter = Linter(Config(), all_rules())
    order: list[tuple[str, str]] = []
    for index, (name, rule, check, options, _) in enumerate(linter.plan[:2]):

        def spy(record: Any, options: Any, name: str = name, check: Any = check) -> Any:
            order.append((name, record["incident_id"]))
            return check(record, options)

        linter.plan[index] = (name, rule, spy, options, None)
    linter.lint_batch([(path, None) for path in paths])
    first, second = linter.plan[0][0], linter.plan[1][0]
    if budget > 1:
        assert [name for name, _ in order] == [first] * 3 + [second] * 3
    else:
        assert [name for name, _ in order] == [first, second] * 3


def test_a_rule_that_crashes_on_one_record_of_a_batch_is_that_records_internal_error(
    tmp_path: Path,
) -> None:
    paths = [_write(tmp_path, f"r{n}.json", {**reference(), "title": f"Checkout down {n}"}) for n in range(3)]
    linter = Linter(Config(), all_rules())
    name, rule, check, options, prefilter = linter.plan[0]

    def fragile(record: Any, options: Any) -> Any:
        if record["title"].endswith("1"):
            raise RuntimeError("kaput")
        return check(record, options)

    linter.plan[0] = (name, rule, fragile, options, prefilter)
    results = linter.lint_batch([(path, None) for path in paths])
    assert [[d.rule for d in r.diagnostics] for r in results] == [[], ["internal-error"], []]
    assert "RuntimeError: kaput" in results[1].diagnostics[0].message


def test_a_file_whose_loading_crashes_is_its_own_internal_error_and_the_batch_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = [_write(tmp_path, f"r{n}.json", reference()) for n in range(3)]
    from incidentlint.loader import load_path as real  # what the engine calls, under that name

    def load_path(path: str, *args: Any) -> Any:
        if path.endswith("r1.json"):
            raise MemoryError("out of memory")
        return real(path, *args)

    monkeypatch.setattr(engine, "load_path", load_path)
    results = Linter(Config(), all_rules()).lint_batch([(path, f"shown{n}.json") for n, path in enumerate(paths)])
    assert [(r.path, [d.rule for d in r.diagnostics]) for r in results] == [
        ("shown0.json", []),
        ("shown1.json", ["internal-error"]),
        ("shown2.json", []),
    ]
    assert (
        results[1]
        .diagnostics[0]
        .message.startswith(
            "incidentlint crashed while checking this file: MemoryError: out of memory; the other files were still "
            "checked."
        )
    )


def test_no_finding_is_kept_once_the_batch_is_done(tmp_path: Path) -> None:
    """The batch's findings are held only while it is linted: a document linted again later (--fix parses the
    fixed text into a new one) is checked afresh, and the memory they held is let go."""
    paths = [_write(tmp_path, f"r{n}.json", reference()) for n in range(3)]
    linter = Linter(Config(), all_rules())
    linter.lint_batch([(path, None) for path in paths])
    assert linter._ahead == {}


def test_batches_cover_every_path_once_in_order() -> None:
    paths = [f"{n}.json" for n in range(2 * BATCH + 3)]
    groups = list(batches(paths))
    assert [len(group) for group in groups] == [BATCH, BATCH, 3]
    assert [path for group in groups for path in group] == paths


def test_batches_of_hostile_files_give_what_each_gives_alone() -> None:
    """Every hostile fixture (broken syntax, encodings, limits, hidden characters), shuffled into batches: the
    same diagnostics, file by file, as linting each alone."""
    hostile = sorted(str(path) for path in (Path(__file__).parent / "fixtures" / "hostile").iterdir() if path.is_file())
    assert len(hostile) > 40
    paths = hostile[1::2] + hostile[::2]  # mixed, so each batch holds different kinds
    alone = [Linter(Config(), all_rules()).lint_path(path) for path in paths]
    linter = Linter(Config(), all_rules())
    together = [result for batch in batches(paths) for result in linter.lint_batch([(path, None) for path in batch])]
    assert _shown(together) == _shown(alone)
