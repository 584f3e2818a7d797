"""Hyperparameter search on Optuna: grid, random and Bayesian (TPE) search.

    import gradschool.tuning as tuning

    space = {"lr": tuning.LogUniform(1e-4, 1e-1), "width": tuning.Int(16, 512, log=True)}

    def objective(params, report):
        ...train, calling report(epoch, val_acc) after each epoch...
        return val_acc

    result = tuning.search(objective, space, method="bayes", budget=50,
                           storage="sqlite:///runs/hp/study.db", pruner="median")
    result.best_params, result.best_value, tuning.importance(result)

space.py (the distributions and the grid), samplers.py (reproducible seeding
per trial slot), storage.py (URLs, SQLite, PostgreSQL), objective.py (the
objective's signature and `report`), pruning.py, search.py (resuming),
parallel.py (workers through gradschool.sweep), importance.py (fANOVA).
"""
from .importance import importance
from .objective import Reporter
from .pruning import PRUNERS, Pruned
from .result import SearchResult, TrialRecord
from .samplers import METHODS
from .search import search
from .space import Categorical, Int, LogUniform, Uniform, grid_counts, grid_points

__all__ = [
    "METHODS", "PRUNERS", "Categorical", "Int", "LogUniform", "Pruned", "Reporter",
    "SearchResult", "TrialRecord", "Uniform", "grid_counts", "grid_points", "importance",
    "search",
]
