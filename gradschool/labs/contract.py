"""The lab contract: what every lab module registers.

A lab is an experiment with an `id` (stable, kebab-case), a `title`, the
curriculum `part` it belongs to, a `Config` dataclass with two presets —
`quick` (the whole suite in minutes on 2 cores) and `full` (the published
scale) — and `run(config, out_dir, progress) -> Result`. `run` writes its
figures into `out_dir` and returns the named numbers and series it measured;
the runner writes `metrics.json`, the lab's page and the report around it.

Figures: write them with `gradschool.viz.save_figure(fig, out_dir / "name.svg")`
(.svg or .png; written atomically; the figure is closed afterwards; the CLI
uses matplotlib's Agg backend) and list their names in `Result.figures`, the
first being the card's thumbnail. If the list is empty, every .svg/.png in
`out_dir` is shown. `out_dir` is a staging directory that becomes
`DIR/<id>/`: write only inside it.
"""
from __future__ import annotations

import dataclasses
import importlib.resources
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol


@dataclass
class LabConfig:
    """Base of every lab's Config: fields shared by all labs."""

    seed: int = 0


@dataclass
class Result:
    """What a lab's run returns.

    metrics: the named numbers and series the lab's issue lists (JSON-able).
    figures: file names (inside out_dir) of the figures, the first is the thumbnail.
    headline: the key numbers for the report card, as {label: formatted value}.
    """

    metrics: dict[str, Any]
    figures: list[str] = field(default_factory=list)
    headline: dict[str, str] = field(default_factory=dict)


class Progress(Protocol):
    """Progress reporting handed to a lab: `for item in progress.track(items, "what")`."""

    def track(self, items: Any, description: str, total: int | None = None) -> Iterator[Any]:
        ...


class SilentProgress:
    """A Progress that shows nothing (tests, notebooks)."""

    def track(self, items: Any, description: str, total: int | None = None) -> Iterator[Any]:
        yield from items


@dataclass
class Lab:
    """One registered lab.

    summary: one sentence saying what the lab shows (the report card).
    explanation: the learner's text in Markdown (the package's `explanation.md`),
        rendered on the lab's page.
    quick_seconds: rough wall time of the quick preset on 2 cores, for `gradschool list`.
    check: raises ValueError, naming the field and its value, for a config the lab
        cannot run; the runner calls it when it plans the run, before any work.
    sweep: the lab is a study of many cells run by `gradschool.sweep`: its `run`
        takes a keyword `sweep: SweepOptions` (the backend, and the study folder
        `DIR/<id>/study/` that survives re-runs), and `--backend`, `--workers`
        and `--address` apply to it.
    """

    id: str
    title: str
    part: str
    Config: type
    presets: dict[str, Any]
    run: Callable[[Any, Path, Progress], Result]
    summary: str
    explanation: str
    quick_seconds: float
    check: Callable[[Any], None] | None = None
    sweep: bool = False

    def config(self, preset: str = "quick", **overrides: Any) -> Any:
        """The preset's Config with `overrides` applied (names checked)."""
        if preset not in self.presets:
            raise ValueError(f"lab {self.id!r}: unknown preset {preset!r}; "
                             f"choose from {sorted(self.presets)}")
        names = {f.name for f in dataclasses.fields(self.Config)}
        unknown = sorted(set(overrides) - names)
        if unknown:
            raise ValueError(f"lab {self.id!r}: unknown config key(s) {unknown}; "
                             f"valid keys: {sorted(names)}")
        return dataclasses.replace(self.presets[preset], **overrides)


def lab_text(package: str, name: str) -> str:
    """The text of the file `name` shipped in the lab package `package`.

    A lab's `__init__.py` reads its learner's text with
    `lab_text(__name__, "explanation.md")`; the file travels with the package
    (wheels included), so an installed gradschool reads it as a checkout does.
    """
    try:
        return importlib.resources.files(package).joinpath(name).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FileNotFoundError(f"lab package {package!r} has no file {name!r} "
                                "(is it listed in pyproject.toml's package-data?)") from None


REGISTRY: dict[str, Lab] = {}


def register(lab: Lab) -> Lab:
    """Add a lab to the registry (its id must be new and kebab-case)."""
    if lab.id in REGISTRY:
        raise ValueError(f"register: lab id {lab.id!r} is already registered")
    if lab.id != lab.id.lower() or " " in lab.id or "_" in lab.id:
        raise ValueError(f"register: lab id {lab.id!r} must be kebab-case")
    if set(lab.presets) != {"quick", "full"}:
        raise ValueError(f"register: lab {lab.id!r} needs presets 'quick' and 'full', "
                         f"got {sorted(lab.presets)}")
    REGISTRY[lab.id] = lab
    return lab
