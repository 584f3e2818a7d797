"""Pruning stops trials whose learning curves lag, and the result counts the epochs saved."""
import pytest

from gradschool.tuning import Pruned, Uniform, search

from .objectives import EPOCHS, learning_curve

SPACE = {"x": Uniform(0.0, 1.0)}


@pytest.mark.parametrize("pruner", ["median", "hyperband"])
def test_a_pruner_stops_bad_trials_early(pruner):
    full = search(learning_curve, SPACE, method="random", budget=30, seed=2)
    pruned = search(learning_curve, SPACE, method="random", budget=30, seed=2, pruner=pruner)
    assert [t.params for t in pruned.trials] == [t.params for t in full.trials]
    assert all(t.state == "COMPLETE" and t.steps == EPOCHS for t in full.trials)
    stopped = [t for t in pruned.trials if t.state == "PRUNED"]
    # (Hyperband may also prune at its last rung, after all EPOCHS: no epoch saved there.)
    assert sum(t.steps < EPOCHS for t in stopped) >= 5
    assert all(t.value == t.intermediate[max(t.intermediate)] for t in stopped)
    assert pruned.steps < full.steps == 30 * EPOCHS            # epochs trained, all trials
    assert pruned.steps == sum(len(t.intermediate) for t in pruned.trials)
    # The curves never cross, so the best trial is never the one stopped:
    assert pruned.best_value == full.best_value


def test_median_pruning_stops_below_the_median_curve():
    result = search(learning_curve, SPACE, method="random", budget=30, seed=2, pruner="median")
    done = [t for t in result.trials if t.state == "COMPLETE"]
    for t in (t for t in result.trials if t.state == "PRUNED"):
        step = max(t.intermediate)
        earlier = [d.intermediate[step] for d in done if d.number < t.number]
        assert earlier and t.intermediate[step] < sorted(earlier)[len(earlier) // 2]


def test_without_a_pruner_nothing_is_pruned():
    result = search(learning_curve, SPACE, method="random", budget=15, seed=2)
    assert {t.state for t in result.trials} == {"COMPLETE"}


def test_report_raises_pruned_which_the_objective_may_see():
    seen = []

    def objective(params, report):
        try:
            return learning_curve(params, report)
        except Pruned:
            seen.append(params["x"])
            raise

    result = search(objective, SPACE, method="random", budget=30, seed=2, pruner="median")
    assert sorted(seen) == sorted(t.params["x"] for t in result.trials if t.state == "PRUNED")
    assert seen


def test_report_checks_its_step():
    def objective(params, report):
        report(-1, 0.5)
        return 0.5

    with pytest.raises(ValueError, match="step must be an int >= 0, got -1"):
        search(objective, SPACE, method="random", budget=2)
