"""Cells, their file keys and their seeds.

A cell is a dict of JSON settings, e.g. `{"hidden": 40, "seed": 2}`. Its key
names its file in the store and is a pure function of the cell's content and
of the cell function's `module:qualname`:

    key  = slug + "-" + sha256(canonical JSON of {"fn": name, "cell": cell})[:16]
    seed = int(sha256(...)[:16], 16)            (a 64-bit integer)

The canonical JSON sorts keys and has no spaces, so `{"a": 1, "b": 2}` and
`{"b": 2, "a": 1}` are the same cell. The slug (`hidden=40_seed=2`) is only
there for people listing the directory. Editing the function's body does not
change the keys: start a new store (or delete it) when the function changes
what it computes.
"""
from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Callable, Sequence
from typing import Any

from .errors import SweepUsageError

HASH_CHARS = 16
SLUG_CHARS = 48
LABEL_CHARS = 60
_UNSAFE = re.compile(r"[^A-Za-z0-9._=+-]+")


def fn_name(fn: Callable[..., Any]) -> str:
    """`module:qualname` of a top-level function; a lambda, a closure or a partial is refused."""
    module = getattr(fn, "__module__", None)
    qualname = getattr(fn, "__qualname__", None)
    if not callable(fn) or module is None or qualname is None:
        raise SweepUsageError(f"sweep: fn must be a top-level function, got {fn!r}")
    if "<" in qualname:
        raise SweepUsageError(
            f"sweep: fn must be a top-level function, got {module}:{qualname}; define it at "
            "module level so workers can import it and its cells get stable keys")
    return f"{module}:{qualname}"


def canonical_json(value: Any) -> str:
    """Compact JSON with sorted keys: the same text for equal cells, on every machine."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True,
                      allow_nan=False)


def _check_json(value: Any, where: str) -> None:
    """Raise SweepUsageError naming `where` if `value` is not a plain JSON value."""
    if value is None or isinstance(value, (bool, int, str)):
        return
    if isinstance(value, float):
        if not math.isfinite(value):
            raise SweepUsageError(f"{where} is {value!r}; cells hold finite numbers only")
        return
    if isinstance(value, list):
        for i, item in enumerate(value):
            _check_json(item, f"{where}[{i}]")
        return
    if isinstance(value, dict):
        for k, item in value.items():
            if not isinstance(k, str):
                raise SweepUsageError(f"{where} has the key {k!r} ({type(k).__name__}); "
                                      "cell keys must be strings")
            _check_json(item, f"{where}[{k!r}]")
        return
    raise SweepUsageError(
        f"{where} has type {type(value).__name__} ({value!r}); cells hold JSON values only: "
        "str, int, float, bool, None, and lists and dicts of them")


def check_cell(cell: Any, index: int) -> None:
    """Raise SweepUsageError unless `cell` is a dict of JSON settings with string keys."""
    if not isinstance(cell, dict):
        raise SweepUsageError(f"sweep: cell {index} is a {type(cell).__name__} ({cell!r}), "
                              "not a dict of settings")
    _check_json(cell, f"sweep: cell {index} {cell!r}: value")


def _digest(name: str, cell: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json({"fn": name, "cell": cell}).encode()).hexdigest()


def _slug(cell: dict[str, Any]) -> str:
    """`hidden=40_seed=2`: the cell's settings, sorted, made safe for a file name."""
    parts = []
    for k in sorted(cell):
        v = cell[k]
        text = v if isinstance(v, str) else canonical_json(v)
        parts.append(f"{k}={text}")
    return _UNSAFE.sub("-", "_".join(parts))[:SLUG_CHARS].strip("-_.")


def cell_key(fn: Callable[..., Any] | str, cell: dict[str, Any]) -> str:
    """The file key of `cell` run by `fn` (a function or its `module:qualname`)."""
    name = fn if isinstance(fn, str) else fn_name(fn)
    slug, digest = _slug(cell), _digest(name, cell)[:HASH_CHARS]
    return f"{slug}-{digest}" if slug else digest


def cell_seed(key: str) -> int:
    """The 64-bit seed a worker passes to `gs.seed_everything` before running the cell."""
    return int(key[-HASH_CHARS:], 16)


def cell_label(cell: dict[str, Any]) -> str:
    """A short one-line description of a cell for progress bars: `hidden=40, seed=2`.

    Nested settings (a dict or list, e.g. the study's shared configuration) are
    left out: they are the same in every cell and would hide what differs.
    """
    text = ", ".join(f"{k}={v!r}" if isinstance(v, str) else f"{k}={canonical_json(v)}"
                     for k, v in cell.items() if not isinstance(v, (dict, list)))
    return text if len(text) <= LABEL_CHARS else text[:LABEL_CHARS - 1] + "…"


def cell_keys(fn: Callable[..., Any], cells: Sequence[Any]) -> list[str]:
    """Check every cell and return their keys; two equal cells are an error."""
    if isinstance(cells, (str, bytes, dict)) or not isinstance(cells, Sequence):
        raise SweepUsageError(f"sweep: cells must be a list of dicts, got {type(cells).__name__}")
    name = fn_name(fn)
    keys: list[str] = []
    first: dict[str, int] = {}
    for i, cell in enumerate(cells):
        check_cell(cell, i)
        key = cell_key(name, cell)
        if key in first:
            raise SweepUsageError(
                f"sweep: cells {first[key]} and {i} are the same, {cell!r}; each cell must be "
                "distinct (add a setting such as 'seed' to repeat one)")
        first[key] = i
        keys.append(key)
    return keys
