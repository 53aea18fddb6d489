"""Lint many files in worker processes, with results, summaries and output order exactly as a sequential run.

Where the platform can fork (Linux, the BSDs), workers are forked from the configured
:class:`~incidentlint.engine.Linter`, so they start with the rules loaded and the validator compiled, and nothing
has to be pickled on the way in but file names. Elsewhere (macOS, whose system frameworks are not fork-safe, and
Windows, which has no fork) workers are spawned: each builds the same Linter from a :class:`Recipe` (the
configuration, the run's clock, and the fix mode), which costs a fresh interpreter and its imports, so only large
runs use them. Each worker takes a contiguous chunk of paths and sends back its
:class:`~incidentlint.engine.FileResult` objects plus the per-run state that lint_path accumulates
(repository-rule summaries, files with pending suppressions); the parent merges chunks in path order, so
repository-wide rules see records in the same order as without workers.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, redirect_stdout
from datetime import datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from incidentlint.config import Config
from incidentlint.engine import FileResult, Linter, batches
from incidentlint.ruleguard import unpicklable_summary

if TYPE_CHECKING:
    from incidentlint.baseline import Baseline

#: Below this many files, forking workers costs more than it saves (measured: ~15 ms to start two workers,
#: against ~0.3 ms per record).
AUTO_MIN_FILES = 120
#: The same for spawned workers, which each start an interpreter, import incidentlint and compile the schema:
#: about 0.2 s. Measured on Linux with the spawn start method forced, 2 cores: 1,000 files took 311 ms in one
#: process and 316 ms with two spawned workers; 3,000 files 940 ms and 658 ms.
AUTO_MIN_FILES_SPAWN = 1000
#: Paths per task: small enough to balance the load, large enough that pickling per task is negligible.
CHUNK = 48

_linter: Linter | None = None  # the worker's linter: inherited through fork, or built by _build after a spawn

ChunkResult = tuple[list[FileResult], dict[str, list[Any]], set[str], dict[str, tuple[str, Exception]]]


class Recipe(NamedTuple):
    """What a spawned worker needs to build the parent's Linter: the rules are loaded again from the
    configuration (built-in, entry points and rule-paths), and ``fix_unsafe`` is None without ``--fix``.

    A named tuple, not a dataclass: every run imports this module, and a frozen dataclass costs ~1 ms to create
    on Python 3.11 (its methods are compiled from generated source), a named tuple a fraction of that."""

    config: Config
    clock: datetime
    fix_unsafe: bool | None = None
    baseline: Baseline | None = None  # --baseline with --fix: what it hides is not fixed


def available_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on every platform
        return os.cpu_count() or 1


def can_fork() -> bool:
    # macOS has fork but its system frameworks are not fork-safe; Windows has none. os.fork is what
    # multiprocessing's "fork" method needs, and testing for it spares a one-file run importing multiprocessing.
    return sys.platform != "darwin" and hasattr(os, "fork")


def start_method() -> str:
    return "fork" if can_fork() else "spawn"


def choose_jobs(requested: int | None, files: int, method: str = "fork") -> int:
    """Worker count: ``requested`` (1 = no workers), or automatic (``None``/0) by file count and CPUs."""
    if requested is not None and requested > 0:
        wanted = requested
    elif files < (AUTO_MIN_FILES if method == "fork" else AUTO_MIN_FILES_SPAWN):
        return 1
    else:
        wanted = available_cpus()
    return max(1, min(wanted, -(-files // CHUNK)))  # no idle workers for a short list


_build_error: str | None = None  # why a spawned worker could not build its linter


def _build(recipe: Recipe) -> None:
    """A spawned worker's initializer: the parent's Linter, built again.

    It never raises: a Pool replaces a worker whose initializer fails, forever. The failure (a rule file removed
    since the parent loaded it, say) is kept and raised by the first chunk instead, which stops the run.
    """
    from incidentlint.registry import all_rules

    global _linter, _build_error
    try:
        linter = Linter(recipe.config, all_rules(recipe.config.rule_paths), recipe.clock)
        if recipe.fix_unsafe is not None:
            from incidentlint.fix import Fixer

            linter.fixer = Fixer(linter, unsafe=recipe.fix_unsafe, write=True, baseline=recipe.baseline)
    except Exception as error:
        _build_error = f"{type(error).__name__}: {error}"
        return
    _linter = linter


def _take_state(linter: Linter) -> tuple[dict[str, list[Any]], set[str]]:
    summaries = {name: list(items) for name, items in linter.summaries.items()}
    for items in linter.summaries.values():
        items.clear()
    pending: set[str] = getattr(linter, "pending", set())
    taken = set(pending)
    pending.clear()
    return summaries, taken


def _merge_state(
    linter: Linter, summaries: dict[str, list[Any]], pending: set[str], failed: dict[str, tuple[str, Exception]]
) -> None:
    for name, items in summaries.items():
        linter.summaries[name].extend(items)
    for name, failure in failed.items():
        linter.failed.setdefault(name, failure)  # chunks arrive in path order: the first record that failed
    target = getattr(linter, "pending", None)
    if isinstance(target, set):
        target.update(pending)


def _lint_chunk(paths: Sequence[str]) -> ChunkResult:
    linter = _linter
    if linter is None:
        raise RuntimeError(f"a worker process could not set up the rules: {_build_error or 'no linter'}")
    with redirect_stdout(sys.stderr):  # see runner()
        results = [result for batch in batches(paths) for result in linter.lint_batch([(p, None) for p in batch])]
    summaries, pending = _take_state(linter)
    # A summary that cannot be pickled would fail the whole chunk's way back (MaybeEncodingError), and the run.
    rules = linter.rules
    failed = {
        name: failure for name, items in summaries.items() if (failure := unpicklable_summary(rules[name], items))
    }
    for name in failed:
        summaries[name] = []
    return results, summaries, pending, failed


@contextmanager
def runner(
    linter: Linter,
    paths: Sequence[str],
    jobs: int | None,
    stdin_name: str | None = None,
    recipe: Recipe | None = None,
) -> Iterator[Callable[[Callable[[], None]], list[FileResult]]]:
    """Yield ``run(advance)``, which lints ``paths`` and returns their results in order; ``advance()`` is called
    once per file. ``stdin_name`` is the name reported for ``-``, which is always read in this process.
    Without fork, workers are spawned only when ``recipe`` says how to build ``linter`` again.

    The workers start when the context is entered, before any progress-bar thread exists: forking a process
    that has other threads running risks copying a held lock.

    While files are linted, here and in the workers, ``sys.stdout`` is ``sys.stderr``: a rule that prints must not
    corrupt a json or sarif report on standard output. The command line holds the real stdout from its start and
    writes the report there. Redirected once per run (or chunk), not per rule, which would cost in the hot loop.
    """
    method = start_method()
    workers = choose_jobs(jobs, len(paths), method)
    if workers > 1 and ("-" in paths or (method == "spawn" and recipe is None)):
        workers = 1
    if workers <= 1:

        def sequential(advance: Callable[[], None]) -> list[FileResult]:
            results = []
            with redirect_stdout(sys.stderr):
                for batch in batches(paths):
                    named = [(path, (stdin_name or "<stdin>") if path == "-" else path) for path in batch]
                    results.extend(linter.lint_batch(named))
                    for _ in batch:
                        advance()
            return results

        yield sequential
        return
    global _linter
    _linter = linter
    size = max(1, min(CHUNK, -(-len(paths) // (workers * 4))))
    chunks = [paths[start : start + size] for start in range(0, len(paths), size)]
    import multiprocessing

    context = multiprocessing.get_context(method)
    setup: tuple[Any, ...] = (_build, (recipe,)) if method == "spawn" else (None, ())
    try:
        with context.Pool(workers, *setup) as pool:

            def parallel(advance: Callable[[], None]) -> list[FileResult]:
                results: list[FileResult] = []
                for chunk_results, summaries, pending, failed in pool.imap(_lint_chunk, chunks):
                    results.extend(chunk_results)
                    _merge_state(linter, summaries, pending, failed)
                    for _ in chunk_results:
                        advance()
                return results

            yield parallel
    finally:
        _linter = None
