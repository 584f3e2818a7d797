"""A search space in code: a dict name -> distribution.

    space = {"lr": LogUniform(1e-4, 1e-1), "width": Int(16, 512, log=True),
             "dropout": Uniform(0.0, 0.5), "act": Categorical(["relu", "tanh"])}

Each distribution checks itself when it is made (an empty or inverted range,
a log range that reaches 0, an empty list of choices is a ValueError), draws a
value through an Optuna trial (`suggest(trial, name)`), and lays out grid
points for grid search (`grid(n)`):

    Uniform     x_i = low + (i + 1/2) (high - low) / n          i = 0 … n-1
    LogUniform  log x_i = log low + (i + 1/2) (log high - log low) / n
    Int         the same points rounded to distinct allowed integers
    Categorical every choice, whatever n is

The points are cell centres, so n = 1 gives the middle of the range and no
point sits on a boundary.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

GRID_CHOICE_TYPES = (type(None), bool, int, float, str)


def _check_number(kind: str, **values: float) -> None:
    for key, v in values.items():
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
            raise ValueError(f"{kind}: {key} must be a finite number, got {v!r}")


def _centres(n: int) -> list[float]:
    """Cell centres (i + 1/2) / n of n equal cells of [0, 1]."""
    if not isinstance(n, int) or isinstance(n, bool) or n < 1:
        raise ValueError(f"grid: the number of points must be an int >= 1, got {n!r}")
    return [(i + 0.5) / n for i in range(n)]


@dataclass(frozen=True)
class Uniform:
    """x ~ U(low, high): every value in [low, high] is equally likely."""

    low: float
    high: float

    def __post_init__(self) -> None:
        _check_number("Uniform", low=self.low, high=self.high)
        if self.low >= self.high:
            raise ValueError(
                f"Uniform: empty or inverted range, low {self.low} >= high {self.high}")

    def suggest(self, trial: Any, name: str) -> float:
        return trial.suggest_float(name, self.low, self.high)

    def grid(self, n: int) -> list[float]:
        return [float(self.low + t * (self.high - self.low)) for t in _centres(n)]

    @property
    def max_points(self) -> float:
        return math.inf


@dataclass(frozen=True)
class LogUniform:
    """log x ~ U(log low, log high): each decade is equally likely (learning rates, decays)."""

    low: float
    high: float

    def __post_init__(self) -> None:
        _check_number("LogUniform", low=self.low, high=self.high)
        if self.low <= 0:
            raise ValueError(f"LogUniform: a log range needs low > 0, got low {self.low}")
        if self.low >= self.high:
            raise ValueError(
                f"LogUniform: empty or inverted range, low {self.low} >= high {self.high}")

    def suggest(self, trial: Any, name: str) -> float:
        return trial.suggest_float(name, self.low, self.high, log=True)

    def grid(self, n: int) -> list[float]:
        a, b = math.log(self.low), math.log(self.high)
        return [float(min(max(math.exp(a + t * (b - a)), self.low), self.high))
                for t in _centres(n)]

    @property
    def max_points(self) -> float:
        return math.inf


@dataclass(frozen=True)
class Int:
    """An integer in {low, low + step, …, high}; with log=True each decade is equally likely."""

    low: int
    high: int
    log: bool = False
    step: int = 1

    def __post_init__(self) -> None:
        for key in ("low", "high", "step"):
            v = getattr(self, key)
            if isinstance(v, bool) or not isinstance(v, int):
                raise ValueError(f"Int: {key} must be an int, got {v!r}")
        if self.log and self.low <= 0:
            raise ValueError(f"Int: a log range needs low > 0, got low {self.low}")
        if self.low >= self.high:
            raise ValueError(f"Int: empty or inverted range, low {self.low} >= high {self.high}")
        if self.step < 1:
            raise ValueError(f"Int: step must be >= 1, got {self.step}")
        if self.log and self.step != 1:
            raise ValueError(f"Int: log=True needs step 1, got step {self.step}")
        if (self.high - self.low) % self.step:
            raise ValueError(f"Int: high {self.high} - low {self.low} = {self.high - self.low} "
                             f"is not a multiple of step {self.step}")

    def suggest(self, trial: Any, name: str) -> int:
        return trial.suggest_int(name, self.low, self.high, step=self.step, log=self.log)

    @property
    def max_points(self) -> int:
        return (self.high - self.low) // self.step + 1

    def grid(self, n: int) -> list[int]:
        """min(n, max_points) distinct allowed integers, spread as evenly as the scale says."""
        K = self.max_points
        if n >= K:
            _centres(n)
            return [self.low + k * self.step for k in range(K)]
        if self.log:
            a, b = math.log(self.low), math.log(self.high)
            x = [math.exp(a + t * (b - a)) for t in _centres(n)]
        else:
            x = [self.low + (t * K - 0.5) * self.step for t in _centres(n)]
        k = [round((v - self.low) / self.step) for v in x]
        return [self.low + i * self.step for i in _distinct(k, K)]


def _distinct(k: list[int], K: int) -> list[int]:
    """Increasing, distinct indices in [0, K) as close as possible to the sorted indices k."""
    out: list[int] = []
    for i in sorted(k):
        out.append(max(min(i, K - 1), out[-1] + 1 if out else 0))
    for j in range(len(out) - 1, -1, -1):       # push back inside [0, K) from the top
        top = K - 1 if j == len(out) - 1 else out[j + 1] - 1
        out[j] = min(out[j], top)
    return out


@dataclass(frozen=True)
class Categorical:
    """One of a fixed list of choices (None, bool, int, float or str, as Optuna stores them)."""

    choices: tuple

    def __init__(self, choices: Sequence[Any]) -> None:
        if isinstance(choices, (str, bytes)) or not isinstance(choices, Sequence):
            raise ValueError(f"Categorical: choices must be a list, got {choices!r}")
        if len(choices) == 0:
            raise ValueError("Categorical: empty list of choices []")
        for c in choices:
            if not isinstance(c, GRID_CHOICE_TYPES):
                raise ValueError(f"Categorical: choice {c!r} of {list(choices)!r} is a "
                                 f"{type(c).__name__}; use None, bool, int, float or str")
        if len(set(map(repr, choices))) != len(choices):
            raise ValueError(f"Categorical: repeated choices in {list(choices)!r}")
        object.__setattr__(self, "choices", tuple(choices))

    def suggest(self, trial: Any, name: str) -> Any:
        return trial.suggest_categorical(name, list(self.choices))

    def grid(self, n: int | None = None) -> list[Any]:
        return list(self.choices)

    @property
    def max_points(self) -> int:
        return len(self.choices)


Distribution = Uniform | LogUniform | Int | Categorical
DISTRIBUTIONS = (Uniform, LogUniform, Int, Categorical)


def check_space(space: Any) -> dict[str, Distribution]:
    """The space as a dict, or a clear error naming the bad entry."""
    if not isinstance(space, dict) or not space:
        raise ValueError(f"space must be a non-empty dict name -> distribution, got {space!r}")
    for name, dist in space.items():
        if not isinstance(name, str) or not name:
            raise ValueError(f"space: hyperparameter names must be non-empty str, got {name!r}")
        if not isinstance(dist, DISTRIBUTIONS):
            raise TypeError(f"space[{name!r}]: {dist!r} is not a distribution; use Uniform, "
                            "LogUniform, Int or Categorical")
    return dict(space)


def grid_counts(space: dict[str, Distribution], budget: int) -> dict[str, int]:
    """Grid points per hyperparameter for at most `budget` trials in all.

    A categorical takes all its choices. The others start at 1 point and,
    one at a time, the one with the fewest points (ties: the first in the
    space) gets one more, while the product n_1 n_2 … n_D stays <= budget and
    no integer range runs out of values. So the counts are as even as
    possible (they differ by at most 1 unless a range is exhausted), e.g.
    budget 32 over 5 ranges: 2 2 2 2 2; budget 10 over 2: 3 3 (9 trials).
    """
    space = check_space(space)
    fixed = {n: d.max_points for n, d in space.items() if isinstance(d, Categorical)}
    base = math.prod(fixed.values())
    if base > budget:
        raise ValueError(f"grid: the categorical choices {fixed} make {base} combinations, "
                         f"more than the budget {budget}")
    counts = {n: 1 for n in space if n not in fixed}
    order = list(counts)
    while True:
        open_ = [n for n in order if counts[n] < space[n].max_points]
        if not open_:
            break
        n = min(open_, key=lambda m: counts[m])
        size = base * math.prod(counts.values())
        if size // counts[n] * (counts[n] + 1) > budget:
            break
        counts[n] += 1
    return {n: fixed.get(n, counts.get(n)) for n in space}


def grid_points(space: dict[str, Distribution], budget: int) -> dict[str, list[Any]]:
    """The grid values of each hyperparameter for a grid search of at most `budget` trials."""
    return {n: space[n].grid(c) for n, c in grid_counts(space, budget).items()}


def to_json(space: dict[str, Distribution]) -> dict[str, dict[str, Any]]:
    """The space as JSON settings, e.g. {"lr": {"type": "LogUniform", "low": 1e-4, ...}}."""
    out = {}
    for name, d in space.items():
        fields = {"choices": list(d.choices)} if isinstance(d, Categorical) else dict(vars(d))
        out[name] = {"type": type(d).__name__, **fields}
    return out


def from_json(settings: dict[str, dict[str, Any]]) -> dict[str, Distribution]:
    """The space `to_json` wrote."""
    kinds = {cls.__name__: cls for cls in DISTRIBUTIONS}
    return {name: kinds[s["type"]](**{k: v for k, v in s.items() if k != "type"})
            for name, s in settings.items()}


def describe(space: dict[str, Distribution]) -> dict[str, str]:
    """A JSON-able description of the space (stored with a study to recognise it)."""
    return {n: repr(d) for n, d in space.items()}
