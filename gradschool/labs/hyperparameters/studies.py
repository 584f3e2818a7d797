"""Running the searches of the lab: which study, which seed, where its trials run.

Every search of the MLP study writes its trials into one storage (by default
`sqlite:///<study folder>/study.db`), one Optuna study per (method, repeat,
pruner), named by a hash of its settings (objective.study_name). Running the
lab again with the same settings finds every study complete and runs no
trial; a run that was killed resumes its unfinished studies.

Repeat r of every method uses the same seed s_r (repeat_seed): the sampler's
seed and the seed the objective trains with. So for one repeat all methods
score a configuration identically, random and TPE share their first draws
(TPE starts with random trials), and the pruned random search tries exactly
the configurations of the unpruned one, which is what makes the pruning
comparison fair.
"""
from __future__ import annotations

from typing import Any

import numpy as np
import optuna
from optuna.trial import TrialState

from gradschool.sweep import SweepOptions
from gradschool.tuning import SearchResult, search
from gradschool.tuning.search import quiet

from .objective import prepare_study, study_name, train_mlp
from .space import SPACE


def repeat_seed(seed: int, repeat: int) -> int:
    """A 31-bit seed for repeat `repeat` of a lab run with `seed`."""
    return int(np.random.SeedSequence([seed, repeat]).generate_state(1)[0] >> 1)


def parallel_options(sweep: SweepOptions) -> dict[str, Any]:
    """search()'s workers, backend and address for the runner's --backend/--workers/--address.

    One worker, in this process, unless --workers asks for more: TPE learns
    from the finished trials, and W parallel workers each propose a trial
    before the others' results are in (W trials of TPE on what one would
    have known), and a quick search is over before a pool of fresh Python
    processes has imported gradschool. backend "ray" without --workers uses
    the cluster's CPUs.
    """
    if sweep.backend == "ray":
        workers = sweep.workers or ray_cpus(sweep.address)
        return {"workers": workers, "backend": "ray", "address": sweep.address}
    if sweep.backend == "serial" or sweep.workers in (None, 1):
        return {"workers": 1, "backend": "serial", "address": None}
    return {"workers": sweep.workers, "backend": sweep.backend, "address": None}


def ray_cpus(address: str | None) -> int:
    """The CPUs of the Ray cluster at `address` (connecting to it if need be)."""
    from gradschool.sweep.backends.ray_cluster import connect

    ray = connect(address)
    return max(1, int(ray.cluster_resources().get("CPU", 1)))


def run_mlp_search(method: str, context: dict[str, Any], *, budget: int, storage: str,
                   pruner: str | None = None, parallel: dict[str, Any]) -> SearchResult:
    """One search of the MLP study (resumed from `storage` if it ran before)."""
    seed = context["seed"]
    name = study_name(f"mlp-{method}" + (f"-{pruner}" if pruner else ""), context,
                      method=method, budget=budget, pruner=pruner)
    prepare_study(storage, name, context)
    return search(train_mlp, SPACE, method=method, budget=budget, storage=storage,
                  study_name=name, seed=seed, pruner=pruner, **parallel)


def best_so_far_stats(results: list[SearchResult]) -> dict[str, list[float]]:
    """Mean, min and max over repeats of the best value after each trial."""
    curves = np.array([r.best_so_far() for r in results], dtype=float)
    return {"mean": np.nanmean(curves, axis=0).tolist(), "min": np.nanmin(curves, axis=0).tolist(),
            "max": np.nanmax(curves, axis=0).tolist()}


def pooled_study(results: list[SearchResult]) -> optuna.Study:
    """An in-memory study holding the COMPLETE trials of every result (for importance)."""
    with quiet():
        study = optuna.create_study(direction="maximize")
    for r in results:
        numbers = {t.number for t in r.trials}
        study.add_trials([t for t in r.study.get_trials(deepcopy=False)
                          if t.number in numbers and t.state == TrialState.COMPLETE])
    return study


def trial_seconds(results: list[SearchResult]) -> float:
    """Mean wall time of a COMPLETE trial (Optuna's start and end stamps)."""
    times = []
    for r in results:
        numbers = {t.number for t in r.trials}
        for t in r.study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,)):
            if t.number in numbers and t.datetime_complete and t.datetime_start:
                times.append((t.datetime_complete - t.datetime_start).total_seconds())
    return float(np.mean(times)) if times else float("nan")
