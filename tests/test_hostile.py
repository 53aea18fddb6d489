"""One test per row of the hostile-input checklist (shared/docs/hostile-inputs.md, section 8) that concerns the core.

Every test runs the real command line (in-process through ``main``, or the console script in a subprocess where a
real pipe, FIFO or strict stdout matters) on the hostile file *and* on ``canary.yaml``, a good record whose only
finding is one YAML 1.1 warning at a known place. Each asserts (a) no traceback, (b) the exact rule, 1-based
line:col and message, (c) the exit code, and (d) that the canary was still checked (its warning is reported).

Small fixtures are real files in tests/fixtures/hostile/; huge or odd ones (200,000-deep arrays, 5 MiB files, FIFOs,
unreadable files, file names with ESC, newlines, bidi controls or non-UTF-8 bytes) are made in tmp_path.

Rows covered elsewhere: H2 (autofix on links and modes), H3 (concurrent edit during autofix) and H4 (autofix output
re-parsed and idempotent) belong to the autofix issue (#6, tests/test_fix_*.py); H5 (pre-commit batches) and G4/G5
(GitHub annotation and JUnit escaping) belong to the CI-integration issue (#4, tests/test_precommit.py,
tests/test_reporters_github.py, tests/test_reporters_junit.py).
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from incidentlint.jsonload import MAX_DEPTH, MAX_NODES
from incidentlint.loader import load_path, parse
from incidentlint.schema import bundled_schema
from incidentlint.textsafe import visible
from tests.helpers import ROOT, position_of, reference, run_cli, run_json

HOSTILE = Path(__file__).parent / "fixtures" / "hostile"
CANARY = HOSTILE / "canary.yaml"
CANARY_FINDING = (
    "yaml-ambiguous-value",
    12,
    11,
    "the value yes is read as the text 'yes', but YAML 1.1 tools read it as a boolean; "
    "quote it ('yes') to make the meaning explicit",
)
#: The core checks only: the rules of the rules issue are tested in tests/rules/ and must not blur these results.
CORE = "parse-error,duplicate-key,schema,yaml-ambiguous-value,non-string-key,io-error,internal-error"
Finding = tuple[str, int, int, str]


def lint(
    *paths: str | Path, args: tuple[str, ...] = (), files: int | None = None
) -> tuple[int, dict[str, list[Finding]], str]:
    """Lint ``paths`` and the canary with the real CLI; return the exit code, findings per file, and stderr.

    Checks (a) and (d) for every caller: no traceback, and the canary in the same run was checked. ``files`` is
    how many records the paths hold, when a directory is among them.
    """
    names = [str(path) for path in paths]
    code, out, err = run_cli("--format", "json", "--select", CORE, *args, "--", *names, str(CANARY))
    assert "Traceback" not in out + err
    report = json.loads(out)
    found: dict[str, list[Finding]] = {}
    for d in report["diagnostics"]:
        found.setdefault(d["file"], []).append((d["rule"], d["line"], d["column"], d["message"]))
    assert found.pop(str(CANARY)) == [CANARY_FINDING], "the good file in the same run must still be checked"
    assert report["summary"]["files"] == (len(names) if files is None else files) + 1
    return code, found, err


def only(path: str | Path, *args: str) -> tuple[int, list[Finding]]:
    """Lint one hostile file with the canary; its findings, and the exit code."""
    code, found, _ = lint(path, args=args)
    assert set(found) <= {visible(str(path))}, found
    return code, found.get(visible(str(path)), [])


def console_script() -> str:
    return str(Path(sys.executable).parent / "incidentlint")


def subprocess_lint(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> tuple[int, str, str]:
    """The installed console script, as a user runs it; a hang fails the test instead of blocking the suite."""
    proc = subprocess.run(
        [console_script(), *args],
        capture_output=True,
        timeout=120,
        check=False,
        env={**os.environ, **(env or {})},
        cwd=cwd,
    )
    out = proc.stdout.decode("utf-8")  # strict: anything unencodable would have been escaped, not written raw
    err = proc.stderr.decode("utf-8", "backslashreplace")
    assert "Traceback" not in out + err and "Exception ignored" not in err
    return proc.returncode, out, err


def base_yaml(**changes: str) -> str:
    """The canary's record without its warning: a valid YAML record with unquoted timestamps."""
    text = (HOSTILE / "e3_unquoted_timestamps.yaml").read_text("utf-8")
    for old, new in changes.items():
        text = text.replace(old, new)
    return text


def record_json(**fields: Any) -> str:
    data = reference()
    data["incident_id"] = "INC-2024-0315-009"
    data.update(fields)
    return json.dumps(data, indent=2, ensure_ascii=False)


SEVERITY_ENUM = "severity must be one of sev1, sev2, sev3, sev4, sev5; got "
NOT_FOUND = "cannot read the file: it does not exist (or is a broken link)"

# -- A. Invocation and file system --------------------------------------------------------------------------------


def test_a1_missing_path_and_broken_symlink_are_io_errors(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.symlink_to(tmp_path / "nowhere.json")
    code, found, _ = lint(tmp_path / "missing.json", broken)
    assert code == 2
    assert found == {
        str(tmp_path / "missing.json"): [("io-error", 1, 1, NOT_FOUND)],
        str(broken): [("io-error", 1, 1, NOT_FOUND)],
    }


def test_a9_a_file_removed_before_its_repository_findings_are_placed_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Repository-wide findings are placed by reading the file again; one removed in between used to lose its
    findings without a word (the run looked cleaner than it was)."""
    from incidentlint import engine

    record = reference()
    for name in ("a.json", "b.json"):
        (tmp_path / name).write_text(json.dumps(record, indent=2), "utf-8")
    real = engine.Linter.repository_results

    def remove_first(self: engine.Linter, linted: Any) -> Any:
        (tmp_path / "a.json").unlink()  # between the record phase and the repository phase
        return real(self, linted)

    monkeypatch.setattr(engine.Linter, "repository_results", remove_first)
    code, out, _ = run_cli("--format", "json", "--select", "duplicate-incident-id,io-error", str(tmp_path))
    found = [(d["file"], d["rule"], d["line"], d["message"]) for d in json.loads(out)["diagnostics"]]
    assert code == 2
    assert found[0] == (
        str(tmp_path / "a.json"),
        "io-error",
        1,
        "the file could not be read again to place 1 repository-wide finding: it was removed or changed while the "
        "run was going on; run again",
    )
    assert [(name, rule) for name, rule, *_ in found[1:]] == [(str(tmp_path / "b.json"), "duplicate-incident-id")]


def test_a2_directory_is_searched_for_records_with_the_include_globs(tmp_path: Path) -> None:
    folder = tmp_path / "records"
    (folder / "nested").mkdir(parents=True)
    (folder / "nested" / "bad.json").write_text('{"title": }', "utf-8")
    (folder / "notes.txt").write_text("not a record {", "utf-8")
    (folder / "empty").mkdir()
    code, found, _ = lint(folder, folder / "empty", files=1)
    assert code == 1
    assert found == {str(folder / "nested" / "bad.json"): [("parse-error", 1, 11, "expected a value, found '}'")]}
    # A directory that reaches the loader anyway (through the API, or swapped in after the listing) is refused.
    loaded = load_path(str(folder))
    assert [(p.rule, p.message) for p in loaded.problems] == [
        ("io-error", "cannot lint this path: it is a directory, and directories are searched only when named")
    ]


def test_a3_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "incident.json"
    os.mkfifo(fifo)
    link = tmp_path / "link.yaml"
    link.symlink_to(fifo)
    # The real console script: if opening the FIFO blocked, the 120 s timeout would fail the test.
    refused = "error[io-error] cannot lint this path: it is a pipe (FIFO), not a regular file"
    for named in (fifo, link):  # separate runs: in one, the link would be the same file named twice, linted once
        code, out, _ = subprocess_lint("--format", "concise", "--select", CORE, str(named), str(CANARY))
        assert code == 2  # io-error, as for a missing file: the path itself is the problem
        assert sorted(out.splitlines()) == sorted(
            [f"{CANARY}:12:11: warning[yaml-ambiguous-value] {CANARY_FINDING[3]}", f"{named}:1:1: {refused}"]
        )


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null"])
def test_a3_devices_are_refused(device: str) -> None:
    code, found = only(device)  # /dev/zero would be read forever, and json.load on it ends in MemoryError
    assert (code, found) == (
        2,
        [("io-error", 1, 1, "cannot lint this path: it is a device or socket, not a regular file")],
    )


def test_a3_dev_stdin_as_a_path_is_refused_with_a_hint() -> None:
    refused = "cannot lint this path: it is a pipe (FIFO), not a regular file; use '-' to read standard input"
    proc = subprocess.run(
        [console_script(), "--format", "concise", "--select", CORE, "/dev/stdin", str(CANARY)],
        input=b"title: piped\n",  # standard input is a pipe, with a writer
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 2 and proc.stderr == b""
    assert proc.stdout.decode().splitlines() == [
        f"/dev/stdin:1:1: error[io-error] {refused}",
        f"{CANARY}:12:11: warning[yaml-ambiguous-value] {CANARY_FINDING[3]}",
    ]


def test_a3_fifo_swapped_in_after_the_stat_is_still_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The race: the path was a regular file at stat() time and is a FIFO with a silent writer when opened."""
    fifo = tmp_path / "race.json"
    os.mkfifo(fifo)
    writer = os.open(fifo, os.O_RDWR | os.O_NONBLOCK)  # a writer that never writes: a blocking read would hang
    regular = os.stat(CANARY)
    real_stat = os.stat
    monkeypatch.setattr(os, "stat", lambda p, *a, **k: regular if str(p) == str(fifo) else real_stat(p, *a, **k))
    try:
        code, found = only(fifo)
    finally:
        os.close(writer)
    assert code == 2
    assert found == [("io-error", 1, 1, "cannot lint this path: it is a pipe (FIFO), not a regular file")]


@pytest.mark.parametrize(("extra", "refused"), [(0, False), (1, True)])
def test_a4_the_default_limit_is_2_mib_to_the_byte(tmp_path: Path, extra: int, refused: bool) -> None:
    head, tail = b'{"x-log": "', b'"}'
    path = tmp_path / "edge.json"
    path.write_bytes(head + b"x" * (2 * 1024 * 1024 - len(head) - len(tail) + extra) + tail)
    code, found = only(path, "--ignore", "schema")
    message = (
        "the file is 2,097,153 bytes, over the 2,097,152-byte limit for an incident record "
        "(raise max-file-size in the configuration if it is genuine)"
    )  # rounded, both would read 2.0 MiB
    assert (code, found) == ((1, [("parse-error", 1, 1, message)]) if refused else (0, []))


def test_a4_file_over_the_size_limit_is_refused_before_parsing(tmp_path: Path) -> None:
    huge = tmp_path / "huge.json"
    huge.write_bytes(b'{"description": "' + b"log line\\n" * 524_288 + b'"}')  # 5 MiB and a bit
    code, found = only(huge)
    assert code == 1
    assert found == [
        (
            "parse-error",
            1,
            1,
            "the file is 5.0 MiB, over the 2.0 MiB limit for an incident record "
            "(raise max-file-size in the configuration if it is genuine)",
        )
    ]
    config = tmp_path / "small.toml"
    config.write_text("max-file-size = 2000\n", "utf-8")
    record = tmp_path / "record.json"
    record.write_text(record_json(), "utf-8")
    code, found = only(record, "--config", str(config))
    assert code == 1
    assert found == [
        (
            "parse-error",
            1,
            1,
            f"the file is {record.stat().st_size / 1024:.1f} KiB, over the 2.0 KiB limit for an incident record "
            "(raise max-file-size in the configuration if it is genuine)",
        )
    ]


def test_a5_permission_denied_is_an_io_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = tmp_path / "locked.json"
    locked.write_text(record_json(), "utf-8")
    locked.chmod(0)
    if os.geteuid() == 0:  # root reads anything: make the kernel's answer for this one path what a user would get
        real_open = os.open

        def denying_open(path: Any, *args: Any, **kwargs: Any) -> int:
            if str(path) == str(locked):
                raise PermissionError(13, "Permission denied", str(path))
            return real_open(path, *args, **kwargs)

        monkeypatch.setattr(os, "open", denying_open)
        real_access = os.access  # what click's readable check asks: it used to stop the whole run (exit 2)
        monkeypatch.setattr(os, "access", lambda p, *a, **k: str(p) != str(locked) and real_access(p, *a, **k))
    code, found = only(locked)  # only() also checks that the canary named after it was still linted
    assert code == 2
    assert found == [("io-error", 1, 1, "cannot read the file: permission denied")]


def test_a5_a_directory_that_cannot_be_listed_is_an_io_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "open").mkdir()
    (tmp_path / "open" / "a.json").write_text(record_json(), "utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "b.json").write_text(record_json(), "utf-8")
    locked.chmod(0)
    if os.geteuid() == 0:  # root lists anything: give this one directory the answer a user would get
        real_scandir = os.scandir

        def denying_scandir(path: Any = ".") -> Any:
            if str(path) == str(locked):
                raise PermissionError(13, "Permission denied", str(path))
            return real_scandir(path)

        monkeypatch.setattr(os, "scandir", denying_scandir)
    try:
        code, found, _ = lint(tmp_path, files=2)  # a.json and the locked directory; the canary is checked too
    finally:
        locked.chmod(0o755)
    assert code == 2
    # open/a.json is clean, so only the directory has a finding; lint() checked that three files were counted
    assert found == {str(locked): [("io-error", 1, 1, "cannot read the directory: permission denied")]}


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("esc\x1b[31m.json", "esc\\x1b[31m.json"),
        ("new\nline.json", "new\\x0aline.json"),
        ("bidi\u202eevil.json", "bidi\\u202eevil.json"),
        ("tab\there.json", "tab\\x09here.json"),
    ],
)
def test_a6_file_names_with_controls_are_shown_escaped(tmp_path: Path, name: str, shown: str) -> None:
    path = tmp_path / name
    path.write_text('{"title": }', "utf-8")
    code, found = only(path)
    assert code == 1
    assert found == [("parse-error", 1, 11, "expected a value, found '}'")]
    code, out, _ = run_cli("--format", "concise", "--select", CORE, str(path), str(CANARY))
    lines = out.splitlines()
    assert len(lines) == 2, "a newline in a file name must not split a diagnostic line"
    assert f"{tmp_path}/{shown}:1:11: error[parse-error] expected a value, found '}}'" in lines
    code, out, _ = run_cli("--color", "always", "--select", CORE, str(path), str(CANARY))
    assert f"{tmp_path}/{shown}" in out and name not in out


def test_a7_non_utf8_file_name_is_found_read_and_shown_escaped(tmp_path: Path) -> None:
    raw = os.path.join(os.fsencode(tmp_path), b"inc\xff.yaml")
    with open(raw, "wb") as handle:
        handle.write(b"title: [\n")
    name = os.fsdecode(raw)  # 'inc\udcff.yaml': the bytes survive as a lone surrogate
    code, found, _ = lint(tmp_path, files=1)  # found by the directory walk, read by its bytes
    assert code == 1
    assert found == {
        f"{tmp_path}/inc\\udcff.yaml": [
            ("parse-error", 1, 9, "YAML syntax error: did not find expected node content (while parsing a flow node)")
        ]
    }
    code, out, _ = run_cli("--format", "concise", "--select", CORE, name)
    assert out.startswith(f"{tmp_path}/inc\\udcff.yaml:1:9: error[parse-error]")
    out.encode("utf-8")  # nothing unencodable reaches a UTF-8 stdout


def test_a8_file_name_starting_with_dash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("-rf.json").write_text('{"title": }', "utf-8")
    code, found = only("-rf.json")  # lint() puts '--' before the paths, as the README tells hooks to
    assert (code, found) == (1, [("parse-error", 1, 11, "expected a value, found '}'")])
    # Without '--', click reads it as an option: a usage error for the whole batch, not a silent skip.
    code, out, err = run_cli("-rf.json", str(CANARY))
    assert (code, out) == (2, "")
    assert err.endswith("incidentlint: error: No such option '-r'.\n")


def test_a9_file_deleted_between_listing_and_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from incidentlint import discovery

    victim = tmp_path / "gone.json"
    victim.write_text(record_json(), "utf-8")
    real_expand = discovery.expand

    def expand_then_delete(*args: Any, **kwargs: Any) -> Any:
        listed = list(real_expand(*args, **kwargs))
        victim.unlink()  # another process removes it after the walk
        return iter(listed)

    monkeypatch.setattr(discovery, "expand", expand_then_delete)
    code, found, _ = lint(tmp_path, files=1)
    assert code == 2
    assert found == {str(victim): [("io-error", 1, 1, NOT_FOUND)]}


# -- B. Encoding and characters -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "line", "column", "byte"),
    [("b1_invalid_utf8.json", 2, 16, "0xff"), ("b1_invalid_utf8.yaml", 2, 17, "0xc3")],
)
def test_b1_invalid_utf8_is_reported_at_the_first_bad_byte(name: str, line: int, column: int, byte: str) -> None:
    code, found = only(HOSTILE / name)
    assert code == 1
    message = f"invalid UTF-8: byte {byte} cannot start or continue a character; save the file as UTF-8"
    assert found == [("parse-error", line, column, message)]


def test_b2_utf8_bom_is_accepted_and_not_counted_in_columns() -> None:
    assert only(HOSTILE / "b2_bom.json") == (0, [])
    text = (HOSTILE / "b2_bom_error.json").read_text("utf-8-sig")
    code, found = only(HOSTILE / "b2_bom_error.json")
    assert code == 1
    assert found == [("schema", 1, text.index('"critical"') + 1, SEVERITY_ENUM + "'critical'")]
    document, _ = parse("x.json", text, bom=True)
    assert document is not None and document.bom


@pytest.mark.parametrize(
    ("raw", "column"), [(b"\xef\xbb\xbf\xef\xbb\xbf{}", 1), (b'{"a": \xef\xbb\xbf1}', 7)], ids=["twice", "pasted"]
)
def test_b2_a_byte_order_mark_after_the_first_is_named_and_not_taken_for_yaml(
    tmp_path: Path, raw: bytes, column: int
) -> None:
    """Written twice by an editor, the second was 'expected a value, found ...' with advice to rename the file to
    .yaml, which YAML accepts only because it reads the mark as its own."""
    path = tmp_path / "r.json"
    path.write_bytes(raw)
    message = "a byte order mark (U+FEFF, invisible in most editors) is not allowed here; remove it"
    assert only(path) == (1, [("parse-error", 1, column, message)])


@pytest.mark.parametrize(
    ("encoding", "name"),
    [("utf-16-le", "UTF-16"), ("utf-16-be", "UTF-16"), ("utf-32-le", "UTF-32"), ("utf-32-be", "UTF-32")],
)
@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_b3_utf16_and_utf32_without_a_bom_are_named_not_taken_for_nul_bytes(
    tmp_path: Path, encoding: str, name: str, suffix: str
) -> None:
    """Saved without a byte order mark, a UTF-16 record was reported as 'control character U+0000'."""
    path = tmp_path / f"r{suffix}"
    path.write_bytes('{"title": "x"}\n'.encode(encoding))
    code, found = only(path)
    assert code == 1
    assert found == [
        ("parse-error", 1, 1, f"the file is encoded as {name} without a byte order mark; save it as UTF-8")
    ]


@pytest.mark.parametrize(("name", "encoding"), [("b3_utf16.json", "UTF-16"), ("b3_utf32.yaml", "UTF-32")])
def test_b3_utf16_and_utf32_are_refused(name: str, encoding: str) -> None:
    code, found = only(HOSTILE / name)
    assert code == 1
    assert found == [("parse-error", 1, 1, f"the file is encoded as {encoding}; save it as UTF-8")]


@pytest.mark.parametrize(
    ("name", "line", "column", "message"),
    [
        ("b4_nul.yaml", 2, 15, "control character U+0000 is not allowed in YAML; remove it or write it as an escape"),
        ("b4_control.json", 2, 17, "control character U+0007 inside a string; escape it (\\n, \\u00XX)"),
        ("b4_nul_outside.json", 1, 15, "control character U+0000 is not allowed here"),
    ],
)
def test_b4_raw_control_characters_are_parse_errors(name: str, line: int, column: int, message: str) -> None:
    code, found = only(HOSTILE / name)
    assert (code, found) == (1, [("parse-error", line, column, message)])


@pytest.mark.parametrize(
    ("char", "name", "escape"),
    [("\x85", "next line", "\\N"), ("\u2028", "line separator", "\\L"), ("\u2029", "paragraph separator", "\\P")],
    ids=["nel", "ls", "ps"],
)
@pytest.mark.parametrize(
    ("written", "line", "column"),
    [
        ("incident_id: INC\ntitle: a{}b\n", 2, 9),  # the auditor's b4d.yaml: PyYAML said 3:1, past the end
        ('incident_id: INC\r\ntitle: "a{}b"\r\n', 2, 10),  # PyYAML folds U+0085 in quotes into a space
        ("# a note{}\nincident_id: INC\n", 1, 9),  # in a comment, the rest of the line would be YAML
    ],
    ids=["plain", "quoted", "comment"],
)
def test_b4_yaml11_line_breaks_are_parse_errors_at_the_character(
    tmp_path: Path, char: str, name: str, escape: str, written: str, line: int, column: int
) -> None:
    # YAML 1.1 (PyYAML) starts a new line at U+0085, U+2028 and U+2029; YAML 1.2, editors and our positions do not.
    path = tmp_path / "breaks.yaml"
    path.write_bytes(written.format(char).encode("utf-8"))
    message = (
        f"U+{ord(char):04X} ({name}) is a line break to YAML 1.1 tools but not to YAML 1.2 ones, so they read "
        f"this record differently; remove it, or write it as {escape} inside double quotes"
    )
    assert only(path) == (1, [("parse-error", line, column, message)])


def test_b5_escaped_control_characters_in_values_reach_output_only_escaped(tmp_path: Path) -> None:
    as_json = tmp_path / "osc.json"
    as_json.write_text(record_json(severity="\x1b]52;c;cm0gLXJmIC8=\x07"), "utf-8")  # written as \u001b ... \u0007
    as_yaml = tmp_path / "csi.yaml"
    as_yaml.write_text(base_yaml(**{"severity: sev2": 'severity: "\\e[31msev2"'}), "utf-8")
    code, found, _ = lint(as_json, as_yaml)
    assert code == 1
    assert found == {
        str(as_json): [("schema", 5, 15, SEVERITY_ENUM + "'\\x1b]52;c;cm0gLXJmIC8=\\x07'")],
        str(as_yaml): [("schema", 4, 11, SEVERITY_ENUM + "'\\x1b[31msev2'")],
    }
    for fmt in ("concise", "full"):
        _, out, _ = run_cli("--format", fmt, "--color", "always", "--select", CORE, str(as_json), str(as_yaml))
        assert "\\x1b]52;c;cm0gLXJmIC8=\\x07" in out and "\x1b]52" not in out and "\x07" not in out


@pytest.mark.parametrize(
    ("name", "line", "column", "message"),
    [
        ("b6_surrogate.json", 2, 12, "the string contains a lone surrogate escape (\\ud800-\\udfff)"),
        ("b6_surrogate_key.json", 2, 3, "the key contains a lone surrogate escape (\\ud800-\\udfff)"),
        (
            "b6_surrogate.yaml",
            1,
            9,
            "YAML syntax error: found invalid Unicode character escape code (while parsing a quoted scalar); "
            "\\ud800-\\udfff escapes are not characters (write \\U0001F600 for one beyond U+FFFF)",
        ),
    ],
)
def test_b6_lone_surrogates_are_rejected_at_load(name: str, line: int, column: int, message: str) -> None:
    code, found = only(HOSTILE / name)
    assert (code, found) == (1, [("parse-error", line, column, message)])


def test_b7_bidi_zero_width_and_line_separators_are_escaped_everywhere(tmp_path: Path) -> None:
    path = tmp_path / "trojan\u2066.json"
    data = reference()
    data["incident_id"] = "INC-2024-0315-001\u200b"
    data["owner\u202e"] = "x"
    data["note\u2028"] = "y"
    text = json.dumps(data, indent=2, ensure_ascii=False)
    path.write_text(text, "utf-8")
    code, found, _ = lint(path)
    assert code == 1
    assert found == {
        f"{tmp_path}/trojan\\u2066.json": [
            (
                "schema",
                *position_of(text, '"INC-2024'),
                "incident_id must look like INC-2024-0315-001; got 'INC-2024-0315-001\\u200b'",
            ),
            ("schema", *position_of(text, '"owner'), _unknown(found_key="owner\\u202e")),
            ("schema", *position_of(text, '"note'), _unknown(found_key="note\\u2028")),
        ]
    }
    for fmt in ("concise", "full", "json"):
        _, out, _ = run_cli("--format", fmt, "--select", CORE, str(path))
        assert not {"\u2066", "\u200b", "\u202e", "\u2028"} & set(out), fmt
    # U+2028 is a line break to PyYAML (YAML 1.1) but not to us, nor to YAML 1.2: a raw one in YAML is refused
    # where it stands (PyYAML's own mark for the syntax error after it would say line 4 of a 2-line file).
    document, problems = parse("x.yaml", 'title: "a\u2028b"\nseverity: [\n')
    assert document is None and [(p.line, p.column) for p in problems] == [(1, 10)]
    document, problems = parse("x.yaml", 'title: "a\\Lb"\nseverity: [\n')  # written as an escape
    assert document is None and [(p.line, p.column) for p in problems] == [(2, 12)]  # at the end of line 2


def _unknown(found_key: str) -> str:
    return f"unknown field '{found_key}' in the record; remove it, or prefix it with 'x-' to keep a local extension"


def test_b8_crlf_and_no_final_newline_keep_positions(tmp_path: Path) -> None:
    path = HOSTILE / "b8_crlf.json"
    raw = path.read_bytes()
    assert b"\r\n" in raw and not raw.endswith(b"\n")
    code, found = only(path)
    text = raw.decode("utf-8")
    assert code == 1
    assert found == [
        (
            "schema",
            *position_of(text, '"done"'),
            "status must be one of investigating, identified, monitoring, mitigated, resolved, closed; got 'done'",
        )
    ]
    _, out, _ = run_cli("--color", "never", "--select", CORE, str(path))
    assert '24 |   "status": "done",\n' in out and "\r" not in out  # the code frame drops the CR


@pytest.mark.parametrize(
    "newlines",
    [("\r",), ("\r\n", "\r", "\n")],
    ids=["cr-only", "mixed"],
)
@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_b8_lone_cr_and_mixed_line_breaks_count_as_line_breaks(
    tmp_path: Path, newlines: tuple[str, ...], suffix: str
) -> None:
    # Old Mac files end lines with a lone CR. YAML reads it as a line break and JSON as white space; editors
    # show a new line, so positions count it as one in both formats (the auditor's b8cre.yaml said 1:51).
    lf = base_yaml(**{"severity: sev2": "severity: sev9"}) if suffix == ".yaml" else record_json(severity="sev9")
    parts = lf.split("\n")
    text = "".join(part + newlines[index % len(newlines)] for index, part in enumerate(parts[:-1])) + parts[-1]
    path = tmp_path / f"old-mac{suffix}"
    path.write_bytes(text.encode("utf-8"))
    line, column = position_of(lf, "sev9")
    column -= suffix == ".json"  # the quote
    assert line > 1
    assert only(path) == (1, [("schema", line, column, SEVERITY_ENUM + "'sev9'")])
    _, out, _ = run_cli("--color", "never", "--select", CORE, str(path))
    shown = lf.split("\n")[line - 1]
    assert f"{line} | {shown}\n" in out and "\r" not in out and "\\x0d" not in out  # the code frame: one line


def test_b8_invalid_utf8_in_a_cr_only_file_is_reported_on_its_line(tmp_path: Path) -> None:
    # Old Mac files are often MacRoman too: 0x8e is its e-acute, and lone CRs end the lines.
    path = tmp_path / "macroman.yaml"
    path.write_bytes(b"title: ok\rdescription: d\x8e j\xe0 vu\r")
    message = "invalid UTF-8: byte 0x8e cannot start or continue a character; save the file as UTF-8"
    assert only(path) == (1, [("parse-error", 2, 15, message)])


# -- C. Syntax and document shape ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "line", "column", "message"),
    [
        # At the '[' that is never closed, not where the parser gave up (plain words: tests/test_yaml_errors.py).
        ("c1_unclosed_flow.yaml", 2, 20, "the list opened with '[' here is never closed; add ']' after its last item"),
        (
            "c1_tab_indent.yaml",
            2,
            1,
            "a tab at the start of line 2 indents it, but YAML indentation must be spaces; replace the tab with spaces",
        ),
        # At the over-indented key, not at its colon.
        (
            "c1_bad_indent.yaml",
            2,
            3,
            "this line is indented more than line 1 above it, so YAML reads it as more of the value there, not as a "
            "new key; indent it like the keys around it, or quote that value if this text belongs to it",
        ),
    ],
)
def test_c1_yaml_syntax_errors_are_placed_at_the_cause(name: str, line: int, column: int, message: str) -> None:
    code, found = only(HOSTILE / name)
    assert (code, found) == (1, [("parse-error", line, column, "YAML syntax error: " + message)])


@pytest.mark.parametrize(
    ("name", "line", "column", "message"),
    [
        ("c2_trailing_comma.json", 3, 21, "trailing comma before the closing bracket"),
        ("c2_comment.json", 2, 3, "JSON does not allow comments; use an 'x-' key for notes"),
        ("c2_single_quotes.json", 2, 3, "JSON strings use double quotes, not single quotes"),
        (
            "c2_extra_data.json",
            2,
            1,
            "a second JSON value starts here, after the record that ended at 1:14; a file holds one record",
        ),
    ],
)
def test_c2_json_syntax_errors_are_placed_exactly(name: str, line: int, column: int, message: str) -> None:
    code, found = only(HOSTILE / name)
    assert (code, found) == (1, [("parse-error", line, column, message)])


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("c3_empty.json", "a JSON object"),
        ("c3_whitespace.json", "a JSON object"),
        ("c3_empty.yaml", "a mapping of fields"),
        ("c3_comments.yaml", "a mapping of fields"),
    ],
)
def test_c3_empty_files_are_parse_errors(name: str, kind: str) -> None:
    code, found = only(HOSTILE / name)
    assert (code, found) == (1, [("parse-error", 1, 1, f"the file is empty; an incident record is {kind}")])


@pytest.mark.parametrize(
    ("name", "got"),
    [
        ("c4_list.json", "an array"),
        ("c4_scalar.yaml", "'just a sentence'"),
        ("c4_null.json", "null"),  # regression: a JSON 'null' used to load as no document and pass silently
        ("c4_null.yaml", "null"),
    ],
)
def test_c4_top_level_that_is_not_a_mapping(name: str, got: str) -> None:
    code, found = only(HOSTILE / name)
    message = f"an incident record must be a mapping of fields (a JSON object); got {got}"
    assert (code, found) == (1, [("schema", 1, 1, message)])


def test_c5_several_yaml_documents_are_refused_but_one_with_a_marker_is_fine(tmp_path: Path) -> None:
    code, found = only(HOSTILE / "c5_multi.yaml")
    message = "the file holds several YAML documents ('---'); put one incident in each file"
    assert (code, found) == (1, [("parse-error", 12, 1, message)])
    marked = tmp_path / "marked.yaml"
    marked.write_text("---\n" + base_yaml() + "...\n", "utf-8")
    assert only(marked) == (0, [])


def test_c6_yaml_in_a_json_file_gets_a_hint_and_json_in_a_yaml_file_is_fine(tmp_path: Path) -> None:
    code, found = only(HOSTILE / "c6_yaml_in.json")
    message = (
        "this file is YAML, not JSON (it reads as YAML in full): rename it to .yaml, or rewrite it as JSON, with the "
        "record in braces and every key in double quotes"
    )
    assert (code, found) == (1, [("parse-error", 1, 1, message)])
    # The YAML example opens with a comment: what JSON says of comments is beside the point there too.
    commented = tmp_path / "commented.json"
    commented.write_text((ROOT / "examples" / "INC-2024-0402-002.yaml").read_text("utf-8"), "utf-8")
    assert only(commented) == (1, [("parse-error", 1, 1, message)])
    json_in_yaml = tmp_path / "record.yaml"
    json_in_yaml.write_text(record_json(), "utf-8")
    assert only(json_in_yaml) == (0, [])


# -- D. Resource exhaustion -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("suffix", "text", "line", "column", "message"),
    [
        (".json", "[" * 200_000 + "]" * 200_000, 1, MAX_DEPTH + 1, f"nesting is deeper than {MAX_DEPTH} levels"),
        (
            ".yaml",
            "[" * 200_000 + "]" * 200_000,
            1,
            1001,
            "YAML syntax error: exceeded maximum nesting depth (while increasing flow level)",
        ),
        (
            ".yaml",
            "".join(" " * depth + "a:\n" for depth in range(100)) + " " * 100 + "b\n",
            MAX_DEPTH + 1,
            MAX_DEPTH + 1,
            f"nesting is deeper than {MAX_DEPTH} levels",
        ),
    ],
)
def test_d1_deep_nesting_is_refused_without_recursion_error(
    tmp_path: Path, suffix: str, text: str, line: int, column: int, message: str
) -> None:
    path = tmp_path / f"deep{suffix}"
    path.write_text(text, "utf-8")
    code, found = only(path)
    assert (code, found) == (1, [("parse-error", line, column, message)])


@pytest.mark.parametrize("inner", ["", "1", "{}", '"x"'])
@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_d1_the_limit_is_64_levels_of_containers_whatever_the_innermost_holds(
    tmp_path: Path, suffix: str, inner: str
) -> None:
    # The record's object is level 1. JSON's quick path once counted values rather than containers, so 64 empty
    # lists inside it (65 levels) passed while 64 lists around a number were refused, and YAML refused both.
    def record(lists: int) -> str:
        value = "[" * lists + inner + "]" * lists
        return f'{{"x-deep": {value}}}' if suffix == ".json" else f"x-deep: {value}\n"

    deepest = MAX_DEPTH - 1 - (inner == "{}")  # lists that, with the object and the innermost, make 64 levels
    path = tmp_path / f"deep{suffix}"
    path.write_text(record(deepest), "utf-8")
    assert only(path, "--ignore", "schema") == (0, [])
    path.write_text(record(deepest + 1), "utf-8")
    opening = len('{"x-deep": ') if suffix == ".json" else len("x-deep: ")
    # The container that opens level 65 is refused, at its own bracket.
    column = opening + deepest + 1 + (1 if inner == "{}" else 0)
    code, found = only(path, "--ignore", "schema")
    assert (code, found) == (1, [("parse-error", 1, column, f"nesting is deeper than {MAX_DEPTH} levels")])


def test_d2_alias_bomb_is_refused_at_the_first_anchor() -> None:
    # Nine levels of nine: a billion leaves if anything expanded it. Refusing at the anchor, before any alias is
    # resolved, is what keeps this instant; a loader that expanded it would never finish this test.
    code, found = only(HOSTILE / "d2_alias_bomb.yaml")
    message = "anchors (&a) are not supported in incident records; write the value out"
    assert (code, found) == (1, [("parse-error", 2, 6, message)])


def test_d3_self_referential_alias_is_refused() -> None:
    code, found = only(HOSTILE / "d3_self_alias.yaml")
    message = "anchors (&loop) are not supported in incident records; write the value out"
    assert (code, found) == (1, [("parse-error", 1, 9, message)])


@pytest.mark.parametrize(("suffix", "column"), [(".json", 10), (".yaml", 6)])
def test_d4_huge_integer_is_refused_with_a_position(tmp_path: Path, suffix: str, column: int) -> None:
    path = tmp_path / f"big{suffix}"
    digits = "9" * 5000
    path.write_text('{\n  "x-n": ' + digits + "\n}\n" if suffix == ".json" else "x-n: " + digits + "\n", "utf-8")
    code, found = only(path)
    line = 2 if suffix == ".json" else 1
    assert (code, found) == (1, [("parse-error", line, column, "the number has 5000 digits, too many to hold")])


@pytest.mark.parametrize(("number", "digits"), [("0x" + "f" * 3600, 3602), ("0o" + "7" * 4800, 4802)])
def test_d4_huge_hex_and_octal_integers_are_refused_too(tmp_path: Path, number: str, digits: int) -> None:
    # Hexadecimal and octal convert without Python's decimal digit limit, so the loader got a number that no
    # later step could print (value_hash crashed: internal-error, exit 3).
    path = tmp_path / "big.yaml"
    path.write_text(f"incident_id: INC-2024-0315-001\nx-n: {number}\n", "utf-8")
    code, found = only(path)
    assert (code, found) == (1, [("parse-error", 2, 6, f"the number has {digits} digits, too many to hold")])


def test_d4_a_hex_integer_just_under_the_limit_is_a_number(tmp_path: Path) -> None:
    path = tmp_path / "ok.yaml"
    path.write_text("x-n: 0x" + "f" * 3500 + "\n", "utf-8")  # about 4,215 decimal digits: under 4,300
    assert only(path, "--ignore", "schema") == (0, [])  # a number in YAML 1.1 and 1.2 alike: nothing to say


def test_value_hash_survives_an_integer_too_long_for_decimal() -> None:
    from incidentlint.engine import value_hash

    huge = 16**4000
    assert value_hash({"a": [huge]}, "/a") != value_hash({"a": [huge + 1]}, "/a")
    assert len(value_hash({"a": [huge]}, "/a")) == 16


@pytest.mark.parametrize(
    ("name", "line", "column", "number"), [("d5_inf.json", 2, 13, "1e999"), ("d5_inf.yaml", 1, 9, "-1.0e+999")]
)
def test_d5_numbers_too_large_for_a_float_are_refused(name: str, line: int, column: int, number: str) -> None:
    code, found = only(HOSTILE / name)
    assert (code, found) == (1, [("parse-error", line, column, f"the number {number} is too large to hold")])


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_d6_too_many_values_are_refused(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"many{suffix}"
    path.write_text("[" + ",".join(["0"] * MAX_NODES) + "]", "utf-8")
    code, found = only(path)
    # The root array is value 1, so the limit is crossed at item MAX_NODES (index MAX_NODES - 1).
    column = 2 + 2 * (MAX_NODES - 1)
    message = f"the document has more than {MAX_NODES} values"
    assert (code, found) == (1, [("parse-error", 1, column, message)])


class _CountingSpans(dict[str, Any]):
    """A document's spans that count how many entries are looked at, by lookup or by iteration."""

    looked_at = 0

    def __getitem__(self, key: str) -> Any:
        _CountingSpans.looked_at += 1
        return super().__getitem__(key)

    def get(self, key: str, default: Any = None) -> Any:
        _CountingSpans.looked_at += 1
        return super().get(key, default)

    def items(self) -> Any:
        _CountingSpans.looked_at += len(self)
        return super().items()


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_d6_a_long_list_of_duplicates_is_not_rescanned_for_each_fix_offered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    # Each of the (at most 100) duplicate-responder findings checks that its removal fits the layout. That read
    # every separator of the list again (JSON), or the positions of every item (YAML, where each item also looked
    # at every position in the file), for each finding: 150,000 responders took 54 s, and 60,000 in a YAML block
    # list 250 s. Counted, not timed: the separators parsed and the positions looked at.
    import yaml

    from incidentlint import flowremove
    from incidentlint.document import Document

    items = 2000
    record = reference()
    record["responders"] = [*record["responders"], *["Tom Wilson - Database Team Lead"] * items]
    path = tmp_path / f"INC-2024-0315-001{suffix}"
    path.write_text(json.dumps(record) if suffix == ".json" else yaml.safe_dump(record), "utf-8")
    gaps = 0
    original_gap, original_spans = flowremove._gap, Document.spans

    def counting_gap(*args: Any) -> Any:
        nonlocal gaps
        gaps += 1
        return original_gap(*args)

    def counting_spans(document: Document) -> _CountingSpans:
        spans = original_spans.fget(document)  # type: ignore[attr-defined]
        if not isinstance(spans, _CountingSpans):
            spans = document._spans = _CountingSpans(spans)
        return spans

    _CountingSpans.looked_at = 0
    monkeypatch.setattr(flowremove, "_gap", counting_gap)
    monkeypatch.setattr(Document, "spans", property(counting_spans))
    code, report = run_json("--select", "duplicate-responder", "--fail-on", "warning", str(path))
    found = report["diagnostics"]
    assert code == 1
    assert len(found) == 101  # 100 findings, and one at the top saying how many more there are
    assert found[0]["message"] == (
        "1,900 more findings of this rule in this file are not listed (only the first 100 are); fix those and run again"
    )
    assert [d["fix"] for d in found[1:]] == [
        {"applicability": "unsafe", "message": "remove the duplicate responder"}
    ] * 100
    # Once over the list, not once per finding (it was over 100 * items, and for YAML items * items positions).
    assert gaps < 2 * items
    assert _CountingSpans.looked_at < 10 * items


def test_d7_unique_items_only_on_strings_and_many_services_lint_fine(tmp_path: Path) -> None:
    def unique_item_arrays(node: Any) -> list[Any]:
        found = []
        if isinstance(node, dict):
            if node.get("uniqueItems"):
                found.append(node.get("items", {}).get("type"))
            for child in node.values():
                found.extend(unique_item_arrays(child))
        elif isinstance(node, list):
            for child in node:
                found.extend(unique_item_arrays(child))
        return found

    # uniqueItems compares objects pairwise (O(n^2)); on strings it hashes. Keep it off object arrays.
    assert unique_item_arrays(bundled_schema()) == ["string"]
    path = tmp_path / "services.json"
    path.write_text(record_json(affected_services=[f"service-{n}" for n in range(50_000)]), "utf-8")
    assert only(path) == (0, [])


def test_d8_adversarial_strings_for_the_patterns_are_refused_quickly(tmp_path: Path) -> None:
    # Shapes that make backtracking patterns explode; ours are linear, so this finishes in well under a second.
    path = tmp_path / "patterns.json"
    text = record_json(
        incident_id="INC-" + "0" * 100_000,
        duration="1h " * 30_000 + "!",
        detection_details={"time_to_detection": "1.1" * 30_000 + "x"},
    )
    path.write_text(text, "utf-8")
    code, found = only(path)
    assert code == 1
    assert sorted((rule, line, column) for rule, line, column, _ in found) == sorted(
        [
            ("schema", *position_of(text, '"1.1')),
            ("schema", *position_of(text, '"1h ')),
            ("schema", *position_of(text, '"INC-0')),
        ]
    )
    assert all(len(message) < 300 for *_, message in found)


def test_d9_error_messages_stay_short_whatever_the_record_holds(tmp_path: Path) -> None:
    data = json.loads(record_json(severity="x" * 1_000_000))
    data.update({f"extra_{n}": n for n in range(3_000)})
    path = tmp_path / "noisy.json"
    path.write_text(json.dumps(data), "utf-8")
    code, found = only(path)
    assert code == 1
    # The 3,000 unknown keys come first (the record's own level); findings are capped at 100 per record.
    assert len(found) == 101
    assert found[0] == (
        "schema",
        1,
        1,
        "the record has 3,001 schema problems; only the first 100 are reported (2,901 others are not listed) — "
        "fix those and run again",
    )
    assert [message.split(" in the record")[0] for *_, message in found[1:]] == [
        f"unknown field 'extra_{n}'" for n in range(100)
    ]
    assert max(len(message) for *_, message in found) < 200
    path.write_text(record_json(severity="x" * 1_000_000), "utf-8")
    assert only(path) == (
        1,
        [("schema", *position_of(path.read_text("utf-8"), '"xxx'), SEVERITY_ENUM + "'" + "x" * 79 + "…'")],
    )


def test_d9_machine_reports_and_baselines_shorten_a_huge_key_in_pointers(tmp_path: Path) -> None:
    # A 500 KB key over 150 placeholder values made a 50 MB json report: each of the 100 listed findings carried
    # the key whole in its pointer. Reports and baselines now keep 100 characters of such a key and a hash.
    key = "k" * 500_000
    data = reference()
    data["technical_details"]["error_metrics"] = {key: {str(n): "TBD" for n in range(150)}}
    path = tmp_path / "INC-2024-0315-001.json"
    path.write_text(json.dumps(data), "utf-8")
    short = "k" * 100 + "\u2026" + hashlib.sha256(key.encode()).hexdigest()[:16]
    code, out, _ = run_cli("--format", "json", str(path))
    assert code == 0  # warnings only
    report = json.loads(out)
    pointers = [d["pointer"] for d in report["diagnostics"] if d["rule"] == "placeholder-text"]
    assert pointers == ["", *(f"/technical_details/error_metrics/{short}/{n}" for n in range(100))]
    assert len(out) < 100_000
    code, out, _ = run_cli("--format", "sarif", str(path))
    results = json.loads(out)["runs"][0]["results"]
    assert results[1]["properties"]["pointer"] == f"/technical_details/error_metrics/{short}/0"
    # The key is never written whole (one copy alone is 500 KB): no run of more k's than the shortened pointer's.
    assert "k" * 101 not in out and len(out) < 500_000
    baseline = tmp_path / "baseline.json"
    assert run_cli("--write-baseline", str(baseline), str(path))[0] == 0
    assert baseline.stat().st_size < 100_000
    entries = json.loads(baseline.read_text("utf-8"))["findings"]
    assert {entry["pointer"] for entry in entries} == {"", *pointers}
    code, out, _ = run_cli("--format", "json", "--baseline", str(baseline), str(path))
    assert (code, json.loads(out)["diagnostics"]) == (0, [])  # the shortened pointers still match


def test_d10_very_long_line_is_windowed_in_the_code_frame(tmp_path: Path) -> None:
    path = tmp_path / "one-line.json"
    text = json.dumps(json.loads(record_json(title="t" * 500_000, severity="critical")), separators=(",", ":"))
    path.write_text(text, "utf-8")
    code, found = only(path)
    assert (code, found) == (1, [("schema", 1, text.index('"critical"') + 1, SEVERITY_ENUM + "'critical'")])
    _, out, _ = run_cli("--color", "never", "--select", CORE, str(path))
    assert max(len(line) for line in out.splitlines()) < 300


_PEAK_RSS = """
import resource, sys
from incidentlint.cli import main
code = main(["--format", "json", "--select", "schema", sys.argv[1]], stdout=open("/dev/null", "w"))
print(code, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


@pytest.mark.slow
def test_d10_memory_grows_with_the_file_not_with_a_long_string_times_a_hundred(tmp_path: Path) -> None:
    # A 4 MB string in a record with a finding peaked at ~516 MB: the span scanner's string pattern kept ~115
    # bytes of backtracking state per character. Compare peak RSS for 1 MB and 4 MB strings (each in its own
    # process), so the interpreter and imports cancel out: the 3 MB more may cost a few copies, not a hundred.
    peaks = []
    for size in (1_000_000, 4_000_000):
        path = tmp_path / f"long-{size}.json"
        path.write_text(record_json(description="d" * size, severity="sev9"), "utf-8")
        proc = subprocess.run(
            [sys.executable, "-c", _PEAK_RSS, str(path)], capture_output=True, text=True, timeout=120, check=True
        )
        code, peak_kb = map(int, proc.stdout.split())
        assert code == 1  # the finding on severity needs the spans
        peaks.append(peak_kb * 1024)
    grown = peaks[1] - peaks[0]
    assert grown < 20 * 3_000_000, f"peak RSS grew by {grown / 1e6:.0f} MB for 3 MB more text"


# -- E. Silent semantic changes -------------------------------------------------------------------------------------


def test_e1_duplicate_keys_at_the_second_occurrence_naming_the_first_line() -> None:
    code, found = only(HOSTILE / "e1_duplicate.json")
    message = "appears twice in this object (first at 3:3); the later value silently wins, so remove one"
    assert (code, found) == (1, [("duplicate-key", 6, 3, f"key 'title' {message}")])
    code, found = only(HOSTILE / "e1_duplicate.yaml")
    message = "appears twice in this object (first at 13:3); the later value silently wins, so remove one"
    assert (code, found) == (1, [("duplicate-key", 14, 3, f"key 'owner' {message}")])


def _ambiguous(role: str, text: str, reading: str) -> str:
    quote = f"quote it ('{text}') to make the meaning explicit"
    return f"the {role} {text} is read as the text '{text}', but {reading}; {quote}"


def test_e2_yaml11_booleans_stay_text_with_a_warning() -> None:
    path = HOSTILE / "e2_yaml11_bool.yaml"
    boolean = "YAML 1.1 tools read it as a boolean"
    expected = [
        ("yaml-ambiguous-value", 13, 10, _ambiguous("value", "yes", boolean)),
        ("yaml-ambiguous-value", 14, 14, _ambiguous("value", "off", boolean)),
        ("yaml-ambiguous-value", 15, 3, _ambiguous("key", "on", boolean)),
        ("yaml-ambiguous-value", 16, 3, _ambiguous("key", "NO", boolean)),
    ]
    assert only(path) == (0, expected)  # warnings do not fail the run ...
    assert only(path, "--fail-on", "warning") == (1, expected)  # ... unless asked to
    document, _ = parse(str(path), path.read_text("utf-8"))
    assert document is not None
    assert document.data["x-notes"] == {"paged": "yes", "escalated": "off", "on": "call", "NO": "way"}


def test_e2_single_letter_yaml11_booleans_warn_as_values_and_keys(tmp_path: Path) -> None:
    # The YAML 1.1 spec lists y, Y, n and N as booleans; PyYAML does not, which once hid them from the warning.
    path = tmp_path / "letters.yaml"
    path.write_text(base_yaml() + "x-answers:\n  y: n\n  N: [Y, no]\n  x: 'y'\n", "utf-8")
    maybe = "YAML 1.1 tools may read it as a boolean"
    expected = [
        ("yaml-ambiguous-value", 13, 3, _ambiguous("key", "y", maybe)),
        ("yaml-ambiguous-value", 13, 6, _ambiguous("value", "n", maybe)),
        ("yaml-ambiguous-value", 14, 3, _ambiguous("key", "N", maybe)),
        ("yaml-ambiguous-value", 14, 7, _ambiguous("value", "Y", maybe)),
        ("yaml-ambiguous-value", 14, 10, _ambiguous("value", "no", "YAML 1.1 tools read it as a boolean")),
    ]
    assert only(path) == (0, expected)
    assert only(path, "--fail-on", "warning") == (1, expected)
    document, _ = parse(str(path), path.read_text("utf-8"))
    assert document is not None and document.data["x-answers"] == {"y": "n", "N": ["Y", "no"], "x": "y"}


def test_e3_unquoted_timestamps_stay_text_and_are_valid() -> None:
    path = HOSTILE / "e3_unquoted_timestamps.yaml"
    assert only(path) == (0, [])
    document, _ = parse(str(path), path.read_text("utf-8"))
    assert document is not None and document.data["start_time"] == "2024-03-16T10:00:00Z"


def test_e4_invalid_unquoted_date_is_a_positioned_schema_error() -> None:
    code, found = only(HOSTILE / "e4_invalid_date.yaml")
    message = (
        "end_time must be a date and time with a time zone offset, like 2024-03-15T14:30:00Z (Z is UTC) or "
        "2024-03-15T16:30:00+02:00; got '2024-02-30'"
    )
    assert (code, found) == (1, [("schema", 7, 11, message)])


def test_e4_leap_second_at_the_end_of_time_is_read_not_a_crash(tmp_path: Path) -> None:
    # Regression: 9999-12-31T23:59:60Z overflowed datetime and ended the whole run with an internal error. A leap
    # second is now the last microsecond of its minute (timeparse.from_fields), which even year 9999 holds: the
    # schema accepts it, and every rule computes with it.
    path = tmp_path / "leap.json"
    text = record_json(start_time="9999-12-31T23:59:60Z")
    path.write_text(text, "utf-8")
    assert only(path) == (0, [])
    code, report = run_json("--now", "2026-11-27T00:00:00Z", str(path))  # every default rule: none may crash
    assert "internal-error" not in {d["rule"] for d in report["diagnostics"]}
    # A start_time later than now is future-timestamp's alone: the id's date mismatch and an end "before" it follow
    # from it. incident-id-date-mismatch still reads the leap second's day, without overflowing, when asked.
    module = importlib.import_module("incidentlint.rules.incident_id_date_mismatch")
    assert module.start_day({"start_time": "9999-12-31T23:59:60Z"}) == (9999, 12, 31)
    wanted = {"incident-id-date-mismatch", "future-timestamp", "end-before-start"}
    found = [(d["rule"], d["line"], d["column"], d["message"]) for d in report["diagnostics"] if d["rule"] in wanted]
    assert (code, found) == (
        1,
        [
            (
                "future-timestamp",
                *position_of(text, '"9999'),
                "start_time 9999-12-31T23:59:60Z is later than now; a record describes what already happened: "
                "check the year, the date and the offset",
            ),
        ],
    )


@pytest.mark.parametrize(
    ("value", "shown", "reading"),
    [
        ("1:" * 3000 + "1", "1:1:1:1:1:1:1:1:1:1:1:1:1:1:1:1:1:1:1:1…", "YAML 1.1 tools read it as a number"),
        (
            "0" + "7" * 4000,
            "0" + "7" * 38 + "…",
            f"YAML 1.1 tools read it as {str(int('7' * 4000, 8))[:39]}… and YAML 1.2 tools as {'7' * 39}…",
        ),
    ],
)
def test_e5_long_ambiguous_values_are_quoted_shortened(tmp_path: Path, value: str, shown: str, reading: str) -> None:
    path = tmp_path / "long.yaml"
    path.write_text(f"x-n: {value}\n", "utf-8")
    code, found = only(path, "--ignore", "schema")
    assert (code, found) == (0, [("yaml-ambiguous-value", 1, 6, _ambiguous("value", shown, reading))])


def test_e5_yaml11_and_yaml12_only_numbers_stay_text_with_a_warning() -> None:
    path = HOSTILE / "e5_yaml11_numbers.yaml"
    assert only(path) == (
        0,
        [
            ("yaml-ambiguous-value", 13, 9, _ambiguous("value", "1:30", "YAML 1.1 tools read it as a number")),
            (
                "yaml-ambiguous-value",
                14,
                9,
                _ambiguous("value", "0755", "YAML 1.1 tools read it as 493 and YAML 1.2 tools as 755"),
            ),
            ("yaml-ambiguous-value", 15, 10, _ambiguous("value", "1_000", "YAML 1.1 tools read it as a number")),
            # Regression: these two became numbers although PyYAML, a YAML 1.1 reader, sees text.
            ("yaml-ambiguous-value", 16, 10, _ambiguous("value", "0o17", "YAML 1.2 tools read it as a number")),
            ("yaml-ambiguous-value", 17, 9, _ambiguous("value", "1e3", "YAML 1.2 tools read it as a number")),
        ],
    )
    document, _ = parse(str(path), path.read_text("utf-8"))
    assert document is not None
    assert document.data["x-notes"] == {
        "took": "1:30",
        "mode": "0755",
        "count": "1_000",
        "octal": "0o17",
        "rate": "1e3",
    }


@pytest.mark.parametrize(
    ("name", "line", "column", "message"),
    [
        ("e6_nonfinite.yaml", 12, 9, ".nan is not a finite number; JSON has no infinity or NaN"),
        ("e6_nan.json", 2, 13, "NaN and Infinity are not JSON numbers; use a string or null"),
    ],
)
def test_e6_nan_and_infinity_are_refused(name: str, line: int, column: int, message: str) -> None:
    code, found = only(HOSTILE / name)
    assert (code, found) == (1, [("parse-error", line, column, message)])


def test_e7_non_string_keys_keep_their_text_with_a_warning() -> None:
    path = HOSTILE / "e7_nonstring_keys.yaml"

    def warning(key: str) -> str:
        quote = f"so quote it ('{key}') to make that explicit"
        return f"the key {key} is not a string in YAML; it is read as the text '{key}', {quote}"

    assert only(path) == (
        0,
        [
            ("non-string-key", 13, 3, warning("1")),
            ("non-string-key", 14, 3, warning("true")),
            ("non-string-key", 15, 3, warning("null")),
        ],
    )
    document, _ = parse(str(path), path.read_text("utf-8"))
    assert document is not None and list(document.data["x-notes"]) == ["1", "true", "null"]


def test_e8_complex_keys_are_refused() -> None:
    code, found = only(HOSTILE / "e8_complex_key.yaml")
    message = "complex keys (a mapping or list used as a key) are not supported"
    assert (code, found) == (1, [("parse-error", 13, 5, message)])


def test_e9_merge_keys_are_refused() -> None:
    code, found = only(HOSTILE / "e9_merge_key.yaml")
    message = "merge keys (<<) are not supported in incident records; write the keys out"
    assert (code, found) == (1, [("parse-error", 13, 3, message)])


@pytest.mark.parametrize(
    ("name", "column", "tag", "advice"),
    [
        ("e10_binary.yaml", 9, "!!binary", ""),
        ("e10_set.yaml", 8, "!!set", ""),
        ("e10_omap.yaml", 8, "!!omap", ""),
        # A '!' tag is as often a value that happens to start with '!' ("!important ..."): say how to keep it as text.
        (
            "e10_custom.yaml",
            8,
            "!Ref",
            "; if this value is text that starts with '!', put the whole value in quotes: x-ref: \"!Ref Bucket\"",
        ),
    ],
)
def test_e10_tags_outside_the_core_schema_are_refused(name: str, column: int, tag: str, advice: str) -> None:
    code, found = only(HOSTILE / name)
    message = f"the tag {tag} is not supported; incident records use plain JSON values{advice}"
    assert (code, found) == (1, [("parse-error", 12, column, message)])


@pytest.mark.parametrize(
    ("name", "column", "tag"),
    [("e11_python.yaml", 8, "!!python/object/apply:os.system"), ("e11_python_name.yaml", 7, "!!python/name:os.system")],
)
def test_e11_python_tags_are_never_constructed(
    name: str, column: int, tag: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, found = only(HOSTILE / name)
    message = f"the tag {tag} is not supported; incident records use plain JSON values"
    assert (code, found) == (1, [("parse-error", 12, column, message)])
    assert not (tmp_path / "PWNED").exists()


def test_e12_trailing_newline_of_a_block_scalar_fails_the_id_pattern() -> None:
    code, found = only(HOSTILE / "e12_block_scalar.yaml")
    message = "incident_id must look like INC-2024-0315-001; got 'INC-2024-0316-001\\x0a'"
    assert (code, found) == (1, [("schema", 1, 14, message)])


def test_e13_unicode_digits_do_not_pass_for_ascii_digits() -> None:
    code, found = only(HOSTILE / "e13_unicode_digits.json")
    message = "incident_id must look like INC-2024-0315-001; got 'INC-\u0662\u0660\u0662\u0664-0315-001'"
    assert (code, found) == (1, [("schema", 2, 18, message)])


# -- F. Schema and configuration: trusted, but they must fail cleanly (exit 2 stops the run before any file) -------


def _config_error(tmp_path: Path, config: str, files: dict[str, str]) -> tuple[int, str, str]:
    for name, content in files.items():
        (tmp_path / name).write_text(content, "utf-8")
    path = tmp_path / ".incidentlint.yaml"
    path.write_text(config, "utf-8")
    code, out, err = run_cli("--config", str(path), str(CANARY))
    assert "Traceback" not in out + err
    return code, out, err


def test_f1_remote_ref_in_a_user_schema_is_never_fetched(tmp_path: Path) -> None:
    schema = json.dumps({"$ref": "https://schemas.example.com/incident.json"})
    code, out, err = _config_error(tmp_path, "schema: mine.json\n", {"mine.json": schema})
    assert (code, out) == (2, "")
    assert err == (
        f"incidentlint: error: schema {tmp_path / 'mine.json'}: the schema refers to "
        "'https://schemas.example.com/incident.json', which is not bundled; incidentlint never downloads schemas, "
        "so refer only to the bundled schema's $id or to definitions inside your file\n"
    )


def test_f2_date_time_format_is_enforced_without_optional_packages(tmp_path: Path) -> None:
    path = tmp_path / "bad-time.json"
    text = record_json(start_time="2024-13-45T99:00:00Z")
    path.write_text(text, "utf-8")
    code, found = only(path)
    # The shape is right: the message names the first part that is out of range.
    message = (
        "start_time '2024-13-45T99:00:00Z' is not a real date and time: there is no month 13; months run from 01 to 12"
    )
    assert (code, found) == (1, [("schema", *position_of(text, '"2024-13'), message)])


@pytest.mark.parametrize(
    ("schema", "message"),
    [
        ({"type": "strng"}, "at /type: 'strng' is not valid under any of the given schemas"),
        ({"properties": {"a": {"pattern": "("}}}, "at /properties/a/pattern: '(' is not a 'regex'"),
    ],
)
def test_f3_invalid_user_schema_is_a_configuration_error(tmp_path: Path, schema: Any, message: str) -> None:
    code, out, err = _config_error(tmp_path, "schema: mine.json\n", {"mine.json": json.dumps(schema)})
    assert (code, out) == (2, "")
    assert (
        err
        == f"incidentlint: error: schema {tmp_path / 'mine.json'}: the schema is not a valid JSON Schema {message}\n"
    )


@pytest.mark.parametrize(
    ("config", "problem"),
    [
        (
            "a: &a [x, x]\nb: *a\n",
            "anchors (&a) are not supported in a configuration file; write the value out (line 1, column 4)",
        ),
        (
            "ignore: []\nignore: [schema]\n",
            "key 'ignore' appears twice in this object (first at 1:1); the later value silently wins, so remove "
            "one (line 2, column 1)",
        ),
        (
            "fail-on: !!python/object/apply:os.system ['touch PWNED']\n",
            "the tag !!python/object/apply:os.system is not supported; a configuration file holds plain values "
            "(line 1, column 10)",
        ),
    ],
)
def test_f4_hostile_config_goes_through_the_hardened_loader(
    tmp_path: Path, config: str, problem: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = _config_error(tmp_path, config, {})
    assert (code, out) == (2, "")
    assert err == f"incidentlint: error: {tmp_path / '.incidentlint.yaml'}: {problem}\n"
    assert not (tmp_path / "PWNED").exists()


# -- G. Output --------------------------------------------------------------------------------------------------------


def test_g1_rich_markup_in_values_and_names_stays_literal(tmp_path: Path) -> None:
    path = tmp_path / "[bold]x[red].json"
    path.write_text(record_json(severity="[link=https://evil.example]click[/link][/]"), "utf-8")
    code, found, _ = lint(path)
    assert code == 1
    assert found[str(path)][0][3] == SEVERITY_ENUM + "'[link=https://evil.example]click[/link][/]'"
    code, out, err = run_cli("--color", "always", "--select", CORE, str(path))
    assert code == 1 and err == ""
    assert "[link=https://evil.example]click[/link][/]" in out and "[bold]x[red].json" in out
    assert "\x1b]8;" not in out  # no terminal hyperlink was made


def test_g2_soft_hyphens_and_tag_characters_are_escaped_on_display(tmp_path: Path) -> None:
    # Tag characters show nothing and can spell out hidden ASCII ("ASCII smuggling"); a soft hyphen shows nothing
    # inside a line. Both are escaped, tags with the 8-digit escape their code needs.
    assert visible("a\u00adb\U000e0068\U000e0069c\u206a\ufff9") == "a\\xadb\\U000e0068\\U000e0069c\\u206a\\ufff9"
    path = tmp_path / "tags\U000e0041.yaml"
    path.write_text(base_yaml(**{"severity: sev2": 'severity: "sev2\U000e0041"'}), "utf-8")
    code, found, _ = lint(path)
    assert (code, found) == (
        1,
        {
            str(tmp_path / "tags\\U000e0041.yaml"): [
                ("schema", 4, 11, SEVERITY_ENUM + "'sev2\\U000e0041'; write 'sev2'")
            ]
        },
    )


def test_g2_terminal_controls_in_values_never_reach_the_terminal(tmp_path: Path) -> None:
    path = tmp_path / "controls.yaml"
    evil = "\\e]0;pwned\\a\\x9b31m\\0\\u202e"  # OSC title, C1 CSI, NUL and a bidi override, as YAML escapes
    path.write_text(base_yaml(**{"severity: sev2": f'severity: "{evil}"'}), "utf-8")
    code, found, _ = lint(path)
    shown = "'\\x1b]0;pwned\\x07\\x9b31m\\x00\\u202e'"
    assert (code, found) == (1, {str(path): [("schema", 4, 11, SEVERITY_ENUM + shown)]})
    for fmt in ("full", "concise", "json"):
        _, out, _ = run_cli("--format", fmt, "--color", "always", "--select", CORE, str(path))
        assert not {"\x07", "\x9b", "\x00", "\u202e"} & set(out), fmt
        assert "\x1b]0;" not in out and "\\x1b]0;pwned" in out.replace("\\\\", "\\"), fmt


def test_g3_machine_formats_are_never_wrapped(tmp_path: Path) -> None:
    path = tmp_path / ("long-name-" * 20 + ".json")
    path.write_text(record_json(severity="word " * 40), "utf-8")
    args = ("--select", CORE, str(path), str(CANARY))
    code, out, _ = subprocess_lint("--format", "json", *args, env={"COLUMNS": "20"})
    assert code == 1
    report = json.loads(out)
    messages = {d["file"]: (d["rule"], d["message"]) for d in report["diagnostics"]}
    assert messages == {
        str(path): ("schema", SEVERITY_ENUM + "'" + ("word " * 40)[:79] + "…'"),
        str(CANARY): ("yaml-ambiguous-value", CANARY_FINDING[3]),
    }
    code, out, _ = subprocess_lint("--format", "concise", *args, env={"COLUMNS": "20"})
    lines = out.splitlines()
    assert code == 1 and len(lines) == 2
    assert lines[0].startswith(f"{path}:5:15: error[schema] ") and lines[1].startswith(f"{CANARY}:12:11: ")


def test_g6_strict_ascii_stdout_with_a_non_utf8_name(tmp_path: Path) -> None:
    raw = os.path.join(os.fsencode(tmp_path), b"caf\xe9.json")  # Latin-1 bytes: not UTF-8
    with open(raw, "wb") as handle:
        handle.write(b'{"title": }')
    for fmt in ("concise", "full", "json"):
        code, out, err = subprocess_lint(
            "--format", fmt, "--select", CORE, str(tmp_path), str(CANARY), env={"PYTHONIOENCODING": "ascii"}
        )
        assert code == 1, err
        shown = f"{tmp_path}/caf\\udce9.json"
        assert shown in (out if fmt != "json" else [d["file"] for d in json.loads(out)["diagnostics"]]), fmt
        assert "yaml-ambiguous-value" in out, "the canary is still reported"


@pytest.mark.parametrize("fmt", ["concise", "full", "json"])
def test_g7_closed_pipe_stops_quietly_and_keeps_the_lint_verdict(tmp_path: Path, fmt: str) -> None:
    """Policy: when the reader goes away (`| head`), stop writing, print nothing, and exit with the lint result.

    All files were linted before the report was written, so the verdict is known; a pipeline with pipefail sees
    0 for warnings only, as here, and 1 when there are errors.
    """
    path = tmp_path / "warnings.yaml"
    path.write_text(base_yaml() + "x-notes:\n" + "".join(f"  n{n}: yes\n" for n in range(4000)), "utf-8")
    proc = subprocess.Popen(
        [console_script(), "--format", fmt, "--color", "never", "--select", CORE, str(path), str(CANARY)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()  # like `head -1`: the rest of the ~700 KB report has nowhere to go
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 0
    assert first.strip() and err == ""


# -- H. Rules and many files -------------------------------------------------------------------------------------

CRASHING_RULE = """
from incidentlint.api import Finding, rule


@rule(code="ZZ901", name="assumes-shapes", severity="error", summary="s", rationale="r")
def check(record, options):
    for entry in record.get("x-owners", []):
        yield Finding("/x-owners", entry["name"])  # a string entry: TypeError
"""


def test_h1_a_rule_that_crashes_on_an_unexpected_shape_is_contained(tmp_path: Path) -> None:
    (tmp_path / "local_rules.py").write_text(CRASHING_RULE, "utf-8")
    config = tmp_path / "config.toml"
    config.write_text('rule-paths = ["local_rules.py"]\n', "utf-8")
    path = tmp_path / "shapes.json"
    text = record_json(severity="critical", **{"x-owners": ["Ann"]})
    path.write_text(text, "utf-8")
    code, found, _ = lint(path, args=("--config", str(config), "--extend-select", "assumes-shapes"))
    assert code == 3
    assert found == {
        str(path): [
            (
                "internal-error",
                1,
                1,
                f"rule 'assumes-shapes' (local file local_rules.py) crashed on {path}: TypeError: string indices "
                "must be integers, not 'str'; the other checks still ran. Fix the rule in its file.",
            ),
            ("schema", *position_of(text, '"critical"'), SEVERITY_ENUM + "'critical'"),
        ]
    }


def test_h6_a_crash_in_one_file_does_not_stop_the_others(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cursed = tmp_path / "cursed.json"
    cursed.write_text(record_json(), "utf-8")
    after = tmp_path / "z-after.json"
    after.write_text('{"title": }', "utf-8")
    real_load = load_path

    def load_or_crash(path: str, *args: Any, **kwargs: Any) -> Any:
        if path == str(cursed):
            raise RuntimeError("simulated bug")
        return real_load(path, *args, **kwargs)

    monkeypatch.setattr("incidentlint.engine.load_path", load_or_crash)
    code, found, _ = lint(cursed, after)
    assert code == 3
    assert found == {
        str(cursed): [
            (
                "internal-error",
                1,
                1,
                "incidentlint crashed while checking this file: RuntimeError: simulated bug; the other files were "
                "still checked. Please report this with the file attached.",
            )
        ],
        str(after): [("parse-error", 1, 11, "expected a value, found '}'")],
    }
