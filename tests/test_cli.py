"""The `gradschool` command and the runner behind it, driven with the demo labs."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Literal

import pytest
from typer.testing import CliRunner

from gradschool.cli import app
from gradschool.runner import OverrideError, parse_value
from tests.demo_support import DEMO_MODULE, demo_labs

ROOT = Path(__file__).resolve().parents[1]
CONTRACT_KEYS = {"lab", "preset", "seed", "config", "metrics", "wall_seconds", "versions",
                 "status"}


@pytest.fixture
def demo(monkeypatch: pytest.MonkeyPatch):
    """The demo labs are registered for this test only."""
    with demo_labs(monkeypatch):
        yield


def gradschool(*args: str | Path):
    """Invoke the CLI in-process; returns typer's Result (stdout, stderr, exit_code)."""
    return CliRunner().invoke(app, [str(a) for a in args])


def metrics(out: Path, lab_id: str) -> dict:
    return json.loads((out / lab_id / "metrics.json").read_text())


def leftovers(out: Path) -> list[str]:
    """Temporary files or staging directories a run must never leave behind."""
    return [str(p) for p in out.rglob("*") if p.name.endswith(".tmp") or ".partial-" in p.name
            or ".old-" in p.name]


def test_list_shows_the_labs(demo):
    result = gradschool("list")
    assert result.exit_code == 0, result.output
    assert "demo-sine" in result.stdout and "demo-fragile" in result.stdout
    assert "Demo: fitting a sine" in result.stdout


def test_run_writes_metrics_figures_pages_and_index(demo, tmp_path):
    out = tmp_path / "runs"
    result = gradschool("run", "demo-sine", "--out", out, "--seed", "5")
    assert result.exit_code == 0, result.output
    record = metrics(out, "demo-sine")
    assert CONTRACT_KEYS <= set(record)
    assert record["status"] == "ok" and record["preset"] == "quick"
    assert record["seed"] == 5 and record["config"]["seed"] == 5
    assert set(record["versions"]) >= {"python", "numpy", "gradschool", "platform"}
    assert record["wall_seconds"] > 0
    assert record["headline"]["points"] == "50"
    # NaN/inf become strings; NumPy arrays and scalars become plain JSON.
    assert record["metrics"]["not_a_number"] == "nan" and record["metrics"]["overflow"] == "inf"
    assert record["metrics"]["matrix"] == [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]
    assert record["figures"] == ["fit.svg", "histogram.png"]
    for name in record["figures"]:
        assert (out / "demo-sine" / name).stat().st_size > 0
    page = (out / "demo-sine" / "index.html").read_text()
    assert "fit.svg" in page and "histogram.png" in page and "<em>demo</em>" in page
    assert "&lt;script&gt;" in page and "<script>" not in page  # metrics are escaped
    index = (out / "index.html").read_text()
    assert 'href="demo-sine/index.html"' in index and 'src="demo-sine/fit.svg"' in index
    assert "report:" in result.stdout
    assert leftovers(out) == []


def test_the_seed_makes_runs_reproducible(demo, tmp_path):
    walks = []
    for seed, name in ((1, "a"), (1, "b"), (2, "c")):
        assert gradschool("run", "demo-sine", "--out", tmp_path / name,
                          "--seed", str(seed)).exit_code == 0
        walks.append(metrics(tmp_path / name, "demo-sine")["metrics"]["walk"])
    assert walks[0] == walks[1] and walks[0] != walks[2]


def test_set_parses_each_field_type(demo, tmp_path):
    out = tmp_path / "runs"
    result = gradschool("run", "demo-sine", "demo-fragile", "--out", out,
                        "--set", "n_points=20", "--set", "noise=0.5", "--set", "label=wave",
                        "--set", "degrees=1,2,4", "--set", "show_fit=no")
    assert result.exit_code == 0, result.output
    config = metrics(out, "demo-sine")["config"]
    assert config == {"seed": 0, "n_points": 20, "noise": 0.5, "label": "wave",
                      "degrees": [1, 2, 4], "show_fit": False}
    assert "n_points" not in metrics(out, "demo-fragile")["config"]  # only labs with the key


@pytest.mark.parametrize("args, words", [
    (["run", "no-such-lab"], ["unknown lab", "no-such-lab"]),
    (["run", "demo-sine", "--preset", "huge"], ["unknown preset", "huge", "quick"]),
    (["run", "demo-sine", "--set", "nope=1"], ["nope", "valid keys"]),
    (["run", "demo-fragile", "--set", "n_points=3"], ["n_points"]),  # only an unnamed lab has it
    (["run", "demo-sine", "--set", "n_points=abc"], ["n_points", "abc", "int"]),
    (["run", "demo-sine", "--set", "noise=loud"], ["noise", "loud", "float"]),
    (["run", "demo-sine", "--set", "show_fit=maybe"], ["show_fit", "maybe", "bool"]),
    (["run", "demo-sine", "--set", "degrees=1,x"], ["degrees", "1,x", "tuple[int, ...]"]),
    (["run", "demo-sine", "--set", "n_points"], ["key=value"]),
    (["run", "demo-sine", "--seed", "minus-one"], ["--seed", "minus-one"]),
    (["run", "demo-sine", "demo-fragile", "--set", "fail=sometimes"], ["fail", "sometimes"]),
])
def test_bad_requests_fail_in_one_line_before_any_work(demo, tmp_path, args, words):
    out = tmp_path / "runs"
    result = gradschool(*args, "--out", out)
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert all(word in lines[0] for word in words), lines[0]
    assert "Traceback" not in result.output
    assert not out.exists()


def test_report_rebuilds_from_the_files(demo, tmp_path):
    out = tmp_path / "runs"
    assert gradschool("run", "demo-sine", "--out", out).exit_code == 0
    (out / "index.html").unlink()
    (out / "demo-sine" / "index.html").unlink()
    result = gradschool("report", out)
    assert result.exit_code == 0, result.output
    assert 'href="demo-sine/index.html"' in (out / "index.html").read_text()
    assert "fit.svg" in (out / "demo-sine" / "index.html").read_text()
    missing = gradschool("report", tmp_path / "nowhere")
    assert missing.exit_code == 2
    assert missing.stderr.strip().startswith("error: ") and "nowhere" in missing.stderr
    assert len(missing.stderr.strip().splitlines()) == 1


def test_a_failing_lab_is_recorded_and_the_others_still_run(demo, tmp_path):
    out = tmp_path / "runs"
    result = gradschool("run", "demo-fragile", "demo-sine", "--out", out, "--set", "fail=true")
    assert result.exit_code == 1
    failed = metrics(out, "demo-fragile")
    assert failed["status"] == "failed" and "failed, as asked" in failed["error"]
    assert "RuntimeError" in failed["traceback"]
    assert metrics(out, "demo-sine")["status"] == "ok"
    assert "demo-fragile" in result.stderr and "failed" in result.stderr
    index = (out / "index.html").read_text()
    assert "demo-fragile/index.html" in index and "demo-sine/index.html" in index
    assert "failed, as asked" in (out / "demo-fragile" / "index.html").read_text()


def test_a_lab_listing_a_figure_it_never_wrote_fails(demo, tmp_path):
    out = tmp_path / "runs"
    result = gradschool("run", "demo-fragile", "--out", out, "--set", "missing_figure=1")
    assert result.exit_code == 1
    record = metrics(out, "demo-fragile")
    assert record["status"] == "failed" and "never-written.svg" in record["error"]


def test_an_interrupt_keeps_earlier_results_whole(demo, tmp_path):
    out = tmp_path / "runs"
    assert gradschool("run", "demo-sine", "demo-fragile", "--out", out).exit_code == 0
    before = (out / "demo-fragile" / "metrics.json").read_bytes()
    old_sine = metrics(out, "demo-sine")["finished_at"]
    result = gradschool("run", "demo-sine", "demo-fragile", "--out", out,
                        "--set", "interrupt=true", "--seed", "9")
    assert result.exit_code == 130
    assert result.stderr.strip().splitlines()[-1].startswith("error: interrupted")
    assert (out / "demo-fragile" / "metrics.json").read_bytes() == before  # untouched
    assert metrics(out, "demo-sine")["seed"] == 9  # finished before the interrupt
    assert old_sine  # the earlier run had finished too
    assert leftovers(out) == []
    assert json.loads((out / "demo-sine" / "metrics.json").read_text())["status"] == "ok"


def test_python_dash_m_gradschool(tmp_path):
    env = {**os.environ, "GRADSCHOOL_EXTRA_LABS": DEMO_MODULE,
           "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    out = tmp_path / "runs"
    ok = subprocess.run([sys.executable, "-m", "gradschool", "run", "demo-sine", "--out",
                         str(out)], cwd=ROOT, env=env, capture_output=True, text=True,
                        timeout=120)
    assert ok.returncode == 0, ok.stderr
    assert metrics(out, "demo-sine")["status"] == "ok"
    bad = subprocess.run([sys.executable, "-m", "gradschool", "run", "demo-sine", "--set",
                          "n_points=many", "--out", str(tmp_path / "no")], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2
    assert bad.stderr.count("\n") == 1 and bad.stderr.startswith("error: ")
    assert not (tmp_path / "no").exists()


@pytest.mark.parametrize("text, tp, expected", [
    ("3", int, 3), ("1e3", int, 1000), ("-2", int, -2), ("0.25", float, 0.25),
    ("1e-3", float, 0.001), ("Yes", bool, True), ("off", bool, False), ("hi, there", str,
                                                                         "hi, there"),
    ("1,2,3", tuple[int, ...], (1, 2, 3)), ("(0.5, 1)", tuple[float, ...], (0.5, 1.0)),
    ("[4]", list[int], [4]), ("7,", tuple[int, ...], (7,)), ("", tuple[int, ...], ()),
    ("2,0.5", tuple[int, float], (2, 0.5)), ("none", int | None, None), ("4", int | None, 4),
    ("adam", Literal["sgd", "adam"], "adam"), ("3", Literal[1, 3], 3),
])
def test_parse_value(text, tp, expected):
    value = parse_value(text, tp)
    assert value == expected and type(value) is type(expected)


@pytest.mark.parametrize("text, tp", [
    ("1.5", int), ("x", float), ("maybe", bool), ("1,2,3", tuple[int, int]),
    ("rmsprop", Literal["sgd", "adam"]), ("a", int | None), ("1,b", list[float]),
])
def test_parse_value_rejects(text, tp):
    with pytest.raises(OverrideError, match="is not a valid"):
        parse_value(text, tp)


def test_a_config_the_lab_cannot_run_fails_in_one_line_before_any_work(tmp_path):
    out = tmp_path / "runs"
    result = gradschool("run", "softmax", "--out", out, "--set", "k=1")
    assert result.exit_code == 2
    assert result.stderr.strip() == ("error: lab 'softmax': invalid config: softmax: k must be "
                                     ">= 2, got 1")
    assert not out.exists()
