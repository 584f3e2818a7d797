"""MNIST-1D: a small 1-d analogue of MNIST (Greydanus, 2020), generated locally.

Each sample is one of 10 digit templates (a 1-d signal of 12 points) that is
padded, scaled, translated, sheared, corrupted with correlated and i.i.d.
noise and resampled to 40 points; labels are the digit 0..9. The default
arguments give the canonical set: 4000 training and 1000 test samples.

The data are built with the `mnist1d` package's own generator
(`mnist1d.data.make_dataset`), never downloaded, and cached on disk as an
`.npz` file keyed by a hash of the arguments, so the second call is instant.
"""
from __future__ import annotations

import hashlib
import json
import os
import random
import warnings
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from ..atomic import atomic_path

FORMAT_VERSION = 1
NUM_CLASSES = 10
ARRAY_KEYS = ("x", "y", "x_test", "y_test", "t")
_NOT_GENERATOR_ARGS = ("url",)  # the download address: gradschool never downloads


def default_args() -> dict[str, Any]:
    """The generator's default arguments (`mnist1d.data.get_dataset_args`), less `url`."""
    from mnist1d.data import get_dataset_args

    args = get_dataset_args(as_dict=True)
    return {k: v for k, v in args.items() if k not in _NOT_GENERATOR_ARGS}


def cache_dir() -> Path:
    """Where generated data sets are kept: `$GRADSCHOOL_CACHE/mnist1d`, else
    `$XDG_CACHE_HOME/gradschool/mnist1d`, else `~/.cache/gradschool/mnist1d`."""
    root = os.environ.get("GRADSCHOOL_CACHE")
    if root:
        return Path(root).expanduser() / "mnist1d"
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "gradschool" / "mnist1d"


def _plain(value: Any) -> Any:
    """JSON encoder fallback for NumPy scalars and arrays in the arguments."""
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    raise TypeError(f"load_mnist1d: argument value {value!r} of type "
                    f"{type(value).__name__} is not a number, bool or list")


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _validate(args: dict[str, Any]) -> None:
    """Check the arguments here, rather than fail deep inside the generator."""
    def bad(key: str, need: str) -> ValueError:
        return ValueError(f"load_mnist1d: {key} must be {need}, got {args[key]!r}")

    ints = {"num_samples": NUM_CLASSES, "template_len": 1, "max_translation": 1,
            "final_seq_length": 1, "seed": 0}
    for key, low in ints.items():
        if key in args and (not _is_int(args[key]) or args[key] < low):
            raise bad(key, f"an int >= {low}")
    if "seed" in args and args["seed"] >= 2**32:
        raise bad("seed", "an int below 2**32")
    for key in ("scale_coeff", "corr_noise_scale", "iid_noise_scale", "shear_scale"):
        if key in args and (not _is_number(args[key]) or args[key] < 0):
            raise bad(key, "a non-negative number")
    split = args.get("train_split", 0.8)
    if not _is_number(split) or not 0 < split <= 1:
        raise bad("train_split", "a number in (0, 1]")
    pad = args.get("padding", [0, 0])
    if (not isinstance(pad, list) or len(pad) != 2 or not all(_is_int(p) for p in pad)
            or not 0 <= pad[0] <= pad[1]):
        raise bad("padding", "a pair of ints [low, high] with 0 <= low <= high")
    if not isinstance(args.get("shuffle_seq", False), bool):
        raise bad("shuffle_seq", "a bool")


def _cache_key(args: dict[str, Any]) -> tuple[str, str]:
    """(file name, JSON of the arguments): the hash covers the sorted arguments,
    the cache format version and the generator's version."""
    try:
        generator = metadata.version("mnist1d")
    except metadata.PackageNotFoundError:  # pragma: no cover - installed from source
        generator = "unknown"
    text = json.dumps({"format": FORMAT_VERSION, "mnist1d": generator, "args": args},
                      sort_keys=True)
    digest = hashlib.sha256(text.encode()).hexdigest()[:16]
    return f"mnist1d-{digest}.npz", text


def _read_cache(path: Path, key_text: str) -> dict[str, np.ndarray] | None:
    """The cached arrays, or None when the file is missing, corrupt or not ours."""
    if not path.exists():
        return None
    try:
        with np.load(path, allow_pickle=False) as f:
            if str(f["key"]) != key_text:
                raise ValueError("the arguments stored in the file differ")
            data = {k: f[k] for k in ARRAY_KEYS}
        n, n_test = len(data["x"]), len(data["x_test"])
        if data["y"].shape != (n,) or data["y_test"].shape != (n_test,):
            raise ValueError("inputs and labels have different lengths")
    except Exception as e:  # any unreadable file is simply regenerated
        warnings.warn(f"load_mnist1d: cache file {path} is unreadable ({e}); "
                      f"regenerating it", stacklevel=3)
        return None
    return data


def _write_cache(path: Path, data: dict[str, np.ndarray], key_text: str) -> None:
    """Write atomically (see gradschool.atomic); a cache that can't be written is skipped."""
    try:
        with atomic_path(path) as tmp, open(tmp, "wb") as fh:
            np.savez(fh, key=np.array(key_text), **data)
    except OSError as e:
        warnings.warn(f"load_mnist1d: could not write cache file {path} ({e})", stacklevel=3)


def _generate(args: dict[str, Any]) -> dict[str, np.ndarray]:
    """Run the mnist1d generator, leaving NumPy's and Python's global RNGs as they were.

    `make_dataset` seeds and draws from `np.random` and `random` (global
    state); we save both states first and put them back afterwards.
    """
    from mnist1d.data import make_dataset
    from mnist1d.utils import ObjectView

    np_state, py_state = np.random.get_state(), random.getstate()
    try:
        raw = make_dataset(ObjectView(dict(args)))
    finally:
        np.random.set_state(np_state)
        random.setstate(py_state)
    return {"x": np.asarray(raw["x"]), "y": np.asarray(raw["y"], dtype=np.int64),
            "x_test": np.asarray(raw["x_test"]),
            "y_test": np.asarray(raw["y_test"], dtype=np.int64),
            "t": np.asarray(raw["t"])}


def add_label_noise(y: np.ndarray, fraction: float, seed: int,
                    num_classes: int = NUM_CLASSES) -> np.ndarray:
    """Boolean mask of the labels changed in place: exactly round(fraction * n)
    samples, chosen without replacement, each get a *different* class drawn
    uniformly from the other num_classes - 1, from `np.random.default_rng([seed, 1])`."""
    n = len(y)
    k = round(fraction * n)
    rng = np.random.default_rng([seed, 1])
    idx = rng.choice(n, size=k, replace=False)
    y[idx] = (y[idx] + rng.integers(1, num_classes, size=k)) % num_classes
    noisy = np.zeros(n, dtype=bool)
    noisy[idx] = True
    return noisy


def load_mnist1d(**overrides: Any) -> dict[str, Any]:
    """Build (or read from the cache) the MNIST-1D data set.

    Keyword arguments override the generator's defaults (see `default_args()`:
    num_samples, train_split, template_len, padding, scale_coeff,
    max_translation, corr_noise_scale, iid_noise_scale, shear_scale,
    shuffle_seq, final_seq_length, seed), plus `label_noise`.

    `label_noise=p` (0 <= p <= 1) corrupts the *training* labels only: exactly
    round(p * n) of them, chosen without replacement, are replaced by a
    *different* class drawn uniformly from the other 9, so a fraction p of the
    training labels is wrong. (Nakkiran et al.'s "random labels with
    probability q" keeps the true class by chance 1/10 of the time; it equals
    p = 0.9 q here.) The choice is reproducible: its generator is
    `np.random.default_rng([seed, 1])`, with `seed` the data set's seed.

    Returns a dict: `x` (n, 40) float64, `y` (n,) int64, `x_test`, `y_test`,
    `t` (40,) the sample positions, as NumPy arrays; `noisy`, a bool mask of
    the training labels that `label_noise` changed; and `args`, the arguments
    used. The generator's `templates` are dropped. The cache lives in
    `cache_dir()` and is written atomically; a corrupt cache file is rebuilt.
    """
    overrides = dict(overrides)
    label_noise = overrides.pop("label_noise", 0.0)
    args = default_args()
    unknown = sorted(set(overrides) - set(args))
    if unknown:
        raise ValueError(f"load_mnist1d: unknown argument(s) {unknown}; valid arguments "
                         f"are {sorted([*args, 'label_noise'])}")
    args.update(overrides)
    args = json.loads(json.dumps(args, default=_plain))  # tuples -> lists, np -> Python
    _validate(args)
    if (isinstance(label_noise, bool)
            or not isinstance(label_noise, (int, float, np.integer, np.floating))
            or not 0 <= label_noise <= 1):
        raise ValueError(f"load_mnist1d: label_noise must be a number in [0, 1], "
                         f"got {label_noise!r}")

    name, key_text = _cache_key(args)
    path = cache_dir() / name
    data = _read_cache(path, key_text)
    if data is None:
        data = _generate(args)
        _write_cache(path, data, key_text)

    result: dict[str, Any] = dict(data)
    result["noisy"] = add_label_noise(result["y"], float(label_noise), args["seed"])
    result["args"] = {**args, "label_noise": float(label_noise)}
    return result
