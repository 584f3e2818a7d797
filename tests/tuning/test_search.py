"""search(): the same seed gives the same trials, bad input fails before any trial,
an interrupted search resumes, and random search beats grid search when few
hyperparameters matter (Bergstra & Bengio, 2012)."""
import itertools
import math
import os
import sqlite3
from pathlib import Path

import numpy as np
import optuna
import pytest

from gradschool.tuning import Categorical, Int, Uniform, grid_points, search

from .objectives import FIVE, SPACE, Interrupting, bowl, two_of_five


def params_of(result):
    return [t.params for t in result.trials]


def n_trials_in(db) -> int:
    with sqlite3.connect(db) as con:
        return con.execute("SELECT count(*) FROM trials").fetchone()[0]


@pytest.mark.parametrize("method", ["grid", "random", "bayes"])
def test_the_same_seed_gives_the_same_trials(method):
    a = search(bowl, SPACE, method=method, budget=16, seed=7)
    b = search(bowl, SPACE, method=method, budget=16, seed=7)
    assert params_of(a) == params_of(b)
    assert [t.value for t in a.trials] == [t.value for t in b.trials]
    c = search(bowl, SPACE, method=method, budget=16, seed=8)
    if method == "grid":      # the seed shuffles the order of the grid, not its points
        assert params_of(c) != params_of(a)
        assert sorted(map(repr, params_of(c))) == sorted(map(repr, params_of(a)))
    else:
        assert params_of(c) != params_of(a)


def test_grid_search_tries_every_grid_point_once():
    space = {"x": Uniform(0.0, 1.0), "n": Int(1, 8), "act": Categorical(["relu", "tanh"])}
    result = search(bowl_with_act, space, method="grid", budget=20)
    grid = grid_points(space, 20)
    expected = {tuple(p) for p in itertools.product(*grid.values())}
    tried = [tuple(t.params[k] for k in grid) for t in result.trials]
    assert len(tried) == len(expected) == 18          # 3 x 3 x 2 <= 20
    assert set(tried) == expected
    assert result.budget == 20 and [t.slot for t in result.trials] == list(range(18))


def bowl_with_act(params):
    return -(params["x"] - 0.3) ** 2 - 0.01 * params["n"] - (params["act"] == "tanh")


@pytest.mark.parametrize("method", ["grid", "random", "bayes"])
def test_the_result_reports_the_best_trial(method):
    result = search(bowl, SPACE, method=method, budget=20, seed=1)
    values = [t.value for t in result.trials]
    assert len(values) == (18 if method == "grid" else 20)       # grid: 3 x 3 x 2 <= 20
    assert all(t.state == "COMPLETE" for t in result.trials)
    assert result.best_value == max(values)
    assert result.best_params == result.trials[int(np.argmax(values))].params
    assert result.best_value == pytest.approx(bowl(result.best_params))
    assert result.best_so_far() == list(np.maximum.accumulate(values))
    low = search(bowl, SPACE, method=method, budget=20, seed=1, direction="minimize")
    assert low.best_value == min(t.value for t in low.trials)


def test_random_search_beats_grid_search_when_two_of_five_matter():
    """At 32 trials grid search tries 2 values of each hyperparameter (2^5 = 32),
    random search 32 distinct ones; only a and b matter, so random search gets
    much closer to their best values (Bergstra & Bengio 2012, fig. 1)."""
    grid = search(two_of_five, FIVE, method="grid", budget=32, seed=0)
    assert len(grid.trials) == 32 and grid.distinct_values() == dict.fromkeys("abcde", 2)
    randoms = [search(two_of_five, FIVE, method="random", budget=32, seed=s) for s in range(10)]
    assert all(r.distinct_values() == dict.fromkeys("abcde", 32) for r in randoms)
    # The grid's best is its point nearest (0.42, 0.61) in {0.25, 0.75}^2.
    assert grid.best_value == pytest.approx(-((0.25 - 0.42) ** 2 + (0.75 - 0.61) ** 2))
    random_mean = np.mean([r.best_value for r in randoms])
    assert random_mean > grid.best_value
    assert sum(r.best_value > grid.best_value for r in randoms) >= 8


@pytest.mark.parametrize("kwargs, error, match", [
    ({"method": "annealing"}, ValueError, "unknown method 'annealing'; choose one of grid, "
                                          "random, bayes"),
    ({"pruner": "asha"}, ValueError, "unknown pruner 'asha'; choose one of median, hyperband"),
    ({"budget": 0}, ValueError, "budget must be an int >= 1, got 0"),
    ({"direction": "up"}, ValueError, "unknown direction 'up'"),
    ({"backend": "mpi"}, ValueError, "unknown backend 'mpi'"),
    ({"workers": 2, "backend": "serial"}, ValueError, "workers=2 need backend"),
    ({"space": {"x": Uniform(0, 1), "lr": 3}}, TypeError, r"space\['lr'\]: 3 is not a"),
    ({"objective": lambda: 1.0}, TypeError, r"must take \(params\) or \(params, report\)"),
])
def test_bad_input_fails_before_any_trial(tmp_path, kwargs, error, match):
    db = tmp_path / "study.db"
    url = f"sqlite:///{db}"
    search(bowl, SPACE, method="random", budget=3, storage=url)
    args = {"objective": bowl, "space": SPACE, "method": "random", "budget": 5,
            "storage": url, **kwargs}
    with pytest.raises(error, match=match):
        search(args.pop("objective"), args.pop("space"), **args)
    assert n_trials_in(db) == 3                    # the study is as it was


@pytest.mark.parametrize("url, match", [
    ("sqlite:///{tmp}/missing/study.db", "directory .*missing does not exist"),
    ("sqlite:///{tmp}", "is a directory"),
    ("nosuchdb://user@host/db", "cannot be opened"),
    ("not a url", "is not an SQLAlchemy URL"),
])
def test_a_storage_that_cannot_be_opened_is_named(tmp_path, url, match):
    url = url.format(tmp=tmp_path)
    calls = []
    with pytest.raises(ValueError, match=match) as e:
        search(lambda p: calls.append(p) or 0.0, SPACE, budget=3, storage=url)
    assert repr(url) in str(e.value) and calls == []
    assert list(tmp_path.iterdir()) == []


def test_an_unwritable_directory_is_refused(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        if os.access(folder, os.W_OK):     # root ignores the mode; /proc/self stays read-only
            folder = Path("/proc/self")
        with pytest.raises(ValueError, match=f"directory {folder} is not writable"):
            search(bowl, SPACE, budget=3, storage=f"sqlite:///{folder}/study.db")
        assert not (folder / "study.db").exists()
    finally:
        (tmp_path / "ro").chmod(0o700)


def test_parallel_workers_need_a_shared_storage():
    with pytest.raises(ValueError, match="cannot reach storage None"):
        search(bowl, SPACE, budget=4, workers=2)


def test_a_study_of_another_search_is_not_mixed_in(tmp_path):
    url = f"sqlite:///{tmp_path}/study.db"
    search(bowl, SPACE, method="random", budget=3, storage=url, study_name="s", seed=0)
    for change in ({"method": "bayes"}, {"seed": 1}, {"direction": "minimize"},
                   {"space": {**SPACE, "x": Uniform(0.0, 2.0)}}):
        args = {"method": "random", "seed": 0, "space": SPACE, **change}
        with pytest.raises(ValueError, match="was made by another search"):
            search(bowl, args.pop("space"), budget=5, storage=url, study_name="s", **args)
    assert n_trials_in(tmp_path / "study.db") == 3


@pytest.mark.parametrize("method", ["grid", "random", "bayes"])
def test_a_search_interrupted_by_ctrl_c_resumes_to_the_same_trials(tmp_path, method):
    url = f"sqlite:///{tmp_path}/study.db"
    with pytest.raises(KeyboardInterrupt):
        search(Interrupting(at=13), SPACE, method=method, budget=20, storage=url, seed=5)
    study = optuna.load_study(study_name="search", storage=url)
    states = [t.state.name for t in study.trials]
    assert states == ["COMPLETE"] * 13 + ["FAIL"]
    finish = Interrupting(at=-1)
    resumed = search(finish, SPACE, method=method, budget=20, storage=url, seed=5)
    whole = search(bowl, SPACE, method=method, budget=20, seed=5)   # grid: 18 trials
    assert finish.calls == len(whole.trials) - 13  # only the unfinished slots ran
    assert params_of(resumed) == params_of(whole)  # TPE too: it runs serially, in slot order
    assert [t.slot for t in resumed.trials] == list(range(len(whole.trials)))
    again = Interrupting(at=-1)
    search(again, SPACE, method=method, budget=20, storage=url, seed=5)
    assert again.calls == 0                        # a finished search runs nothing


def test_a_larger_budget_continues_the_same_random_search(tmp_path):
    url = f"sqlite:///{tmp_path}/study.db"
    search(bowl, SPACE, method="random", budget=6, storage=url)
    more = search(bowl, SPACE, method="random", budget=15, storage=url)
    assert params_of(more) == params_of(search(bowl, SPACE, method="random", budget=15))


def test_a_non_finite_value_counts_as_run_and_is_not_retried(tmp_path):
    url = f"sqlite:///{tmp_path}/study.db"
    calls = []

    def nan_for_small_x(params):
        calls.append(params)
        return math.nan if params["x"] < 0.5 else bowl(params)

    result = search(nan_for_small_x, SPACE, method="random", budget=10, storage=url)
    states = {t.state for t in result.trials}
    assert len(result.trials) == 10 and states == {"COMPLETE", "FAIL"}
    assert all((t.state == "FAIL") == (t.params["x"] < 0.5) for t in result.trials)
    assert result.best_value == max(t.value for t in result.trials if t.state == "COMPLETE")
    search(nan_for_small_x, SPACE, method="random", budget=10, storage=url)
    assert len(calls) == 10


def test_the_objective_may_take_params_only_or_params_and_report():
    seen = []

    def with_trial(params, report):
        seen.append(report.trial.number)
        return bowl(params)

    search(with_trial, SPACE, method="random", budget=3)
    assert seen == [0, 1, 2]
    with pytest.raises(TypeError, match="objective returned 'good'"):
        search(lambda p: "good", SPACE, method="random", budget=3)
