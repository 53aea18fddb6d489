"""Careful writes: atomic replace, mode and owner kept, symlinks followed, concurrent changes and failures refused."""

from __future__ import annotations

import contextlib
import json
import os
import stat
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from incidentlint.writer import WriteError, check_target, write_atomic
from tests.helpers import reference, run_cli

OLD = b'{"duration": "2h"}\n'
NEW = b'{"duration": "1h 5m"}\n'


def _leftovers(directory: Path) -> list[str]:
    return sorted(name for name in os.listdir(directory) if name.endswith(".tmp"))


def test_replaces_the_contents_and_keeps_the_mode(tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    path.write_bytes(OLD)
    path.chmod(0o640)
    write_atomic(str(path), NEW, OLD)
    assert path.read_bytes() == NEW
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert _leftovers(tmp_path) == []


def test_an_unusual_mode_with_the_executable_bit_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    path.write_bytes(OLD)
    path.chmod(0o751)
    write_atomic(str(path), NEW, OLD)
    assert stat.S_IMODE(path.stat().st_mode) == 0o751


def test_a_symlink_is_followed_so_the_target_changes_and_the_link_stays(tmp_path: Path) -> None:
    target = tmp_path / "real" / "r.json"
    target.parent.mkdir()
    target.write_bytes(OLD)
    link = tmp_path / "link.json"
    link.symlink_to(target)
    write_atomic(str(link), NEW, OLD)
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_bytes() == NEW
    assert _leftovers(target.parent) == [] and _leftovers(tmp_path) == []


def test_a_file_changed_since_it_was_read_is_not_written(tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    path.write_bytes(b'{"duration": "3h"}\n')  # someone saved a new version after we read OLD
    with pytest.raises(WriteError) as raised:
        write_atomic(str(path), NEW, OLD)
    assert raised.value.message == (
        "the file changed on disk while incidentlint was fixing it, so the fix was not written; "
        "run incidentlint again on the new contents"
    )
    assert path.read_bytes() == b'{"duration": "3h"}\n'


def test_a_change_that_lands_while_the_temporary_file_is_written_is_caught(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "r.json"
    path.write_bytes(OLD)
    real = tempfile.mkstemp

    def racing_mkstemp(*args: object, **kwargs: object) -> tuple[int, str]:
        path.write_bytes(b"edited meanwhile\n")
        return real(*args, **kwargs)  # type: ignore[call-overload, no-any-return]

    monkeypatch.setattr(tempfile, "mkstemp", racing_mkstemp)
    with pytest.raises(WriteError, match="changed on disk"):
        write_atomic(str(path), NEW, OLD)
    assert path.read_bytes() == b"edited meanwhile\n"
    assert _leftovers(tmp_path) == []


def test_a_hard_linked_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    path.write_bytes(OLD)
    os.link(path, tmp_path / "other.json")
    with pytest.raises(WriteError, match="the file has 2 hard links"):
        write_atomic(str(path), NEW, OLD)
    assert path.read_bytes() == OLD


def test_a_failing_temporary_file_leaves_the_original(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "r.json"
    path.write_bytes(OLD)

    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(WriteError) as raised:
        write_atomic(str(path), NEW, OLD)
    assert raised.value.message == (
        f"cannot write the fixed file: Permission denied when creating a file in {tmp_path} "
        "(is the directory read-only?); the original is unchanged"
    )
    assert path.read_bytes() == OLD


def test_a_failing_rename_removes_the_temporary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "r.json"
    path.write_bytes(OLD)

    def refuse(source: str, target: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(WriteError) as raised:
        write_atomic(str(path), NEW, OLD)
    assert raised.value.message == "cannot write the fixed file: No space left on device; the original is unchanged"
    assert path.read_bytes() == OLD
    assert _leftovers(tmp_path) == []


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can create a file owned by someone else")
def test_root_keeps_the_owner_of_someone_elses_file(tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    path.write_bytes(OLD)
    os.chown(path, 1234, 5678)
    write_atomic(str(path), NEW, OLD)
    assert (path.stat().st_uid, path.stat().st_gid) == (1234, 5678)


@contextlib.contextmanager
def read_only_directory(directory: Path) -> Iterator[None]:
    """Really stop new files in ``directory``: mode 0555 for normal users; root ignores modes, so it uses the
    immutable attribute (chattr +i), which stops even root from adding a directory entry."""
    if os.geteuid() != 0:
        directory.chmod(0o555)
        try:
            yield
        finally:
            directory.chmod(0o755)
        return
    done = subprocess.run(["chattr", "+i", str(directory)], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot make a directory read-only as root here: {done.stderr.strip()}")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(directory)], check=True)


def test_a_really_read_only_directory_gives_a_clear_error_and_the_original_stays(tmp_path: Path) -> None:
    directory = tmp_path / "records"
    directory.mkdir()
    path = directory / "r.json"
    path.write_bytes(OLD)
    with read_only_directory(directory), pytest.raises(WriteError) as raised:
        write_atomic(str(path), NEW, OLD)
    assert raised.value.message.startswith("cannot write the fixed file: ")
    assert raised.value.message.endswith(
        f"when creating a file in {directory} (is the directory read-only?); the original is unchanged"
    )
    assert path.read_bytes() == OLD
    assert _leftovers(directory) == []


def test_a_file_name_at_the_length_limit_still_gets_a_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / ("x" * 250 + ".json")
    path.write_bytes(OLD)
    write_atomic(str(path), NEW, OLD)
    assert path.read_bytes() == NEW


def test_only_permission_errors_suggest_a_read_only_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "r.json"
    path.write_bytes(OLD)

    def full(*args: object, **kwargs: object) -> tuple[int, str]:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(tempfile, "mkstemp", full)
    with pytest.raises(WriteError) as raised:
        write_atomic(str(path), NEW, OLD)
    assert raised.value.message == (
        f"cannot write the fixed file: No space left on device when creating a file in {tmp_path}; "
        "the original is unchanged"
    )


# -- a file the run owns (expected=None, as for --write-baseline): created or replaced whatever it holds ------------


def test_without_expected_contents_a_missing_file_is_created_with_the_umasks_mode(tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    old = os.umask(0o027)
    try:
        write_atomic(str(path), NEW, None, "the baseline b.json")
    finally:
        os.umask(old)
    assert path.read_bytes() == NEW
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert _leftovers(tmp_path) == []


def test_without_expected_contents_an_existing_file_is_replaced_keeping_its_mode(tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    path.write_bytes(b"whatever it held\n")
    path.chmod(0o604)
    write_atomic(str(path), NEW, None, "the baseline b.json")
    assert path.read_bytes() == NEW and stat.S_IMODE(path.stat().st_mode) == 0o604


def test_a_dangling_symlink_creates_its_target_and_stays_a_link(tmp_path: Path) -> None:
    link = tmp_path / "b.json"
    link.symlink_to("real.json")
    write_atomic(str(link), NEW, None, "the baseline b.json")
    assert link.is_symlink() and (tmp_path / "real.json").read_bytes() == NEW


@pytest.mark.parametrize(("make", "kind"), [(os.mkfifo, "a pipe (FIFO)"), (os.mkdir, "a directory")])
def test_what_is_not_a_regular_file_is_refused_and_left_alone(
    tmp_path: Path, make: Callable[[Path], None], kind: str
) -> None:
    path = tmp_path / "b.json"
    make(path)
    before = os.stat(path)
    expected = (
        f"cannot write the baseline b.json: it is {kind}, not a regular file; nothing was written. "
        "Name a regular file, or one that does not exist yet"
    )
    with pytest.raises(WriteError) as checked:
        check_target(str(path), "the baseline b.json")
    with pytest.raises(WriteError) as written:
        write_atomic(str(path), NEW, None, "the baseline b.json")
    assert checked.value.message == written.value.message == expected
    after = os.stat(path)
    assert (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode)
    assert _leftovers(tmp_path) == []


def test_a_new_file_in_a_missing_directory_says_where(tmp_path: Path) -> None:
    with pytest.raises(WriteError) as raised:
        write_atomic(str(tmp_path / "gone" / "b.json"), NEW, None, "the baseline gone/b.json")
    assert raised.value.message == (
        "cannot write the baseline gone/b.json: No such file or directory when creating a file in "
        f"{tmp_path / 'gone'}; nothing was written"
    )


def test_a_read_only_file_is_not_overridden(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Replacing works wherever the directory is writable; a read-only file is its owner's choice. The test runs as
    # root in CI, for whom every file is writable, so the OS's answer for a normal user is given here.
    path = tmp_path / "r.json"
    path.write_bytes(OLD)
    path.chmod(0o444)
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if mode == os.W_OK else real_access(p, mode))
    with pytest.raises(WriteError) as raised:
        write_atomic(str(path), NEW, OLD)
    assert (
        raised.value.message == "cannot write the fixed file: it is read-only; make it writable to let --fix change it"
    )
    assert path.read_bytes() == OLD and _leftovers(tmp_path) == []


def test_a_read_only_file_through_the_command_line_is_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = reference()
    data["duration"] = "1h 15m"
    path = tmp_path / "INC-2024-0315-001.json"
    path.write_text(json.dumps(data, indent=2), "utf-8")
    before = path.read_bytes()
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if mode == os.W_OK else real_access(p, mode))
    code, out, _ = run_cli("--fix", "--format", "concise", str(path))
    assert code == 2 and path.read_bytes() == before
    assert f"{path}:1:1: error[io-error] cannot write the fixed file: it is read-only; make it writable" in out
