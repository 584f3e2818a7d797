"""The hyperparameters lab: its searches resume from their storage and repeat with a seed;
random beats grid when only 2 of 5 hyperparameters matter (checked against the closed-form
score of the grid's points); pruning trains fewer epochs on the same configurations."""
import json
import math
import sqlite3

import numpy as np
import optuna
import pytest

import gradschool as gs
from gradschool.labs import SilentProgress
from gradschool.labs import hyperparameters as lab
from gradschool.labs.hyperparameters.mlp import split, train, trial_seed
from gradschool.labs.hyperparameters.objective import context_data, make_context
from gradschool.labs.hyperparameters.space import NAMES, SPACE
from gradschool.labs.hyperparameters.studies import (
    parallel_options,
    repeat_seed,
    run_mlp_search,
)
from gradschool.labs.hyperparameters.synthetic import (
    LR_SCALE,
    WIDTH_SCALE,
    draw_optimum,
    two_of_five_score,
)
from gradschool.runner import run_labs
from gradschool.sweep import SweepOptions
from gradschool.tuning import grid_points

LAB = "hyperparameters"
SERIAL = {"workers": 1, "backend": "serial", "address": None}
TINY = make_context(train_samples=200, val_fraction=0.25, epochs=2, data_seed=0, seed=7)


def run(out):
    records = run_labs([LAB], preset="quick", out_dir=out)
    record = json.loads((out / LAB / "metrics.json").read_text())
    assert records[0]["status"] == "ok", record.get("error")
    return record


def trial_rows(db) -> list[tuple]:
    """(study, number, state, value) of every trial in the lab's SQLite file."""
    with sqlite3.connect(db) as con:
        return con.execute(
            "SELECT s.study_name, t.number, t.state, v.value FROM trials t "
            "JOIN studies s ON s.study_id = t.study_id "
            "LEFT JOIN trial_values v ON v.trial_id = t.trial_id "
            "ORDER BY s.study_name, t.number").fetchall()


def studies(db) -> dict[str, list]:
    """study name -> its trials (Optuna FrozenTrials), read from the lab's SQLite file."""
    storage = optuna.storages.RDBStorage(f"sqlite:///{db}")
    out = {}
    for name in optuna.get_all_study_names(storage):
        study = optuna.load_study(study_name=name, storage=storage)
        out[name] = study.get_trials(deepcopy=False)
    storage.engine.dispose()
    return out


@pytest.fixture(scope="module")
def quick(tmp_path_factory):
    out = tmp_path_factory.mktemp("hyperparameters")
    record = run(out)
    for name in ("best_so_far.svg", "two_of_five.svg", "trials.svg", "importance.svg",
                 "pruning.svg"):
        assert (out / LAB / name).is_file(), name
    return out, record


def test_a_second_run_adds_no_trial_and_gives_the_same_numbers(quick):
    out, first = quick
    db = out / LAB / "study" / "study.db"
    rows = trial_rows(db)
    cells = {p.name: p.stat().st_mtime_ns for p in (out / LAB / "study" / "cells").glob("*")}
    cfg = first["config"]
    n_studies = 4 * cfg["repeats"]          # grid, random, TPE and pruned random, per repeat
    assert len({r[0] for r in rows}) == n_studies
    assert {r[2] for r in rows} <= {"COMPLETE", "PRUNED"}
    assert len(cells) == 3 * cfg["two_of_five_repeats"] + 1

    again = run(out)
    assert trial_rows(db) == rows           # not one trial run (or changed) again
    assert {p.name: p.stat().st_mtime_ns
            for p in (out / LAB / "study" / "cells").glob("*")} == cells
    assert again["metrics"] == first["metrics"]


def test_the_metrics_have_the_shapes_of_the_contract(quick):
    _, record = quick
    m, cfg = record["metrics"], record["config"]
    methods = ("grid", "random", "bayes")
    assert set(m["best_val"]) == set(m["best_test"]) == set(m["curves"]) == set(methods)
    assert all(len(m["best_val"][k]) == cfg["repeats"] for k in methods)
    assert all(0.0 <= m["best_test"][k] <= 1.0 for k in methods)
    for k in methods:
        curve = m["curves"][k]
        assert len(curve) == m["trials"][k] and np.all(np.diff(curve) >= 0)
        assert curve[-1] == pytest.approx(np.mean(m["best_val"][k]))
    # A budget of 16 over 5 ranges is a 2 x 2 x 2 x 2 x 1 grid; random draws 16 of each.
    assert m["trials"] == {"grid": 16, "random": 16, "bayes": 16}
    assert m["distinct_values"]["grid"] == {"lr": 2, "batch_size": 2, "width": 2,
                                            "weight_decay": 2, "dropout": 1}
    assert m["distinct_values"]["random"]["lr"] == 16
    assert set(m["importance"]) == set(NAMES)
    assert sum(m["importance"].values()) == pytest.approx(1.0)


def test_the_best_configuration_retrains_to_its_validation_score(quick):
    """The objective is a pure function of (params, seed): retraining the winner of each
    search reproduces its validation accuracy exactly (which makes best_test honest)."""
    _, record = quick
    m, cfg = record["metrics"], record["config"]
    r = cfg["repeats"] - 1
    context = make_context(cfg["train_samples"], cfg["val_fraction"], cfg["epochs"],
                           cfg["seed"], repeat_seed(cfg["seed"], r))
    data = gs.data.load_mnist1d()
    cut = split(data["x"], data["y"], cfg["train_samples"], cfg["val_fraction"], cfg["seed"])
    params = m["best_params"]["bayes"][r]
    _, accuracies = train(params, cut, cfg["epochs"], trial_seed(context["seed"], params))
    assert accuracies[-1] == m["best_val"]["bayes"][r]


def test_random_beats_grid_when_only_two_of_five_matter(quick):
    _, record = quick
    two, cfg = record["metrics"]["two_of_five"], record["config"]
    budget, repeats = cfg["two_of_five_budget"], cfg["two_of_five_repeats"]
    # Grid: 2 values of each of the 5 -> 4 distinct (lr, width) pairs; random: 32.
    assert two["distinct_values"]["grid"] == dict.fromkeys(NAMES, 2)
    assert two["distinct_pairs"] == {"grid": 4, "random": budget, "bayes": budget}
    # The grid's best, computed here from the grid's points and the closed-form score.
    points = grid_points(SPACE, budget)
    for r in range(repeats):
        f = draw_optimum(np.random.default_rng([cfg["seed"], r]))
        best = max(two_of_five_score(a, w, f.lr_star, f.width_star)
                   for a in points["lr"] for w in points["width"])
        assert two["best"]["grid"][r] == pytest.approx(best, rel=1e-12)
    mean = two["mean_best"]
    assert mean["random"] > mean["grid"] + 0.1, mean
    # fANOVA on 200 random trials finds the two that matter (the other three do nothing).
    assert two["importance"]["lr"] + two["importance"]["width"] > 0.9, two["importance"]


def test_pruning_trains_fewer_epochs_on_the_same_configurations(quick):
    out, record = quick
    p, cfg = record["metrics"]["pruning"], record["config"]
    assert p["pruner"] == "median" and p["pruned_trials"] > 0
    assert p["epochs_without"] == cfg["repeats"] * cfg["budget"] * cfg["epochs"]
    assert p["epochs_with"] < p["epochs_without"]
    assert all(w <= wo for w, wo in zip(p["best_with_per_repeat"], p["best_without_per_repeat"]))
    trials = studies(out / LAB / "study" / "study.db")
    plain = sorted(n for n in trials if n.startswith("mlp-random-") and "median" not in n)
    pruned = sorted(n for n in trials if n.startswith("mlp-random-median-"))
    assert len(plain) == len(pruned) == cfg["repeats"]
    for name in plain:              # match each pruned study to the plain one of its seed
        by_slot = {t.system_attrs["gradschool:slot"]: t for t in trials[name]}
        twin = [n for n in pruned if _params(trials[n]) == _params(trials[name])]
        assert len(twin) == 1, name
        for t in trials[twin[0]]:
            same = by_slot[t.system_attrs["gradschool:slot"]]
            steps = sorted(t.intermediate_values)
            assert steps == list(range(len(steps)))       # stopped after its last report
            assert [t.intermediate_values[s] for s in steps] == \
                [same.intermediate_values[s] for s in steps]


def test_tpe_starts_as_random_search(quick):
    """Optuna's TPE proposes its first 10 trials at random: with the same seed, random's."""
    out, _ = quick
    trials = studies(out / LAB / "study" / "study.db")
    for r_name in (n for n in trials if n.startswith("mlp-random-") and "median" not in n):
        first = _params(trials[r_name])[:10]
        assert any(_params(trials[b])[:10] == first
                   for b in trials if b.startswith("mlp-bayes-")), r_name


def _params(trials) -> list[dict]:
    return [t.params for t in sorted(trials, key=lambda t: t.system_attrs["gradschool:slot"])]


# --- the searches on their own, tiny -------------------------------------------------


@pytest.mark.parametrize("method", ["grid", "random", "bayes"])
def test_the_same_seed_gives_the_same_trials(tmp_path, method):
    a = run_mlp_search(method, TINY, budget=4, storage=f"sqlite:///{tmp_path}/a.db",
                       parallel=SERIAL)
    b = run_mlp_search(method, TINY, budget=4, storage=f"sqlite:///{tmp_path}/b.db",
                       parallel=SERIAL)
    assert [t.params for t in a.trials] == [t.params for t in b.trials]
    assert [t.value for t in a.trials] == [t.value for t in b.trials]
    if method != "grid":
        other = run_mlp_search(method, {**TINY, "seed": 8}, budget=4,
                               storage=f"sqlite:///{tmp_path}/a.db", parallel=SERIAL)
        assert [t.params for t in other.trials] != [t.params for t in a.trials]


def test_parallel_workers_read_the_study_settings_from_the_storage(tmp_path):
    """Two worker processes get nothing but the storage URL and the study name."""
    url = f"sqlite:///{tmp_path}/study.db"
    serial = run_mlp_search("random", TINY, budget=4, storage=url, parallel=SERIAL)
    workers = run_mlp_search("random", {**TINY, "epochs": 3}, budget=4, storage=url,
                             parallel={"workers": 2, "backend": "processes", "address": None})
    assert [t.params for t in workers.trials] == [t.params for t in serial.trials]
    assert all(t.steps == 3 for t in workers.trials)     # the workers trained 3 epochs
    data = context_data({**TINY, "epochs": 3})
    p = workers.trials[1].params
    _, accuracies = train(p, data, 3, trial_seed(TINY["seed"], p))
    assert workers.trials[1].value == accuracies[-1]


def test_workers_default_to_one_unless_asked(tmp_path):
    assert parallel_options(SweepOptions(tmp_path)) == SERIAL
    assert parallel_options(SweepOptions(tmp_path, workers=1)) == SERIAL
    assert parallel_options(SweepOptions(tmp_path, backend="serial", workers=4)) == SERIAL
    assert parallel_options(SweepOptions(tmp_path, workers=3)) == {
        "workers": 3, "backend": "processes", "address": None}
    assert parallel_options(SweepOptions(tmp_path, backend="ray", workers=8,
                                         address="10.0.0.1:6379")) == {
        "workers": 8, "backend": "ray", "address": "10.0.0.1:6379"}


def test_the_validation_split_comes_from_the_training_set():
    data = gs.data.load_mnist1d()
    cut = split(data["x"], data["y"], 1000, 0.2, seed=3)
    assert cut["x"].shape == (800, 40) and cut["x_val"].shape == (200, 40)
    train_rows = {row.tobytes() for row in data["x"].astype(np.float32)}
    test_rows = {row.tobytes() for row in data["x_test"].astype(np.float32)}
    val_rows = {row.tobytes() for row in cut["x_val"]}
    assert val_rows <= train_rows and not val_rows & test_rows
    assert not val_rows & {row.tobytes() for row in cut["x"]}
    with pytest.raises(ValueError, match="val_fraction 0.001 of 100"):
        split(data["x"], data["y"], 100, 0.001, seed=0)
    with pytest.raises(ValueError, match="n 5000"):
        split(data["x"], data["y"], 5000, 0.2, seed=0)


def test_training_leaves_gradschools_generator_alone():
    gs.manual_seed(11)
    expected = gs.random.default_generator().random()
    gs.manual_seed(11)
    train(dict(lr=1e-2, batch_size=50, width=16, weight_decay=1e-4, dropout=0.1),
          context_data(TINY), 1, seed=0)
    assert gs.random.default_generator().random() == expected


def test_the_two_of_five_score_is_its_closed_form():
    lr_star, w_star = 3e-3, 100.0
    assert two_of_five_score(lr_star, w_star, lr_star, w_star) == pytest.approx(0.95)
    one_sd = two_of_five_score(lr_star * 10 ** LR_SCALE, w_star, lr_star, w_star)
    assert one_sd == pytest.approx(0.1 + 0.85 * math.exp(-0.5))
    both = two_of_five_score(lr_star / 10 ** LR_SCALE, w_star * 2 ** WIDTH_SCALE, lr_star, w_star)
    assert both == pytest.approx(0.1 + 0.85 * math.exp(-1.0))
    lr, w = np.array([1e-4, 3e-3]), np.array([16.0, 100.0])
    assert two_of_five_score(lr, w, lr_star, w_star) == pytest.approx(
        [two_of_five_score(a, b, lr_star, w_star) for a, b in zip(lr, w)])
    f = draw_optimum(np.random.default_rng(0))
    # batch size, weight decay and dropout change nothing
    base = {"lr": 1e-3, "width": 64, "batch_size": 16, "weight_decay": 1e-6, "dropout": 0.0}
    assert f(base) == f({**base, "batch_size": 512, "weight_decay": 1e-2, "dropout": 0.5})
    with pytest.raises(ValueError, match="lr must be > 0"):
        two_of_five_score(0.0, 10.0, lr_star, w_star)


@pytest.mark.parametrize("field, value, words", [
    ("budget", 1, "budget must be an int >= 2, got 1"),
    ("repeats", 0, "repeats must be an int >= 1, got 0"),
    ("train_samples", 5000, "train_samples 5000 > the 4000"),
    ("val_fraction", 1.0, "val_fraction must be in (0, 1), got 1.0"),
    ("pruner", "asha", "unknown pruner 'asha'"),
    ("epochs", 2.5, "epochs must be an int >= 1, got 2.5"),
])
def test_bad_config_is_refused_before_anything_runs(tmp_path, field, value, words):
    config = lab.LAB.config("quick", **{field: value})
    with pytest.raises(ValueError) as e:
        lab.run(config, tmp_path, SilentProgress())
    assert words in str(e.value)
    assert list(tmp_path.iterdir()) == []
