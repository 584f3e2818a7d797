"""The labs: one package per lab, each registering itself in REGISTRY.

The order of the curriculum is the order of `LAB_MODULES` (the lab id with
`-` as `_`), and its parts are `PARTS`, in teaching order. Labs are written
part by part; a module not written yet is not there to import.

How to add a lab, say `my-topic` in the `networks` part:

1. Create the package `gradschool/labs/my_topic/`:
   - `__init__.py` holds what the lab *is* and stays thin: its `Config`
     dataclass (a subclass of `LabConfig`), the presets `quick` (seconds on
     2 cores) and `full` (the published scale), `run(config, out_dir,
     progress) -> Result`, and the registration:

         LAB = register(Lab(
             id="my-topic", title="...", part="networks", Config=Config,
             presets={"quick": Config(), "full": Config(...)}, run=run,
             summary="One sentence: what the lab shows.",
             explanation=lab_text(__name__, "explanation.md"), quick_seconds=2.0,
         ))

   - `explanation.md`: the learner's text in Markdown, shown on the lab's page;
   - the rest split by concept into files named for what they hold
     (`figures.py`, `surface.py`, ...). A helper several labs need goes into
     the library (`gradschool.optim`, `gradschool.data`, ...), not into
     another lab's package; lab modules never import each other in a loop.
2. Add `"my_topic"` to `LAB_MODULES` below, where it belongs in the course.
3. Add its test, `tests/labs/test_my_topic.py`: run the quick preset with
   the `run_lab` fixture and assert the phenomenon the lab exists to show.
4. Add its notebook, `notebooks/my_topic.ipynb` (run by the test suite).

Data files in a lab package (`*.md`, `*.toml`) ship with the wheel through
`pyproject.toml`'s package-data; read them with `lab_text`.
"""
from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Iterable

from .contract import (
    REGISTRY,
    Lab,
    LabConfig,
    Progress,
    Result,
    SilentProgress,
    lab_text,
    register,
)

LAB_MODULES: list[str] = [
    "complex_systems", "tensors", "encoding", "dot_product", "softmax", "statistics",
    "low_rank",
    "xor", "chain_rule", "backprop", "initialization", "two_moons",
    "line_search", "gradient_descent", "sgd", "momentum", "adam", "rosenbrock",
    "mnist1d", "bias_variance", "double_descent", "high_dim", "architectures",
    "hyperparameters",
]

PARTS: tuple[str, ...] = ("maths", "networks", "optimization", "generalization")
"""The parts of the curriculum, in teaching order (DESIGN.md)."""


def load_all() -> dict[str, Lab]:
    """Import every lab module that exists (registering its lab); return the registry."""
    for name in LAB_MODULES:
        module = f"{__name__}.{name}"
        if importlib.util.find_spec(module) is not None:
            importlib.import_module(module)  # a broken module raises, never hides
    return REGISTRY


def module_of(lab: Lab) -> str:
    """The lab's module name in LAB_MODULES terms ("dot_product"), from where `run` lives;
    "" for a lab outside this package (a test's demo lab)."""
    module = getattr(lab.run, "__module__", "") or ""
    prefix = f"{__name__}."
    return module[len(prefix):].split(".")[0] if module.startswith(prefix) else ""


def curriculum_order(labs: Iterable[Lab]) -> list[Lab]:
    """`labs` in teaching order: by place in LAB_MODULES, then labs from elsewhere by id."""
    def rank(lab: Lab) -> tuple[int, str]:
        name = module_of(lab)
        return (LAB_MODULES.index(name) if name in LAB_MODULES else len(LAB_MODULES), lab.id)
    return sorted(labs, key=rank)


__all__ = ["LAB_MODULES", "PARTS", "REGISTRY", "Lab", "LabConfig", "Progress", "Result",
           "SilentProgress", "curriculum_order", "lab_text", "load_all", "module_of",
           "register"]
