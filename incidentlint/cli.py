"""The ``incidentlint`` command: click parses options; :func:`main` holds the logic and returns the exit code."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

import click

from incidentlint import __version__
from incidentlint.config import Config, ConfigError, apply_flags, load_config
from incidentlint.diagnostics import Severity
from incidentlint.engine import FileResult, Linter, Outcome
from incidentlint.registry import RuleLoadError, all_rules
from incidentlint.schema import SchemaConfigError
from incidentlint.selection import catalogue, ignored_in_file
from incidentlint.textsafe import defuse, show_value, visible
from incidentlint.timeparse import impossible, parse_timestamp

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
BUG_HINT = "this is a bug in incidentlint; please report it with the command and the file that triggered it"


@dataclass
class RunOptions:
    """Everything the lint command was asked to do, after click has parsed it."""

    paths: tuple[str, ...] = ()
    format: str | None = None
    color: str = "auto"
    quiet: bool = False
    config: Path | None = None
    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    extend_select: list[str] = field(default_factory=list)
    fail_on: str | None = None
    now: str | None = None
    stdin_filename: str | None = None
    output_file: Path | None = None
    exit_zero: bool = False
    statistics: bool = False
    baseline: Path | None = None
    write_baseline: Path | None = None
    jobs: int | None = None
    fix: bool = False
    unsafe_fixes: bool = False
    diff: bool = False
    force_exclude: bool = False
    respect_gitignore: bool | None = None
    timing: bool = False
    show_files: bool = False


def _split(values: Sequence[str]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def configure(options: RunOptions, cwd: Path | None = None) -> Config:
    """The file configuration with the flags layered on top (applied after the file, so flags win)."""
    config = load_config(options.config, cwd)
    return apply_flags(
        config, options.select, options.ignore, options.extend_select, options.fail_on, options.respect_gitignore
    )


def exit_code(results: Sequence[FileResult], fail_on: Severity) -> int:
    code = EXIT_CLEAN
    for result in results:
        for d in result.diagnostics:
            if d.rule == "internal-error":
                code = max(code, EXIT_INTERNAL)
            elif d.rule == "io-error":
                code = max(code, EXIT_USAGE)
            elif d.severity >= fail_on:
                code = max(code, EXIT_FINDINGS)
    return code


def rule_ran(linter: Linter) -> Callable[[str, str], bool]:
    """Whether a rule ran on a file of this run: enabled, and not switched off there by per-file-ignores."""
    ignored: dict[str, set[str]] = {}

    def ran(path: str, rule: str) -> bool:
        if rule not in linter.checks:
            return False
        if path not in ignored:
            ignored[path] = ignored_in_file(path, linter.config, linter.rules)
        return rule not in ignored[path]

    return ran


def run(options: RunOptions, stdout: TextIO, stderr: TextIO) -> int:
    """Lint the paths and report; returns the exit code."""
    from incidentlint import parallel, progress
    from incidentlint.discovery import Globs, excluded, expand
    from incidentlint.reporters import output
    from incidentlint.reporters.base import ReportContext

    now = None
    if options.now is not None:
        now = parse_timestamp(options.now)
        if now is None:
            unreal = impossible(options.now)
            if unreal is not None:
                raise ConfigError(f"--now {show_value(options.now)} is not a real date and time: {unreal}")
            # Worded as the schema's date-time message is: the shape, and that Z is UTC, not the standard's name.
            raise ConfigError(
                "--now must be a date and time with a time zone offset, like 2024-03-15T14:30:00Z (Z is UTC) or "
                f"2024-03-15T16:30:00+02:00; got {show_value(options.now)}"
            )
    for given, flag in ((options.output_file, "--output-file"), (options.write_baseline, "--write-baseline")):
        if options.diff and given is not None:  # else a CI job would pick up the file an earlier run left
            raise ConfigError(f"--diff only prints a patch, so {flag} would write nothing; run it without --diff")
    config = configure(options)
    for note in config.notes:
        stderr.write(f"incidentlint: warning: {defuse(note)}\n")
    rules = all_rules(config.rule_paths)
    linter = Linter(config, rules, now)
    plan = output.plan(options.format, options.output_file, os.environ)
    if not options.paths:
        raise ConfigError("no paths given; try 'incidentlint examples/' or 'incidentlint --help'")
    # The baseline module only for a run that names a baseline: a pre-commit run without one need not import it.
    with_baseline = options.baseline is not None or options.write_baseline is not None
    baseline = None
    if with_baseline:
        from incidentlint.baseline import prepare

        baseline = prepare(options.baseline, options.write_baseline)
    if baseline is not None:  # an entry may name its rule by code, as suppressions and --select may
        baseline = baseline.named({code: name for name, (code, _) in catalogue(rules).items()})
    force_exclude = options.force_exclude or config.force_exclude
    root = os.path.abspath(config.base) if config.base is not None else os.getcwd()

    def excluded_name(name: str) -> bool:
        return excluded(name, Globs.of(config.exclude), root)

    # The run's own outputs (a baseline, a JSON report) may sit among the records: never lint them as records.
    outputs = {os.path.abspath(p) for p in (options.baseline, options.write_baseline, options.output_file) if p}
    paths = [
        p
        for p in expand(
            options.paths, config.include, config.exclude, config.base, force_exclude, config.respect_gitignore
        )
        if not (outputs and os.path.abspath(p) in outputs)
        # standard input is excluded by the name it is given, as an editor or pre-commit would have named the file
        and not (p == "-" and force_exclude and options.stdin_filename and excluded_name(options.stdin_filename))
    ]
    paths = once_each(paths)
    if options.show_files:  # what a walk found, after include, exclude and .gitignore: nothing is read
        return show_files(paths, options.stdin_filename, stdout, stderr)
    fixer = None
    if options.fix or options.diff or options.unsafe_fixes:  # the fixer pulls in the YAML editor: only on request
        from incidentlint.fix import make_fixer

        fixer = make_fixer(
            linter, fix=options.fix, diff=options.diff, unsafe=options.unsafe_fixes, paths=paths, baseline=baseline
        )
    times = None
    if options.timing:
        from incidentlint.timing import install

        times = install(linter)
    show = progress.wanted(len(paths), stderr, quiet=options.quiet, machine_stdout=plan.machine_stdout)
    with (
        # --diff collects the patches in this process, so it lints without workers.
        parallel.runner(
            linter,
            paths,
            1 if options.diff or options.timing else options.jobs,
            options.stdin_filename,
            parallel.Recipe(config, linter.clock, options.unsafe_fixes if fixer is not None else None, baseline),
        ) as lint_all,
        progress.bar(len(paths), progress.console_for(stderr, options.color) if show else None) as advance,
    ):
        results: list[FileResult] = lint_all(advance)
    extra = linter.repository_results([r.path for r in results])
    if extra:
        by_path = {r.path: r for r in results}
        for item in extra:
            target = by_path.get(item.path)
            if target is not None:
                target.diagnostics = sorted([*target.diagnostics, *item.diagnostics], key=lambda d: d.sort_key())
                target.source_lines.update(item.source_lines)
    if fixer is not None and options.diff:
        from incidentlint.fix import report_diff

        code = report_diff(fixer, results, stdout, stderr, options.quiet)
        return EXIT_CLEAN if options.exit_zero and code == EXIT_FINDINGS else code  # as for --fix below
    if with_baseline:
        from incidentlint.baseline import apply_options

        outcome, written = apply_options(
            results, baseline, options.write_baseline, rule_ran(linter), linter.repository_names
        )
    else:
        outcome, written = Outcome(results=list(results)), None
    context = ReportContext(rules=dict(rules), color=options.color, quiet=options.quiet, fail_on=config.fail_on)
    code = exit_code(outcome.results, config.fail_on)
    unechoed = False
    if fixer is not None and fixer.echoing:
        # --fix -: the record, fixed, is the output, for an editor to put back; the report goes to stderr, and
        # the exit code says what remains (no file changed behind anyone's back, so a fix alone fails nothing).
        # Input that was not read whole (over max-file-size) cannot be given back: nothing is printed, and the
        # run fails with 2 even under --exit-zero, so that an editor never takes the empty output for the record.
        unechoed = fixer.echo is None
        if not unechoed:
            _echo(fixer.echo or b"", stdout)
        stdout = stderr
    elif any(result.fixes_applied for result in results):
        code = max(code, EXIT_FINDINGS)  # pre-commit convention: a run that changed files fails, for review
    try:
        output.emit(
            plan,
            outcome,
            context,
            stdout,
            stderr,
            statistics=options.statistics,
            written=written,
            write_path=options.write_baseline,
        )
    except BrokenPipeError:
        # The reader went away (`incidentlint ... | head`). Every file was linted before the report began, so the
        # verdict is known: stop writing, say nothing, and exit with it (a pipeline with pipefail sees it).
        _reader_gone(stdout)
    if times is not None:
        times.report(len(results), stderr)
    if unechoed:
        stderr.write("incidentlint: error: standard input could not be read whole, so --fix printed nothing back\n")
        return EXIT_USAGE
    return EXIT_CLEAN if options.exit_zero and code == EXIT_FINDINGS else code


def _echo(raw: bytes, stdout: TextIO) -> None:
    """Write ``raw``, a record's bytes, on ``stdout`` as they are (its encoding, BOM and line endings kept)."""
    binary = getattr(stdout, "buffer", None)
    if binary is not None:
        stdout.flush()
        binary.write(raw)
        binary.flush()
    else:  # an in-memory stream (tests, an embedding program)
        stdout.write(raw.decode("utf-8", "surrogateescape"))


def _reader_gone(stdout: TextIO) -> None:
    """Point the process's stdout at /dev/null, so that the interpreter's final flush cannot fail again."""
    if stdout is not sys.stdout:
        return
    try:
        fileno = stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fileno)
    os.close(devnull)


@click.command(
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog="Subcommands: 'incidentlint rules' lists the rules; 'incidentlint explain RULE' documents one. "
    "Exit codes: 0 no finding at --fail-on (warnings alone pass by default), 1 findings, "
    "2 usage/config/unreadable path, 3 internal error.",
)
# readable=False: click would stop the whole run at an unreadable path; the loader reports it as an io-error on
# that path and checks the others.
@click.argument("paths", nargs=-1, type=click.Path(path_type=str, readable=False))
@click.option(
    "--format",
    "fmt",
    default=None,
    metavar="FORMAT",
    help="Output format: full (default), concise, json, github, azure, sarif, junit, gitlab or rdjson.",
)
@click.option(
    "--color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour in human output (NO_COLOR and FORCE_COLOR are honoured).",
)
@click.option("-q", "--quiet", is_flag=True, help="Print diagnostics only: no summary.")
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Config file to use instead of the nearest one.",
)
@click.option(
    "--select",
    multiple=True,
    metavar="RULES",
    help="Only run these rules (names, codes or code prefixes; comma-separated).",
)
@click.option("--ignore", multiple=True, metavar="RULES", help="Do not run these rules.")
@click.option(
    "--extend-select", multiple=True, metavar="RULES", help="Run these rules in addition to the selected ones."
)
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info"]),
    default=None,
    help="Lowest severity that fails the run (default: error).",
)
@click.option(
    "--now",
    default=None,
    metavar="TIMESTAMP",
    help="Treat this date and time (like 2024-03-15T14:30:00Z) as the current time (reproducible CI).",
)
@click.option(
    "--stdin-filename",
    default=None,
    metavar="NAME",
    help="Name to report for '-' (standard input); its suffix picks the format.",
)
@click.option(
    "--output-file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the --format report to this file; the terminal still gets the human report.",
)
@click.option(
    "--exit-zero",
    is_flag=True,
    help="Exit 0 even when findings fail the run (usage errors and unreadable paths still exit 2, internal errors 3).",
)
@click.option("--statistics", is_flag=True, help="Show how many findings each rule produced, as a table.")
@click.option(
    "--show-files",
    is_flag=True,
    help="Print the files that would be linted, one a line, and exit (after include, exclude and .gitignore).",
)
@click.option(
    "--timing",
    is_flag=True,
    help="Show how long each rule took, slowest first, on stderr (lints without worker processes).",
)
@click.option(
    "--baseline",
    "baseline_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Hide the findings listed in this baseline file.",
)
@click.option(
    "--write-baseline",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Record this run's findings in a baseline file (with --baseline on the same file: drop stale entries).",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=0),
    default=None,
    metavar="N",
    help="Worker processes: 1 for none; default (or 0) is one per CPU for large runs, none for small ones.",
)
@click.option(
    "--fix",
    is_flag=True,
    help="Apply safe fixes to the files, then report what remains ('-' alone: print the fixed record on stdout, "
    "the report on stderr).",
)
@click.option(
    "--unsafe-fixes",
    is_flag=True,
    help="With --fix or --diff, also apply unsafe fixes (reordering entries, removing duplicates).",
)
@click.option("--diff", is_flag=True, help="Print the fixes --fix would apply as a unified diff; change nothing.")
@click.option(
    "--force-exclude",
    is_flag=True,
    help="Apply the configured exclude to files named on the command line too (as pre-commit names them).",
)
@click.option(
    "--respect-gitignore/--no-respect-gitignore",
    default=None,
    help="Skip files git ignores when walking directories (default: on).",
)
@click.version_option(__version__, "--version", prog_name="incidentlint")
def lint_command(
    paths: tuple[str, ...],
    fmt: str | None,
    color: str,
    quiet: bool,
    config_path: Path | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    extend_select: tuple[str, ...],
    fail_on: str | None,
    now: str | None,
    stdin_filename: str | None,
    output_file: Path | None,
    exit_zero: bool,
    statistics: bool,
    baseline_path: Path | None,
    write_baseline: Path | None,
    jobs: int | None,
    fix: bool,
    unsafe_fixes: bool,
    diff: bool,
    force_exclude: bool,
    respect_gitignore: bool | None,
    timing: bool,
    show_files: bool,
) -> RunOptions:
    """Lint incident records (JSON or YAML). PATHS are files or directories ('-' reads standard input)."""
    return RunOptions(
        paths=paths,
        format=fmt,
        color=color,
        quiet=quiet,
        config=config_path,
        select=_split(select) if select else None,
        ignore=_split(ignore),
        extend_select=_split(extend_select),
        fail_on=fail_on,
        now=now,
        stdin_filename=stdin_filename,
        output_file=output_file,
        exit_zero=exit_zero,
        statistics=statistics,
        baseline=baseline_path,
        write_baseline=write_baseline,
        jobs=jobs,
        fix=fix,
        unsafe_fixes=unsafe_fixes,
        diff=diff,
        force_exclude=force_exclude,
        respect_gitignore=respect_gitignore,
        timing=timing,
        show_files=show_files,
    )


def once_each(paths: Sequence[str]) -> list[str]:
    """``paths`` without a second path to a file already listed (``a.json ./a.json``, a file and its directory, a
    symlink and its target): linted twice, a record would be its own duplicate incident id, and every report would
    list its findings twice. The first path named is the one reported. Standard input is always kept."""
    seen: set[str] = set()
    kept: list[str] = []
    folders: dict[str, str] = {}
    for path in paths:
        if path != "-":
            try:
                key = _resolved(path, folders)
            except (OSError, ValueError):  # a name the OS cannot resolve: the loader reports it
                key = path
            if key in seen:
                continue
            seen.add(key)
        kept.append(path)
    return kept


def _resolved(path: str, folders: dict[str, str]) -> str:
    """``os.path.realpath(path)``, resolving each folder once: a walk yields thousands of files from a few folders,
    and realpath examines every component of every path (~8 us a file, 80 ms for 10,000). A file's own name
    only needs resolving when it is a link."""
    folder, name = os.path.split(path)
    if name in ("", ".", "..") or os.path.islink(path):
        return os.path.realpath(path)
    real = folders.get(folder)
    if real is None:
        real = folders[folder] = os.path.realpath(folder or os.curdir)
    return os.path.join(real, name)


def show_files(paths: Sequence[str], stdin_filename: str | None, stdout: TextIO, stderr: TextIO) -> int:
    """``--show-files``: the files a run would lint, one a line, none of them read.

    A named path that does not exist is not listed (a script piping the list would trip on it) but named on
    stderr, with exit 2, the code a run would end with for it: a typo in a hook's ``files`` or a CI step's path
    must not look like a file that lints clean."""
    missing = 0
    for path in paths:  # a file name is data: it must not become a CI runner's command in the log
        if path != "-" and not os.path.exists(path):
            missing += 1
            stderr.write(
                f"incidentlint: {defuse(visible(path))}: cannot read the file: it does not exist (or is a broken "
                "link); a run would report it as io-error\n"
            )
            continue
        stdout.write(defuse(visible(stdin_filename or "<stdin>") if path == "-" else visible(path)))
        stdout.write("\n")
    return 2 if missing else 0


def _error(stderr: TextIO, message: str) -> None:
    stderr.write(f"incidentlint: error: {defuse(visible(message))}\n")


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """Run the command line; returns the exit code instead of exiting, so tests can call it in-process."""
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        if args and args[0] in ("rules", "explain"):
            from incidentlint.commands import run_subcommand

            return run_subcommand(args[0], args[1:], stdout, stderr)
        try:
            options = lint_command.main(args, prog_name="incidentlint", standalone_mode=False)
        except click.exceptions.Exit as done:
            return int(done.exit_code)
        except click.ClickException as error:
            stderr.write(defuse(visible(error.format_message())) if not isinstance(error, click.UsageError) else "")
            if isinstance(error, click.UsageError):
                ctx = error.ctx
                if ctx is not None:
                    stderr.write(ctx.get_usage() + "\n")
                stderr.write(
                    f"Try 'incidentlint --help' for help.\n\nincidentlint: error: "
                    f"{defuse(visible(error.format_message()))}\n"
                )
            return EXIT_USAGE
        except click.exceptions.Abort:
            return 130
        if not isinstance(options, RunOptions):  # --help and --version print and return None
            return EXIT_CLEAN
        for path in options.paths:
            if path in ("rules", "explain") and not os.path.lexists(path):
                # 'incidentlint --config c.toml rules' read as a file named rules: say how to write it instead.
                raise ConfigError(
                    f"'{path}' is a subcommand, and a subcommand comes first: 'incidentlint {path} --config FILE' "
                    "(there is no file or directory by that name to lint)"
                )
        return run(options, stdout, stderr)
    except (ConfigError, RuleLoadError, SchemaConfigError) as error:
        _error(stderr, str(error))
        return EXIT_USAGE
    except KeyboardInterrupt:
        stderr.write("incidentlint: interrupted\n")
        return 130
    except BrokenPipeError:
        # The reader went away (`| head`) outside a lint report (run() keeps the verdict there): stop quietly.
        _reader_gone(stdout)
        return EXIT_FINDINGS
    except Exception as error:  # the last line of defence: no traceback reaches the user
        detail = defuse(visible(str(error))[:300])
        stderr.write(f"incidentlint: internal error: {visible(type(error).__name__)}: {detail}\n")
        stderr.write(f"incidentlint: {BUG_HINT}\n")
        return EXIT_INTERNAL


def entry() -> None:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    raise SystemExit(main())
