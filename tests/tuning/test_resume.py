"""A search killed with SIGKILL resumes from its SQLite file without repeating
finished trials, and ends with the trials an uninterrupted search has."""
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from gradschool.tuning import search

from .objectives import SPACE, LoggedBowl, bowl, read_log

ROOT = Path(__file__).resolve().parents[2]
BUDGET = 12

SCRIPT = """
import sys
sys.path.insert(0, {root!r})
from gradschool.tuning import search
from tests.tuning.objectives import SPACE, LoggedBowl
search(LoggedBowl({log!r}, "before", delay=0.25), SPACE, method="random", budget={budget},
       storage={url!r}, study_name="killed", seed=3)
"""


def n_complete(db) -> int:
    """COMPLETE trials in the SQLite file, read while the search writes it."""
    try:
        with sqlite3.connect(db, timeout=30) as con:
            return con.execute("SELECT count(*) FROM trials WHERE state = 'COMPLETE'").fetchone()[0]
    except sqlite3.OperationalError:        # the file or its tables are not there yet
        return 0


def run_and_kill(db, log, after: int) -> None:
    """Run SCRIPT in a subprocess and SIGKILL it once `after` trials are COMPLETE."""
    script = SCRIPT.format(root=str(ROOT), log=str(log), budget=BUDGET, url=f"sqlite:///{db}")
    proc = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT)
    try:
        deadline = time.monotonic() + 120       # a guard against hanging, not a timing claim
        while n_complete(db) < after:
            assert proc.poll() is None, "the search ended before it could be killed"
            assert time.monotonic() < deadline, "no trial completed"
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        assert proc.returncode == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_a_killed_search_resumes_without_repeating_finished_trials(tmp_path):
    db, log = tmp_path / "study.db", tmp_path / "log.jsonl"
    run_and_kill(db, log, after=3)
    finished = _params(db, "COMPLETE")
    running = _params(db, "RUNNING")        # the params the killed trial had drawn, if any
    n_running = _states(db).count("RUNNING")
    assert 3 <= len(finished) < BUDGET and len(running) <= n_running <= 1

    resumed = search(LoggedBowl(str(log), "after"), SPACE, method="random", budget=BUDGET,
                     storage=f"sqlite:///{db}", study_name="killed", seed=3)
    after = [e["params"] for e in read_log(log) if e["tag"] == "after"]
    assert len(after) == BUDGET - len(finished)            # only the missing trials ran
    assert not any(p in after for p in finished)           # no finished trial ran again
    for p in running:                                      # the killed one ran again
        assert any(p.items() <= q.items() for q in after)  # (p may lack its last params)
    assert [t.slot for t in resumed.trials] == list(range(BUDGET))
    assert all(t.state == "COMPLETE" for t in resumed.trials)
    whole = search(bowl, SPACE, method="random", budget=BUDGET, seed=3)
    assert [t.params for t in resumed.trials] == [t.params for t in whole.trials]
    states = _states(db)
    assert states.count("COMPLETE") == BUDGET and "RUNNING" not in states
    assert states.count("FAIL") == n_running               # the killed trial, marked FAIL


def _states(db) -> list[str]:
    with sqlite3.connect(db) as con:
        return [s for (s,) in con.execute("SELECT state FROM trials ORDER BY number")]


def _params(db, state) -> list[dict]:
    with sqlite3.connect(db) as con:
        rows = con.execute(
            "SELECT t.number, p.param_name, p.param_value, p.distribution_json FROM trials t "
            "JOIN trial_params p ON p.trial_id = t.trial_id WHERE t.state = ?",
            (state,)).fetchall()
    out: dict[int, dict] = {}
    for number, name, value, dist in rows:
        out.setdefault(number, {})[name] = int(value) if "Int" in dist else value
    return list(out.values())
