"""Parallel workers (the processes backend) share one SQLite storage and fill
exactly the budget, with the trials a serial search has."""
import sqlite3

import pytest

from gradschool.tuning import Categorical, Int, LogUniform, Uniform, search
from gradschool.tuning.space import from_json, to_json

from .objectives import SPACE, bowl


def test_two_workers_on_one_sqlite_file_fill_exactly_the_budget(tmp_path):
    db = tmp_path / "study.db"
    result = search(bowl, SPACE, method="random", budget=12, storage=f"sqlite:///{db}",
                    seed=4, workers=2, backend="processes")
    serial = search(bowl, SPACE, method="random", budget=12, seed=4)
    n = 12
    assert [t.slot for t in result.trials] == list(range(n))
    assert all(t.state == "COMPLETE" for t in result.trials)
    assert [t.params for t in result.trials] == [t.params for t in serial.trials]
    assert result.best_value == serial.best_value
    with sqlite3.connect(db) as con:
        states = [s for (s,) in con.execute("SELECT state FROM trials")]
    assert states == ["COMPLETE"] * n           # no extra, failed or duplicated trial


def test_tpe_workers_fill_the_budget(tmp_path):
    result = search(bowl, SPACE, method="bayes", budget=14, storage=f"sqlite:///{tmp_path}/s.db",
                    workers=2, backend="processes")
    assert [t.slot for t in result.trials] == list(range(14))
    assert len({repr(t.params) for t in result.trials}) == 14


def test_parallel_workers_need_an_importable_objective(tmp_path):
    with pytest.raises(ValueError, match="top-level function"):
        search(lambda p: bowl(p), SPACE, budget=4, storage=f"sqlite:///{tmp_path}/s.db",
               workers=2)
    assert list(tmp_path.iterdir()) == []


def test_a_space_travels_to_workers_as_json():
    space = {"x": Uniform(0.0, 1.0), "lr": LogUniform(1e-4, 1e-1), "n": Int(16, 512, log=True),
             "k": Int(1, 9, step=2), "act": Categorical(["relu", None, 0.5])}
    assert from_json(to_json(space)) == space
