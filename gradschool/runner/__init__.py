"""The lab runner behind `gradschool run`: check the request, run labs, write results.

    from gradschool.runner import run_labs
    records = run_labs(["xor", "softmax"], preset="quick", out_dir="runs",
                       seed=1, overrides={"epochs": "5"})

Each record is what `DIR/<id>/metrics.json` holds: lab, title, part, summary,
preset, seed, config, metrics, headline, figures, wall_seconds, versions,
status ("ok" or "failed"), error, traceback, finished_at, explanation.
A bad request raises `UsageError` before anything is written.
Extra lab modules can be named in $GRADSCHOOL_EXTRA_LABS (see `plan`).
"""
from .overrides import OverrideError, field_types, parse_value, type_name
from .plan import (
    EXTRA_LABS_ENV,
    PlannedLab,
    UsageError,
    curriculum,
    load_labs,
    parse_assignments,
    plan_run,
)
from .run import (
    ResultError,
    check_out_dir,
    rebuild,
    run_labs,
    run_one,
    run_plan,
    use_agg_backend,
    versions,
)

__all__ = [
    "EXTRA_LABS_ENV", "OverrideError", "PlannedLab", "ResultError", "UsageError", "check_out_dir",
    "curriculum", "rebuild",
    "field_types", "load_labs", "parse_assignments", "parse_value", "plan_run", "run_labs",
    "run_one", "run_plan", "type_name", "use_agg_backend", "versions",
]
