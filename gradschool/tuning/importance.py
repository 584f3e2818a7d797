"""How much each hyperparameter matters, from the trials of a search.

fANOVA (Hutter, Hoos and Leyton-Brown, 2014) fits a random forest f(x) to
the (params, value) pairs of the COMPLETE trials and splits its variance:

    Var f = sum_i V_i + sum_{i<j} V_ij + …,   importance_i = V_i / sum_k V_k

where V_i is the variance of the marginal of f over hyperparameter i alone
(the others averaged out). Optuna's FanovaImportanceEvaluator fits the
forest with scikit-learn, which gradschool does not require at run time:
without scikit-learn, evaluator="auto" falls back to Optuna's PED-ANOVA
(Watanabe et al., 2023), which needs nothing more and answers a nearby
question (which hyperparameters separate the top trials from the rest).
"""
from __future__ import annotations

import importlib.util

import optuna
from optuna.trial import TrialState

from .result import SearchResult
from .search import quiet

EVALUATORS = ("auto", "fanova", "ped-anova")


def has_sklearn() -> bool:
    return importlib.util.find_spec("sklearn") is not None


def evaluator_name(evaluator: str = "auto") -> str:
    """The evaluator `evaluator` stands for here: "fanova" or "ped-anova"."""
    if evaluator not in EVALUATORS:
        raise ValueError(f"unknown evaluator {evaluator!r}; choose one of {', '.join(EVALUATORS)}")
    if evaluator == "auto":
        return "fanova" if has_sklearn() else "ped-anova"
    if evaluator == "fanova" and not has_sklearn():
        raise ImportError("importance: fANOVA needs scikit-learn (pip install scikit-learn); "
                          "evaluator='ped-anova' does not")
    return evaluator


def _study_of(result: SearchResult | optuna.Study) -> optuna.Study:
    """An in-memory study holding exactly the result's COMPLETE trials."""
    if isinstance(result, optuna.Study):
        return result
    if not isinstance(result, SearchResult):
        raise TypeError(f"importance: expected a SearchResult or an optuna.Study, got {result!r}")
    numbers = {t.number for t in result.trials}
    study = optuna.create_study(direction=result.direction)
    study.add_trials([t for t in result.study.get_trials(deepcopy=False)
                      if t.number in numbers and t.state == TrialState.COMPLETE])
    return study


def importance(result: SearchResult | optuna.Study, evaluator: str = "auto",
               seed: int = 0) -> dict[str, float]:
    """name -> importance (>= 0, summing to 1), most important first.

    evaluator: "fanova" (Optuna's FanovaImportanceEvaluator(seed=seed); needs
    scikit-learn), "ped-anova" (PedAnovaImportanceEvaluator), or "auto":
    fANOVA when scikit-learn is installed, else PED-ANOVA.
    """
    # optuna.importance imports scikit-learn when it is there (seconds): only when asked.
    from optuna.importance import (
        FanovaImportanceEvaluator,
        PedAnovaImportanceEvaluator,
        get_param_importances,
    )

    name = evaluator_name(evaluator)
    with quiet():
        study = _study_of(result)
        n = len(study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,)))
        if n < 2:
            raise ValueError(f"importance: needs at least 2 COMPLETE trials, got {n}")
        ev = (FanovaImportanceEvaluator(seed=seed) if name == "fanova"
              else PedAnovaImportanceEvaluator())
        return {k: float(v) for k, v in get_param_importances(study, evaluator=ev).items()}
