"""Check a run request completely, before any work: labs, preset, seed, overrides.

`plan_run` turns `(ids, preset, seed, overrides)` into one `PlannedLab`
(lab, final config, seed) per lab, or raises `UsageError` with one readable
line. Nothing is written and no lab code runs until every lab is planned.

Extra lab modules: `load_labs()` imports `gradschool.labs.LAB_MODULES` and then
every module named in the environment variable `GRADSCHOOL_EXTRA_LABS`
(comma-separated import paths, e.g. `GRADSCHOOL_EXTRA_LABS=tests.demo_lab`).
That is how the tests add their demo lab, and how anyone adds labs of their own
without touching the package.
"""
from __future__ import annotations

import dataclasses
import difflib
import importlib
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..labs import PARTS, REGISTRY, Lab, curriculum_order, load_all
from ..report.order import Curriculum
from ..sweep import SweepUsageError, check_backend
from .overrides import OverrideError, field_types, parse_value, to_text, type_name

EXTRA_LABS_ENV = "GRADSCHOOL_EXTRA_LABS"
PRESETS = ("quick", "full")


class UsageError(ValueError):
    """A bad request (unknown lab, preset, key, or a value of the wrong type): one line."""


@dataclass(frozen=True)
class Backend:
    """Where a sweep lab's cells run: `gradschool.sweep`'s backend, workers and address."""

    name: str = "processes"
    workers: int | None = None
    address: str | None = None


@dataclass
class PlannedLab:
    """One lab ready to run: its final config (overrides and seed applied), its seed,
    and for a sweep lab the backend its cells run on."""

    lab: Lab
    config: Any
    seed: int
    overrides: dict[str, Any] = dataclasses.field(default_factory=dict)
    backend: Backend | None = None


def load_labs() -> dict[str, Lab]:
    """Import every lab module (and those in $GRADSCHOOL_EXTRA_LABS); curriculum order."""
    load_all()
    for name in os.environ.get(EXTRA_LABS_ENV, "").replace(";", ",").split(","):
        name = name.strip()
        if not name:
            continue
        try:
            importlib.import_module(name)
        except ImportError as exc:
            raise UsageError(f"{EXTRA_LABS_ENV}: cannot import {name!r}: {exc}") from None
    return {lab.id: lab for lab in curriculum_order(REGISTRY.values())}


def curriculum(labs: Mapping[str, Lab] | None = None) -> Curriculum:
    """What the report needs to know of the labs: their ids and the parts, in teaching order."""
    labs = load_labs() if labs is None else labs
    return Curriculum(labs=tuple(lab.id for lab in curriculum_order(labs.values())),
                      parts=PARTS)


def _suggest(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def parse_assignments(items: Sequence[str]) -> dict[str, str]:
    """`["lr=0.1", "widths=8,16"]` -> `{"lr": "0.1", "widths": "8,16"}` (later wins)."""
    out: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"--set {item!r}: expected key=value, e.g. --set seed=1")
        out[key.strip()] = value
    return out


def select_labs(ids: Sequence[str], labs: Mapping[str, Lab]) -> list[Lab]:
    """The labs named by `ids` ("all" means every lab), in the order given, each once."""
    if not ids:
        raise UsageError("name at least one lab id, or 'all' (see `gradschool list`)")
    if "all" in ids:
        if not labs:
            raise UsageError("no labs are registered yet")
        return list(labs.values())
    chosen: list[Lab] = []
    for lab_id in ids:
        if lab_id not in labs:
            known = ", ".join(labs) or "none registered"
            raise UsageError(f"unknown lab {lab_id!r}{_suggest(lab_id, labs)}; "
                             f"known labs: {known}, or 'all'")
        if labs[lab_id] not in chosen:
            chosen.append(labs[lab_id])
    return chosen


def check_seed(seed: Any) -> int | None:
    """`seed` as a non-negative int (strings from the command line included), or None."""
    if seed is None:
        return None
    if isinstance(seed, str):
        try:
            seed = int(seed.strip())
        except ValueError:
            raise UsageError(f"--seed {seed!r}: expected a non-negative integer") from None
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise UsageError(f"--seed {seed!r}: expected a non-negative integer")
    return seed


def _lab_values(lab: Lab, overrides: Mapping[str, Any]) -> dict[str, Any]:
    """The overrides that apply to `lab`, parsed into its Config's field types."""
    types = field_types(lab.Config)
    values: dict[str, Any] = {}
    for key, raw in overrides.items():
        if key not in types:
            continue
        text = raw if isinstance(raw, str) else to_text(raw)
        try:
            values[key] = parse_value(text, types[key])
        except OverrideError as exc:
            raise UsageError(f"--set {key}={text}: {exc} (config key {key!r} of lab "
                             f"{lab.id!r} is {type_name(types[key])})") from None
    return values


def plan_backend(chosen: Sequence[Lab], backend: str | None, workers: Any,
                 address: str | None) -> Backend:
    """The backend for the sweep labs among `chosen`, checked now (a Ray address must
    answer); options given where no named lab is a sweep are an error."""
    given = [f"--{name}" for name, value in
             (("backend", backend), ("workers", workers), ("address", address))
             if value is not None]
    sweeps = [lab.id for lab in chosen if lab.sweep]
    if given and not sweeps:
        raise UsageError(f"{', '.join(given)}: only sweep labs run on a backend, and none of "
                         f"{', '.join(lab.id for lab in chosen)} is one")
    if isinstance(workers, str):
        try:
            workers = int(workers.strip())
        except ValueError:
            raise UsageError(f"--workers {workers!r}: expected a positive integer") from None
    choice = Backend(backend or "processes", workers, address)
    if sweeps:
        try:
            check_backend(choice.name, choice.workers, choice.address)
        except SweepUsageError as exc:
            raise UsageError(str(exc)) from None
    return choice


def plan_run(ids: Sequence[str], preset: str = "quick", seed: Any = None,
             overrides: Mapping[str, Any] | None = None,
             labs: Mapping[str, Lab] | None = None, backend: str | None = None,
             workers: Any = None, address: str | None = None) -> list[PlannedLab]:
    """Check everything about a run and return what to run; raises UsageError.

    ids: lab ids, or ["all"]. preset: "quick" or "full". seed: overrides every
    config's `seed` (default: each config's own). overrides: {key: value}
    applied to every named lab whose Config has the key; string values are
    parsed into the field's type; a key that no named lab has is an error.
    backend, workers, address: where sweep labs run their cells (`gradschool.sweep`).
    """
    labs = load_labs() if labs is None else labs
    chosen = select_labs(list(ids), labs)
    for lab in chosen:
        if preset not in lab.presets:
            raise UsageError(f"unknown preset {preset!r}{_suggest(preset, lab.presets)}; "
                             f"choose from {', '.join(sorted(lab.presets))}")
    seed = check_seed(seed)
    overrides = dict(overrides or {})
    all_keys = sorted({k for lab in chosen for k in field_types(lab.Config)})
    for key in overrides:
        if key not in all_keys:
            names = ", ".join(lab.id for lab in chosen) if len(chosen) <= 3 else "the named labs"
            raise UsageError(f"--set {key}: no config key {key!r} in {names}"
                             f"{_suggest(key, all_keys)}; valid keys: {', '.join(all_keys)}")
    planned = []
    for lab in chosen:
        values = _lab_values(lab, overrides)
        try:
            config = lab.config(preset, **values)
            if seed is not None and hasattr(config, "seed"):
                config = dataclasses.replace(config, seed=seed)
            if lab.check is not None:  # a value the lab cannot use: now, before any work
                lab.check(config)
        except (TypeError, ValueError) as exc:
            raise UsageError(f"lab {lab.id!r}: invalid config: {exc}") from None
        effective = seed if seed is not None else getattr(config, "seed", 0)
        if isinstance(effective, bool) or not isinstance(effective, int) or effective < 0:
            raise UsageError(f"lab {lab.id!r}: seed {effective!r} must be a non-negative "
                             "integer")
        planned.append(PlannedLab(lab, config, effective, values))
    where = plan_backend(chosen, backend, workers, address)  # last: it may connect to Ray
    return [dataclasses.replace(item, backend=where if item.lab.sweep else None)
            for item in planned]
