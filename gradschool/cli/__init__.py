"""The `gradschool` command: list the labs, run them, rebuild the report, and learn.

    gradschool list
    gradschool run <id>... | all [--preset quick|full] [--out DIR] [--seed N] [--set key=value]...
                   [--backend serial|processes|ray] [--workers N] [--address HOST:PORT]
    gradschool report [DIR]

A bad request (unknown lab, preset or --set key, a value of the wrong type, a
missing report directory) prints one line, `error: ...`, on stderr and exits
with status 2 before any work starts. A run in which some lab failed exits
with status 1 (the other labs' results are written); Ctrl-C exits with 130.
Extra lab modules can be named in $GRADSCHOOL_EXTRA_LABS (comma-separated).
"""
from __future__ import annotations

import os

from . import labs, learn  # noqa: F401  (each module adds its commands to `app`)
from .app import app, fail

__all__ = ["app", "fail", "main"]


def main() -> None:
    """Entry point of the `gradschool` console script and `python -m gradschool`."""
    os.environ.setdefault("MPLBACKEND", "Agg")  # before any lab imports pyplot: no windows
    app(prog_name="gradschool")
