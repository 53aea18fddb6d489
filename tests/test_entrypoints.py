"""The quick entry-point scan says "no plugins" only when importlib.metadata would find none either."""

from __future__ import annotations

import zipfile
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from incidentlint.entrypoints import declares, may_declare
from incidentlint.registry import ENTRY_POINT_GROUP

GROUP = "incidentlint.rules"


def _distribution(root: Path, name: str, entry_points_txt: str, suffix: str = ".dist-info") -> None:
    info = root / f"{name}-1.0{suffix}"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n", "utf-8")
    (info / "entry_points.txt").write_text(entry_points_txt, "utf-8")


def test_this_environment_has_no_rule_plugins_and_both_agree() -> None:
    assert not may_declare(ENTRY_POINT_GROUP)
    assert list(entry_points(group=ENTRY_POINT_GROUP)) == []


@pytest.mark.parametrize("suffix", [".dist-info", ".egg-info"])
def test_an_installed_plugin_is_seen(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, suffix: str) -> None:
    _distribution(
        tmp_path, "acme_rules", f"[console_scripts]\nacme = acme:main\n\n[{GROUP}]\nacme = acme_rules\n", suffix
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    assert may_declare(GROUP)
    assert [point.name for point in entry_points(group=GROUP)] == ["acme"]


def test_other_groups_and_empty_sections_are_not_plugins(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _distribution(tmp_path, "tool", f"[console_scripts]\ntool = tool:main\n[{GROUP}]\n# none yet\n\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert not may_declare(GROUP)
    assert list(entry_points(group=GROUP)) == []


def test_a_zip_on_the_path_means_ask_importlib(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    archive = tmp_path / "bundle.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        handle.writestr("mod.py", "")
    monkeypatch.syspath_prepend(str(archive))
    assert may_declare(GROUP)


def test_a_plugin_is_loaded_through_the_registry(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """End to end: the registry's wrapper finds a real installed (on sys.path) plugin and loads its rules."""
    from incidentlint.registry import plugin_rules

    (tmp_path / "acme_quick_rules.py").write_text(
        "from incidentlint.api import rule\n\n"
        "@rule(code='ACME1', name='acme-check', severity='warning', summary='s.', rationale='r.')\n"
        "def check(record, options):\n    return iter(())\n",
        "utf-8",
    )
    _distribution(tmp_path, "acme_quick", f"[{GROUP}]\nacme = acme_quick_rules\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert [rule.name for rule in plugin_rules()] == ["acme-check"]


def test_declares_reads_sections_like_importlib() -> None:
    assert declares(f"[{GROUP}]\nx = y\n", f"[{GROUP}]")
    assert declares(f"  [{GROUP}]  \n  x = y\n", f"[{GROUP}]")
    assert not declares(f"[{GROUP}.extra]\nx = y\n", f"[{GROUP}]")
    assert not declares(f"[{GROUP}]\n; comment\n[other]\nx = y\n", f"[{GROUP}]")
