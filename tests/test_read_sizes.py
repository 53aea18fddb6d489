"""Reading a file asks for the size fstat reports (plus one byte), and still reads files that grow or report no size."""

from __future__ import annotations

import io
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


class _Recording(io.BytesIO):
    """Standard input that remembers how much each read asked for."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.asked: list[int] = []

    def read(self, size: int | None = -1) -> bytes:
        self.asked.append(-1 if size is None else size)
        return super().read(size)


def test_standard_input_is_read_in_chunks_whatever_the_limit() -> None:
    """A 1 GiB max-file-size must not make a 3 KB record from stdin ask for a gigabyte at once (and the largest
    integer used to end in OverflowError)."""
    data = b'{"a": 1}' * 300_000  # 2.3 MiB: three reads of at most 1 MiB, then the end
    stream = _Recording(data)
    assert loader.read_bytes("-", 1024**3, stream) == data
    assert max(stream.asked) == 1024 * 1024 and len(stream.asked) == 4


@pytest.mark.parametrize(("size", "refused"), [(4096, False), (4097, True)])
def test_standard_input_over_the_limit_is_refused_to_the_byte(size: int, refused: bool) -> None:
    result = loader.read_bytes("-", 4096, io.BytesIO(b"x" * size))
    if refused:
        assert isinstance(result, LoadProblem)
        assert result.message.startswith("the file is over the 4.0 KiB limit for an incident record")
    else:
        assert result == b"x" * size
