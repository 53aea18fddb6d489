"""What each record rule adds to the in-process cost of a clean record, measured by leaving it out.

    python -m benchmarks.rulecost [--records N] [--rounds R]

The default pipeline (read, parse, validate, every default record rule) is timed over clean generated JSON
records, then again without each rule in turn and without any; a rule's cost is the full time minus the time
without it. Leaving one out, rather than timing it alone, keeps what the rules share (the timestamp cache) where
it falls in a real run. Each time is the minimum over ``R`` interleaved rounds, the least disturbed run on a busy
machine, but a rule's cost is a difference of two such times: on a shared machine it moves by a few us from run
to run, and a cheap rule can come out negative. The big costs, and the total, are what it is for.

It also prints each rule's check timed alone, over every record before the next rule, summed: the rules cost
less that way than run in turn on each record, as a lint runs them, switching between 25 functions for every
record.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks.corpus import generate
from benchmarks.inprocess import measure
from incidentlint.config import Config
from incidentlint.engine import Linter
from incidentlint.loader import load_path
from incidentlint.registry import all_rules


def costs(paths: Sequence[Path], rounds: int) -> tuple[float, float, float, dict[str, float]]:
    """(floor, full pipeline, pipeline without record rules, {rule: full minus without it}), in us per record."""
    linter = Linter(Config(), all_rules())
    plan = list(linter.plan)
    best: dict[str, float] = {}
    floor = float("inf")

    def keep(label: str, steps: list[Any] | None) -> None:
        nonlocal floor
        linter.plan = plan if steps is None else steps
        cost = measure(paths, repeats=3, linter=linter)
        best[label] = min(best.get(label, float("inf")), cost.ours_us)
        floor = min(floor, cost.floor_us)

    for _ in range(rounds):
        keep("", None)
        for index, step in enumerate(plan):
            keep(step[0], [*plan[:index], *plan[index + 1 :]])
        keep("-", [])
    linter.plan = plan
    full, bare = best.pop(""), best.pop("-")
    return floor, full, bare, {name: full - without for name, without in best.items()}


def alone(paths: Sequence[Path], rounds: int) -> float:
    """Each record rule's check (with its prefilter) timed over every parsed record before the next rule, the
    minimum of ``rounds``, summed over the rules: us per record."""
    linter = Linter(Config(), all_rules())
    documents = [load_path(str(path), None, linter.config.max_file_size, None).document for path in paths]
    records = [(document.data, document.text) for document in documents if document is not None]
    total = 0.0
    for _, _, check, options, prefilter in linter.plan:
        best = float("inf")
        for _ in range(rounds):
            start = time.perf_counter()
            for data, text in records:
                if prefilter is None or prefilter(text):
                    list(check(data, options))
            best = min(best, time.perf_counter() - start)
        total += best / len(records) * 1e6
    return total


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=300, help="clean JSON records to time")
    parser.add_argument("--rounds", type=int, default=6, help="interleaved rounds; the minimum is kept")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as directory:
        paths = generate(Path(directory), args.records * 10 // 9 + 1, seed=5, yaml_share=0.0)
        clean = [path for index, path in enumerate(paths) if index % 10 != 9][: args.records]
        floor, full, bare, each = costs(clean, args.rounds)
        apart = alone(clean, args.rounds)
    print(f"per clean JSON record, {len(clean)} records, minimum of {args.rounds} rounds:")
    print(f"- read + json.loads floor: {floor:.1f} us")
    print(f"- all default rules: {full:.1f} us ({full / floor:.2f}x the floor)")
    print(f"- no record rule: {bare:.1f} us ({bare / floor:.2f}x the floor)")
    print(f"- each rule timed alone over every record, summed: {apart:.1f} us")
    print(f"- the rules together: {full - bare:.1f} us; each, by leaving it out:")
    for name, cost in sorted(each.items(), key=lambda item: -item[1]):
        print(f"  {name:32s} {cost:6.1f} us")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
