"""``--format rdjson``: the Reviewdog Diagnostic Format, with columns counted in UTF-8 bytes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from incidentlint.reporters.rdjson import byte_column
from tests.helpers import position_of, reference, run_cli


def rdjson(*args: str) -> tuple[int, dict[str, Any]]:
    code, out, err = run_cli("--format", "rdjson", *args)
    assert err == ""
    parsed: dict[str, Any] = json.loads(out)
    return code, parsed


def test_shape_positions_and_severities(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    data = reference()
    data["severity"] = "critical"
    data["title"] = "TBD"
    text = json.dumps(data, indent=2)
    Path("incidents").mkdir()
    Path("incidents/bad.json").write_text(text, "utf-8")
    code, report = rdjson("incidents")
    assert code == 1
    assert report["source"] == {"name": "incidentlint"}
    line, column = position_of(text, '"critical"')
    title_line, title_column = position_of(text, '"TBD"')
    assert report["diagnostics"] == [
        {
            "message": (
                "title is the placeholder 'TBD'; replace it with the real content before the record is published"
            ),
            "location": {
                "path": "incidents/bad.json",
                "range": {
                    "start": {"line": title_line, "column": title_column},
                    "end": {"line": title_line, "column": title_column + 5},
                },
            },
            "severity": "WARNING",
            "code": {"value": "placeholder-text"},
        },
        {
            "message": "severity must be one of sev1, sev2, sev3, sev4, sev5; got 'critical'",
            "location": {
                "path": "incidents/bad.json",
                "range": {"start": {"line": line, "column": column}, "end": {"line": line, "column": column + 10}},
            },
            "severity": "ERROR",
            "code": {"value": "schema"},
        },
    ]


def test_columns_count_utf8_bytes_after_non_ascii_text(tmp_path: Path) -> None:
    # 'é' is 2 bytes and '𐐀' 4: TBD is the 15th character of its line and starts at its 19th byte.
    path = tmp_path / "r.yaml"
    path.write_text("title: Caf\u00e9 \U00010400\nseverity: critical\nx: {a: \u00e9\U00010400, b: TBD}\n", "utf-8")
    code, report = rdjson("--select", "schema,placeholder-text", str(path))
    assert code == 1
    starts = [(d["code"]["value"], d["location"]["range"]["start"]) for d in report["diagnostics"]]
    assert ("schema", {"line": 2, "column": 11}) in starts  # ASCII before it: bytes and characters agree
    [placeholder] = [d for d in report["diagnostics"] if d["code"]["value"] == "placeholder-text"]
    assert placeholder["location"]["range"] == {"start": {"line": 3, "column": 19}, "end": {"line": 3, "column": 22}}


@pytest.mark.parametrize(
    ("text", "column", "expected"),
    [
        ("abc", 1, 1),
        ("a\U00010400b", 2, 2),
        ("a\U00010400b", 3, 6),  # the example of reviewdog's own definition
        ("\u00e9t\u00e9", 4, 6),  # just past the end
        ("a\udcffb", 3, 5),  # a lone surrogate from an undecodable file name: 3 bytes, never a crash
    ],
)
def test_byte_column(text: str, column: int, expected: int) -> None:
    assert byte_column(text, column) == expected


def test_a_range_over_several_lines_is_given_by_its_start(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text("responders:\n  - Tom\n  - Tom\nx-list: [\n  1,\n  2]\n", "utf-8")
    code, report = rdjson("--select", "duplicate-responder,schema", str(path))
    schema = next(d for d in report["diagnostics"] if d["message"].startswith("the record is missing"))
    assert schema["location"]["range"] == {"start": {"line": 1, "column": 1}}
    assert code == 1


def test_a_clean_run_is_an_empty_list_of_diagnostics(tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    path.write_text(json.dumps(reference()), "utf-8")
    assert rdjson(str(path)) == (0, {"source": {"name": "incidentlint"}, "diagnostics": []})


def test_an_invalid_utf8_byte_after_non_ascii_text_is_at_its_byte_column(tmp_path: Path) -> None:
    """The file cannot be decoded, but the line up to the bad byte can: 'title: "é' is 9 characters and 10 bytes,
    so the bad byte is character 10 and byte 11. The human report shows that line too."""
    path = tmp_path / "bad.yaml"
    path.write_bytes(b'\xef\xbb\xbfa: 1\ntitle: "\xc3\xa9\xff"\n')
    code, report = rdjson(str(path))
    assert code == 1
    [diagnostic] = report["diagnostics"]
    assert diagnostic["location"]["range"] == {"start": {"line": 2, "column": 11}}
    assert diagnostic["message"].startswith("invalid UTF-8: byte 0xff")
    assert run_cli("--format", "concise", str(path))[1].startswith(f"{path}:2:10: error[parse-error] invalid UTF-8")
    full = run_cli("--format", "full", "--color", "never", str(path))[1].splitlines()
    assert full[2:5] == ["  |", '2 | title: "é', "  |          ^"]


def test_a_utf16_file_is_at_its_first_column_without_a_line(tmp_path: Path) -> None:
    path = tmp_path / "wide.json"
    path.write_bytes("{}".encode("utf-16"))
    code, report = rdjson(str(path))
    assert code == 1
    assert [d["location"]["range"] for d in report["diagnostics"]] == [{"start": {"line": 1, "column": 1}}]
    assert "|" not in run_cli("--format", "full", "--color", "never", str(path))[1]


def test_a_byte_order_mark_is_three_bytes_of_line_1_only(tmp_path: Path) -> None:
    """Reviewdog slices the diff's lines, which keep the mark (EF BB BF): 'critical' is the 24th character of
    line 1 after a 2-byte 'é', so byte 25 without the mark and 28 with it; line 2 has no mark to count."""
    path = tmp_path / "r.yaml"
    path.write_bytes(b"\xef\xbb\xbf{summary: \xc3\xa9, severity: critical,\n title: TBD}\n")
    code, report = rdjson("--select", "schema,placeholder-text", str(path))
    assert code == 1
    ranges = {d["message"].split(";")[0]: d["location"]["range"] for d in report["diagnostics"]}
    assert ranges["severity must be one of sev1, sev2, sev3, sev4, sev5"] == {
        "start": {"line": 1, "column": 28},
        "end": {"line": 1, "column": 36},
    }
    assert ranges["the record is missing the required field 'status': where the incident is in its lifecycle"] == {
        "start": {"line": 1, "column": 4}  # the '{' just after the mark
    }
    assert ranges["title is the placeholder 'TBD'"] == {
        "start": {"line": 2, "column": 9},
        "end": {"line": 2, "column": 12},
    }
    concise = run_cli("--format", "concise", "--select", "schema", str(path))[1].splitlines()
    assert f"{path}:1:24: error[schema] severity must be one of sev1, sev2, sev3, sev4, sev5; got 'critical'" in (
        concise
    )  # the other formats count characters of the text, without the mark


def test_a_parse_error_on_line_1_after_a_byte_order_mark_counts_the_mark(tmp_path: Path) -> None:
    # The second ',' is character 16 of '{"title": "é", ,}' and byte 17; the mark makes it byte 20.
    path = tmp_path / "r.json"
    path.write_bytes(b'\xef\xbb\xbf{"title": "\xc3\xa9", ,}')
    code, report = rdjson(str(path))
    assert code == 1
    [diagnostic] = report["diagnostics"]
    assert diagnostic["message"] == "',' is written twice; remove one"
    assert diagnostic["location"]["range"] == {"start": {"line": 1, "column": 20}}


def test_an_invalid_utf8_byte_on_line_1_after_a_byte_order_mark_counts_the_mark(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_bytes(b'\xef\xbb\xbftitle: "\xc3\xa9\xff"\n')
    code, report = rdjson(str(path))
    assert code == 1
    [diagnostic] = report["diagnostics"]
    assert diagnostic["location"]["range"] == {"start": {"line": 1, "column": 14}}  # 3 + 10 bytes before it
