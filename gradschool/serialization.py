"""Checkpoints: `gs.save(state_dict, path)` and `gs.load(path)` in safetensors.

A checkpoint is a flat map name -> array, e.g. a model's `state_dict()`
(`{"0.weight": W, "0.bias": b, ...}`). It is stored in the safetensors format:
an 8-byte header length, a JSON header giving each tensor's dtype, shape and
byte range, then the raw little-endian bytes. Loading reads numbers only and
never runs code, unlike a pickle (`torch.save`'s default), so a checkpoint
from a stranger is safe to open. The files are interchangeable with
`safetensors.torch.save_file` / `load_file`.

Differences from PyTorch: `gs.save` takes a flat dict of Tensors or arrays
only (nested optimizer state is not supported) and `gs.load` returns a dict
of Tensors.
"""
from __future__ import annotations

import errno
import json
import os
from collections.abc import Mapping

import numpy as np
from safetensors import numpy as st_numpy
from safetensors import safe_open

from .atomic import atomic_write_bytes
from .autograd.tensor import Tensor, make_tensor

# dtypes that safetensors' NumPy backend reads back.
_DTYPES = {np.dtype(t) for t in (np.float16, np.float32, np.float64, np.int8, np.int16,
                                 np.int32, np.int64, np.uint8, np.uint16, np.uint32,
                                 np.uint64, np.bool_)}
_ORDER_KEY = "gradschool.order"  # header metadata: the dict's key order


def _arrays(state_dict: Mapping[str, Tensor | np.ndarray]) -> dict[str, np.ndarray]:
    """Check every entry and turn it into a contiguous array."""
    if not isinstance(state_dict, Mapping):
        raise TypeError(f"save: expected a dict of name -> Tensor, got "
                        f"{type(state_dict).__name__}")
    arrays = {}
    for key, value in state_dict.items():
        if not isinstance(key, str):
            raise TypeError(f"save: key {key!r} is a {type(key).__name__}; keys must be str")
        if isinstance(value, Tensor):
            array = value.data
        elif isinstance(value, np.ndarray):
            array = value
        else:
            raise TypeError(f"save: value for key {key!r} is a {type(value).__name__}; "
                            f"expected a Tensor or a NumPy array (nested dicts such as "
                            f"optimizer state are not supported)")
        if array.dtype.byteorder == ">":  # big-endian: store as native little-endian
            array = array.astype(array.dtype.newbyteorder("="))
        if array.dtype not in _DTYPES:
            raise TypeError(f"save: value for key {key!r} has dtype {array.dtype}, which "
                            f"a safetensors checkpoint cannot hold")
        # safetensors copies raw memory from the data pointer: it must be contiguous.
        arrays[key] = np.ascontiguousarray(array)
    return arrays


def save(state_dict: Mapping[str, Tensor | np.ndarray], path: str | os.PathLike[str]) -> None:
    """Write `state_dict` (str -> Tensor or ndarray) to `path` as safetensors.

    The write is atomic: the file is written to a temporary name in the same
    folder and then renamed over `path`, so a crash never leaves a half-written
    checkpoint, and an existing file stays intact if anything fails.
    """
    arrays = _arrays(state_dict)
    path = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise FileNotFoundError(errno.ENOENT, "save: no such folder", folder)
    # safetensors' own save_file creates 0600 files; serialising to bytes and
    # writing them ourselves gives the usual permissions (0666 less the umask).
    data = st_numpy.save(arrays, metadata={"format": "np",
                                           _ORDER_KEY: json.dumps(list(arrays))})
    atomic_write_bytes(path, data)


def load(path: str | os.PathLike[str]) -> dict[str, Tensor]:
    """Read a safetensors checkpoint into a dict of str -> Tensor (dtypes kept).

    Any safetensors file works, including one written by PyTorch. A missing
    file raises FileNotFoundError; anything that is not a valid safetensors
    file (truncated, random bytes, a pickle, text) raises ValueError.
    """
    path = os.fspath(path)
    if not os.path.exists(path):
        raise FileNotFoundError(errno.ENOENT, "load: no such checkpoint file", path)
    if os.path.isdir(path):
        raise IsADirectoryError(errno.EISDIR, "load: expected a checkpoint file, got a "
                                              "folder", path)
    try:
        with safe_open(path, framework="np") as f:
            meta = f.metadata() or {}
            keys = list(f.keys())
            arrays = {k: f.get_tensor(k) for k in keys}
    except Exception as e:
        raise ValueError(f"load: {path!r} is not a valid gradschool/safetensors "
                         f"checkpoint ({e})") from None
    try:
        order = json.loads(meta.get(_ORDER_KEY, "[]"))
    except ValueError:
        order = []
    if isinstance(order, list) and sorted(order) == sorted(keys):
        keys = order  # the order the dict was saved in
    # get_tensor returns fresh arrays (not views of a memory map); keep them writable.
    return {k: make_tensor(arrays[k] if arrays[k].flags.writeable else arrays[k].copy())
            for k in keys}
