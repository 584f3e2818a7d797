"""A non-editable install runs the labs and renders their pages as a checkout does.

The wheel is built from a copy of the source tree, installed into a fresh
virtual environment (its dependencies borrowed from the test environment by
a `.pth` line, so nothing is downloaded), and used from a directory outside
the repository: `gradschool` there is the installed copy, never the checkout.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FAST_LABS = ("chain-rule", "backprop")


def _run(args: list[str | Path], cwd: Path, timeout: int = 600) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["MPLBACKEND"] = "Agg"
    done = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout)
    assert done.returncode == 0, f"{args} failed:\n{done.stdout}\n{done.stderr}"
    return done


def _source_data_files() -> list[str]:
    """Every file of the package that is not Python source: what package-data must ship."""
    package = ROOT / "gradschool"
    return sorted(str(p.relative_to(ROOT)) for p in package.rglob("*")
                  if p.is_file() and p.suffix not in (".py", ".pyc")
                  and "__pycache__" not in p.parts)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel of a copy of the source tree (no build files left in the checkout)."""
    src = tmp_path_factory.mktemp("src")
    shutil.copytree(ROOT / "gradschool", src / "gradschool",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    out = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
          "--no-index", "-q", "-w", out, src], cwd=src)
    (built,) = out.glob("gradschool-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh venv with the wheel installed; returns its python."""
    venv = tmp_path_factory.mktemp("venv")
    _run([sys.executable, "-m", "venv", "--without-pip", venv], cwd=venv)
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    purelib = _run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                   cwd=venv).stdout.strip()
    _run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "-q",
          "--target", purelib, wheel], cwd=venv)
    # The dependencies (numpy, matplotlib, ...) come from the test environment; a
    # directory named in a .pth file is appended to sys.path after the venv's own.
    Path(purelib, "test-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return python


def test_the_wheel_carries_every_data_file_of_the_package(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = [f for f in _source_data_files() if f not in names]
    assert not missing, f"package-data does not ship: {missing}"
    explanations = [n for n in names if n.endswith("/explanation.md")]
    assert len(explanations) >= 12


def test_the_installed_package_is_the_wheel_not_the_checkout(installed, tmp_path):
    where = _run([installed, "-c", "import gradschool; print(gradschool.__file__)"],
                 cwd=tmp_path).stdout.strip()
    assert Path(where).is_relative_to(installed.parents[1]), where
    assert not Path(where).is_relative_to(ROOT), where


def test_every_lab_reads_its_text_and_renders_its_page_from_the_wheel(installed, tmp_path):
    script = """
import json, sys
from gradschool.runner import load_labs
from gradschool.report import render_lab_page
out = {}
for lab in load_labs().values():
    record = {"lab": lab.id, "title": lab.title, "part": lab.part, "summary": lab.summary,
              "status": "ok", "explanation": lab.explanation}
    out[lab.id] = {"explanation": lab.explanation, "page": render_lab_page(record)}
json.dump(out, sys.stdout)
"""
    pages = json.loads(_run([installed, "-c", script], cwd=tmp_path).stdout)
    from gradschool.runner import load_labs
    labs = load_labs()
    assert set(pages) == set(labs)
    for lab_id, lab in labs.items():
        assert pages[lab_id]["explanation"] == lab.explanation, lab_id
        first_words = " ".join(lab.explanation.split()[:3]).strip("*`")
        assert "<p>" in pages[lab_id]["page"], lab_id
        assert first_words.split()[0].strip("*`") in pages[lab_id]["page"], lab_id


def test_labs_run_and_the_report_rebuilds_from_the_wheel(installed, tmp_path):
    out = tmp_path / "runs"
    _run([installed, "-m", "gradschool", "run", *FAST_LABS, "--out", out], cwd=tmp_path)
    for lab_id in FAST_LABS:
        record = json.loads((out / lab_id / "metrics.json").read_text())
        assert record["status"] == "ok", record.get("error")
        page = (out / lab_id / "index.html").read_text()
        assert "<p>" in page and record["summary"][:20] in page
    _run([installed, "-m", "gradschool", "report", out], cwd=tmp_path)
    assert all(f'id="lab-{lab_id}"' in (out / "index.html").read_text() for lab_id in FAST_LABS)
