"""Atomic file writes and JSON-safe values for everything the runner writes.

An interrupted run must never leave a half-written file behind, so every file
the platform writes goes to a temporary file in the same directory first and
is then renamed over the target with `os.replace` (atomic on POSIX and
Windows). A reader sees either the old file or the new one, never a torn one.
"""
from __future__ import annotations

import dataclasses
import json
import math
import os
import secrets
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path, PurePath
from typing import Any

import numpy as np

TEMP_SUFFIX = ".tmp"


def temp_path_for(path: Path) -> Path:
    """A fresh hidden temporary name next to `path` (same directory, same filesystem)."""
    return path.parent / f".{path.name}.{secrets.token_hex(4)}{TEMP_SUFFIX}"


@contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path to write; on success rename it to `path`.

    On any exception (KeyboardInterrupt included) the temporary file is
    removed and `path` is left exactly as it was.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_path_for(target)
    try:
        yield tmp
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write `data` to `path` atomically (temp file, fsync, rename); returns the path."""
    with atomic_path(path) as tmp:
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
    return Path(path)


def atomic_write_text(path: str | os.PathLike[str], text: str) -> Path:
    """Write UTF-8 `text` to `path` atomically; returns the path."""
    return atomic_write_bytes(path, text.encode("utf-8"))


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
