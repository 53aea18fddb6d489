"""The built wheel, installed non-editable into a fresh venv, lints examples/ (catches files only an editable
install can see), installs no top-level ``rules`` or ``schemas`` package, and types a plugin written against it."""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from tests.helpers import ROOT


@pytest.mark.slow
def test_wheel_installs_and_lints_examples(tmp_path: Path) -> None:
    source = tmp_path / "src"
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(".venv", ".git", "*.egg-info", "build", "dist", "__pycache__", ".*cache"),
    )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(tmp_path / "dist"),
            str(source),
        ],
        check=True,
        capture_output=True,
    )
    [wheel] = (tmp_path / "dist").glob("incidentlint-*.whl")
    target = tmp_path / "venv"
    venv.create(target, with_pip=True)
    python = target / "bin" / "python"
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    # Dependencies come from this environment (no network); incidentlint itself only from the wheel.
    (Path(site) / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", "utf-8")
    subprocess.run(
        [str(python), "-m", "pip", "install", "--no-deps", "--no-index", str(wheel)], check=True, capture_output=True
    )
    assert (Path(site) / "incidentlint" / "rules" / "__init__.py").is_file()
    assert (Path(site) / "incidentlint" / "schemas" / "incident.schema.json").is_file()
    assert not (Path(site) / "rules").exists() and not (Path(site) / "schemas").exists()
    # A plugin written against the installed package type-checks under mypy --strict: py.typed is shipped, and the
    # decorator's types are usable (without the marker mypy says "missing library stubs or py.typed marker").
    assert (Path(site) / "incidentlint" / "py.typed").is_file()
    pack = tmp_path / "pack"
    shutil.copytree(ROOT / "tests" / "fixtures" / "plugin_pack", pack, ignore=shutil.ignore_patterns("__pycache__"))
    typed = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--python-executable", str(python), "acme_incident_rules"],
        cwd=pack,
        capture_output=True,
        text=True,
    )
    assert (typed.returncode, typed.stdout) == (0, "Success: no issues found in 1 source file\n"), typed.stdout
    proc = subprocess.run(
        [str(target / "bin" / "incidentlint"), str(ROOT / "examples")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "All clean: 2 files checked" in proc.stdout
    located = subprocess.run(
        [str(python), "-c", "import incidentlint; print(incidentlint.__file__)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    ).stdout
    assert located.startswith(site)
