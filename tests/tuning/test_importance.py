"""fANOVA importance finds the two hyperparameters that matter."""
import pytest

from gradschool.tuning import importance, search
from gradschool.tuning.importance import evaluator_name

from .objectives import FIVE, two_of_five


@pytest.mark.parametrize("evaluator", ["fanova", "ped-anova"])
def test_importance_ranks_the_two_that_matter_first(evaluator):
    result = search(two_of_five, FIVE, method="random", budget=60, seed=0)
    imp = importance(result, evaluator=evaluator, seed=0)
    assert set(imp) == set("abcde")
    assert sum(imp.values()) == pytest.approx(1.0)
    assert list(imp)[:2] in (["a", "b"], ["b", "a"])
    assert imp["a"] + imp["b"] > 0.8


def test_importance_is_seeded_and_takes_a_study_too():
    result = search(two_of_five, FIVE, method="random", budget=40, seed=1)
    assert importance(result, seed=3) == importance(result, seed=3)
    assert importance(result.study, evaluator="fanova", seed=3) == \
        importance(result, evaluator="fanova", seed=3)


def test_auto_picks_fanova_when_scikit_learn_is_there():
    assert evaluator_name("auto") == "fanova"        # scikit-learn is a test dependency


def test_importance_needs_trials_and_a_known_evaluator():
    one = search(two_of_five, FIVE, method="random", budget=1)
    with pytest.raises(ValueError, match="at least 2 COMPLETE trials, got 1"):
        importance(one)
    with pytest.raises(ValueError, match="unknown evaluator 'shap'"):
        importance(one, evaluator="shap")
