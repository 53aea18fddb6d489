"""Reading a file asks for the size fstat reports (plus one byte), and still reads files that grow or report no size."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from incidentlint import loader
from incidentlint.document import LoadProblem


def _shrunk_fstat(monkeypatch: pytest.MonkeyPatch, reported: int) -> None:
    """Make stat and fstat report ``reported`` bytes, as for a file that grows after they ran."""
    real_stat, real_fstat = os.stat, os.fstat

    def shrink(info: os.stat_result) -> os.stat_result:
        fields = list(info)
        fields[6] = reported  # st_size
        return os.stat_result(fields)

    monkeypatch.setattr(os, "stat", lambda path, *args, **kwargs: shrink(real_stat(path, *args, **kwargs)))
    monkeypatch.setattr(os, "fstat", lambda fd: shrink(real_fstat(fd)))


def test_a_file_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    path.write_bytes(b'{"a": 1}' * 1000)
    assert loader.read_bytes(str(path)) == path.read_bytes()


def test_a_file_that_grew_after_fstat_is_read_up_to_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "r.json"
    path.write_bytes(b"x" * 5000)
    _shrunk_fstat(monkeypatch, 100)
    assert loader.read_bytes(str(path), max_bytes=10_000) == b"x" * 5000


def test_a_file_that_grew_past_the_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "r.json"
    path.write_bytes(b"x" * 5000)
    _shrunk_fstat(monkeypatch, 100)
    problem = loader.read_bytes(str(path), max_bytes=1000)
    assert isinstance(problem, LoadProblem)
    assert (problem.rule, problem.message) == ("parse-error", loader._too_large(None, 1000))
    assert problem.message.startswith("the file is over the ")


def test_a_file_of_exactly_the_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    path.write_bytes(b"y" * 1000)
    assert loader.read_bytes(str(path), max_bytes=1000) == b"y" * 1000


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc reports a size of 0 for files with content")
def test_a_file_that_reports_no_size_is_read() -> None:
    data = loader.read_bytes("/proc/self/status")
    assert isinstance(data, bytes) and data.startswith(b"Name:")


def test_short_reads_are_read_on_until_the_end(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """os.read may return fewer bytes than asked (a network file system, a signal): the loop reads on."""
    path = tmp_path / "r.json"
    path.write_bytes(bytes(range(256)) * 20)
    real_read = os.read
    monkeypatch.setattr(os, "read", lambda fd, size: real_read(fd, min(size, 7)))
    assert loader.read_bytes(str(path)) == path.read_bytes()
    assert isinstance(loader.read_bytes(str(path), max_bytes=5000), LoadProblem)
