"""An image as numbers: a colour photo is a 3rd-order tensor (H, W, 3), its grey version a
matrix (H, W); and which reshapes, transposes and slices share its memory (views) and
which copy it.

The photo ships with matplotlib (`matplotlib.cbook.get_sample_data`): nothing is downloaded.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

import gradschool as gs

SAMPLE_IMAGE = "grace_hopper.jpg"
LUMA = np.array([0.299, 0.587, 0.114])  # ITU-R BT.601 weights of R, G, B in the grey level


def load_image(name: str = SAMPLE_IMAGE) -> np.ndarray:
    """The (H, W, 3) uint8 RGB image `name` from matplotlib's sample data (a writable copy)."""
    import matplotlib.cbook as cbook
    import matplotlib.image as mpimg

    try:
        with cbook.get_sample_data(name) as f:
            image = mpimg.imread(f, format=name.rsplit(".", 1)[-1])
    except (FileNotFoundError, OSError) as exc:
        raise FileNotFoundError(f"tensors: matplotlib has no sample image {name!r} "
                                f"({exc})") from None
    if image.ndim != 3 or image.shape[2] < 3:
        raise ValueError(f"tensors: {name!r} is not a colour image: shape {image.shape}")
    return np.array(image[:, :, :3], order="C")


def grayscale(image: np.ndarray) -> np.ndarray:
    """Grey level of each pixel: G[i, j] = Σ_c image[i, j, c] · w_c with w = (0.299, 0.587,
    0.114), a dot product over the channel axis. (H, W, 3) → (H, W) float64 in [0, 255]."""
    if image.ndim != 3 or image.shape[-1] != 3:
        raise ValueError(f"grayscale: needs an (H, W, 3) image, got shape {image.shape}")
    return image @ LUMA


def four_objects(image: np.ndarray, gray: np.ndarray) -> dict[str, dict[str, Any]]:
    """Scalar, vector, matrix and tensor taken from the image, each as NumPy and gradschool
    see it: {name: {"order", "shape", "numpy_ndim", "gs_ndim", "gs_shape", "example"}}."""
    objects = {
        "scalar": (image[0, 0, 0], "image[0, 0, 0]: the red value of the top-left pixel"),
        "vector": (image[0, 0], "image[0, 0]: the (R, G, B) of the top-left pixel"),
        "matrix": (gray, "gray: the grey level of every pixel, (H, W)"),
        "tensor": (image, "image: every pixel's R, G and B, (H, W, 3)"),
    }
    out = {}
    for order, (name, (value, example)) in enumerate(objects.items()):
        t = gs.tensor(value)
        out[name] = {"order": order, "shape": list(np.shape(value)),
                     "numpy_ndim": int(np.ndim(value)), "gs_ndim": t.ndim,
                     "gs_shape": list(t.shape), "example": example}
    return out


# Each operation: (code shown to the learner, what it does to an (H, W, 3) array).
NUMPY_OPS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "x[:, :, 0]": lambda x: x[:, :, 0],
    "x[100:300, 50:250]": lambda x: x[100:300, 50:250],
    "x[::2, ::2]": lambda x: x[::2, ::2],
    "x.transpose(1, 0, 2)": lambda x: x.transpose(1, 0, 2),
    "x.transpose(2, 0, 1)": lambda x: x.transpose(2, 0, 1),
    "x.reshape(-1, 3)": lambda x: x.reshape(-1, 3),
    "x.ravel()": lambda x: x.ravel(),
    "x.transpose(1, 0, 2).reshape(-1)": lambda x: x.transpose(1, 0, 2).reshape(-1),
    "x.flatten()": lambda x: x.flatten(),
    "x[[0, 2, 4]]": lambda x: x[[0, 2, 4]],
    "x[x > 128]": lambda x: x[x > 128],
    "x.astype(np.float32)": lambda x: x.astype(np.float32),
}

GS_OPS: dict[str, Callable[[Any], Any]] = {
    "t[:, :, 0]": lambda t: t[:, :, 0],
    "t.permute(2, 0, 1)": lambda t: t.permute(2, 0, 1),
    "t.reshape(-1, 3)": lambda t: t.reshape(-1, 3),
    "t.transpose(0, 1).reshape(-1)": lambda t: t.transpose(0, 1).reshape(-1),
    "t[[0, 2, 4]]": lambda t: t[[0, 2, 4]],
    "t.float()": lambda t: t.float(),
}


def _layout(result: np.ndarray, base: np.ndarray) -> dict[str, Any]:
    return {"shape": list(result.shape), "strides": list(result.strides),
            "shares_memory": bool(np.shares_memory(result, base)),
            "contiguous": bool(result.flags.c_contiguous)}


def numpy_views(x: np.ndarray) -> dict[str, dict[str, Any]]:
    """{code: {shape, strides (bytes), shares_memory with x, contiguous}} for NUMPY_OPS."""
    return {code: _layout(op(x), x) for code, op in NUMPY_OPS.items()}


def gs_views(x: np.ndarray) -> dict[str, dict[str, Any]]:
    """The same for gradschool: `t = gs.tensor(x)` copies x (as `torch.tensor` does), and
    each operation of GS_OPS is applied to t and compared with t's own memory (`t.data`)."""
    t = gs.tensor(x)
    out = {"gs.tensor(x)": _layout(t.data, x)}
    out.update({code: _layout(op(t).data, t.data) for code, op in GS_OPS.items()})
    return out
