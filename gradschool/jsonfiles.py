"""JSON-safe values for everything the runner writes, written atomically.

`to_jsonable` turns NumPy scalars and arrays, NaN and infinities into strict
JSON; `atomic_write_json` writes it through `gradschool.atomic`, so an
interrupted run never leaves a half-written metrics file.
"""
from __future__ import annotations

import dataclasses
import json
import math
import os
from collections.abc import Mapping
from pathlib import Path, PurePath
from typing import Any

import numpy as np

from .atomic import atomic_write_text


def dumps_json(value: Any, level: int = 0) -> str:
    """Strict JSON of `to_jsonable(value)`, indented, with lists of scalars on one line."""
    if level == 0:
        value = to_jsonable(value)
    pad, inner = "  " * level, "  " * (level + 1)
    if isinstance(value, dict) and value:
        items = [f"{inner}{json.dumps(k, ensure_ascii=False)}: {dumps_json(v, level + 1)}"
                 for k, v in value.items()]
        return "{\n" + ",\n".join(items) + f"\n{pad}}}"
    if isinstance(value, list) and any(isinstance(v, (dict, list)) for v in value):
        items = [f"{inner}{dumps_json(v, level + 1)}" for v in value]
        return "[\n" + ",\n".join(items) + f"\n{pad}]"
    return json.dumps(value, allow_nan=False, ensure_ascii=False)


def atomic_write_json(path: str | os.PathLike[str], value: Any) -> Path:
    """Write `to_jsonable(value)` as strict JSON (see `dumps_json`) to `path` atomically."""
    return atomic_write_text(path, dumps_json(value) + "\n")


def _float(x: float) -> float | str:
    """A finite float as is; NaN and infinities as the strings "nan", "inf", "-inf"."""
    if math.isfinite(x):
        return x
    if math.isnan(x):
        return "nan"
    return "inf" if x > 0 else "-inf"


def to_jsonable(value: Any) -> Any:
    """`value` as plain JSON types: dict (str keys), list, str, int, float, bool, None.

    NumPy scalars and arrays (and anything with `__array__`, such as a
    gradschool Tensor) become Python numbers and nested lists; tuples and sets
    become lists; dataclasses become dicts; paths become strings. Non-finite
    floats, which strict JSON cannot hold, become the strings "nan", "inf" and
    "-inf". Anything else becomes its `str()`.
    """
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return _float(float(value))
    if isinstance(value, np.generic):
        return to_jsonable(value.item())
    if isinstance(value, np.ndarray):
        return to_jsonable(value.tolist())
    if isinstance(value, complex):
        return str(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return to_jsonable(dataclasses.asdict(value))
    if isinstance(value, Mapping):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, (set, frozenset)):
        items = [to_jsonable(v) for v in value]
        return sorted(items, key=lambda v: (type(v).__name__, str(v)))
    if isinstance(value, PurePath):
        return str(value)
    if hasattr(value, "__array__"):
        return to_jsonable(np.asarray(value).tolist())
    return str(value)
