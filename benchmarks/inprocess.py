"""In-process cost per record: read + parse + validate + every default rule, against the read + json.loads floor.

Both loops run in the same process over the same files, interleaved and repeated, and the minimum of each is
kept: the minimum is the run least disturbed by other work on the machine, so the ratio stays stable on a busy
machine where absolute times do not.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from incidentlint.config import Config
from incidentlint.engine import Linter, batches
from incidentlint.registry import all_rules


@dataclass(frozen=True)
class PerRecord:
    """Microseconds per record for incidentlint's pipeline and for the floor, and their ratio."""

    records: int
    ours_us: float
    floor_us: float

    @property
    def ratio(self) -> float:
        return self.ours_us / self.floor_us


def floor_loop(paths: Sequence[str]) -> Callable[[], None]:
    """Read and parse with the fastest stdlib-level parser: json.loads, or libyaml's CSafeLoader for YAML."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    def run() -> None:
        for path in paths:
            with open(path, "rb") as handle:
                raw = handle.read()
            if path.endswith(".json"):
                json.loads(raw)
            else:
                yaml.load(raw, Loader=loader)

    return run


def lint_loop(paths: Sequence[str], linter: Linter) -> Callable[[], None]:
    """What a run does with the files, as the command line's single-process runner does it: in batches."""

    def run() -> None:
        for batch in batches(paths):
            for path, result in zip(batch, linter.lint_batch([(path, None) for path in batch]), strict=True):
                if result.diagnostics:
                    raise AssertionError(f"{path} is not clean: {result.diagnostics[0].message}")
        for summaries in linter.summaries.values():  # repository rules keep one summary per record; start afresh
            summaries.clear()

    return run


def _best(run: Callable[[], None]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def measure(paths: Sequence[Path], repeats: int = 7, linter: Linter | None = None) -> PerRecord:
    """Per-record cost over ``paths`` (clean records), the minimum over ``repeats`` interleaved rounds."""
    names = [str(path) for path in paths]
    linter = linter if linter is not None else Linter(Config(), all_rules())
    ours, floor = lint_loop(names, linter), floor_loop(names)
    ours()  # warm-up: compiles the validator's lazy parts, imports the YAML loader, fills the page cache
    floor()
    best_ours = best_floor = float("inf")
    for _ in range(repeats):
        best_ours = min(best_ours, _best(ours))
        best_floor = min(best_floor, _best(floor))
    count = len(names)
    return PerRecord(count, best_ours / count * 1e6, best_floor / count * 1e6)
