"""Tensor: an n-dimensional array that remembers how it was computed.

A Tensor wraps a NumPy array (`.data`). When it `requires_grad`, the
operations applied to it record a graph of Functions (`.grad_fn`), and
`backward()` walks that graph in reverse to fill `.grad` of the leaves with
dL/dx, a Tensor of the same shape as x. The methods mirror PyTorch's names
and broadcasting rules; each one is a thin call into an op family
(elementwise, reduction, shape, matmul, indexing).
"""
from __future__ import annotations

from typing import Any

import numpy as np

float32 = np.dtype("float32")
float64 = np.dtype("float64")
int64 = np.dtype("int64")
int32 = np.dtype("int32")
bool_ = np.dtype("bool")


def _to_array(data: Any, dtype: Any = None) -> np.ndarray:
    """Copy `data` into a fresh array, with torch.tensor's dtype rules."""
    if isinstance(data, Tensor):
        data = data.data
    if dtype is not None:
        return np.array(data, dtype=np.dtype(dtype))
    if isinstance(data, (np.ndarray, np.generic)):
        return np.array(data)  # keeps its dtype, as torch.tensor does
    array = np.array(data)
    if array.dtype.kind == "f":
        return array.astype(float32)  # Python floats become float32
    if array.dtype.kind in "iu":
        return array.astype(int64)
    if array.dtype.kind not in "b":
        raise TypeError(f"tensor: cannot make a tensor from {type(data).__name__} "
                        f"(NumPy dtype {array.dtype})")
    return array


def make_tensor(array: Any, requires_grad: bool = False) -> Tensor:
    """Wrap an array without copying: the fast path used by every op."""
    if type(array) is not np.ndarray:
        array = np.asarray(array)
    t = object.__new__(Tensor)
    t.data = array
    t.grad = None
    t.requires_grad = requires_grad
    t.grad_fn = None
    t.generation = 0
    t._retains_grad = False
    return t


def lift(value: Any, like: Tensor) -> Tensor:
    """Turn an operand into a Tensor; Python scalars take `like`'s dtype."""
    if isinstance(value, Tensor):
        return value
    if isinstance(value, (bool, int, float)):
        dtype = like.data.dtype
        if isinstance(value, float) and dtype.kind not in "fc":
            dtype = float32
        elif dtype.kind == "b" and not isinstance(value, bool):
            dtype = int64  # True + 1 == 2, as in PyTorch
        return make_tensor(np.asarray(value, dtype=dtype))
    return Tensor(value)


class Tensor:
    """An array with an optional gradient and the Function that made it.

    Attributes: `data` (ndarray), `grad` (Tensor or None), `requires_grad`,
    `grad_fn` (the Function that produced it, None for leaves).
    """

    __slots__ = ("data", "grad", "requires_grad", "grad_fn", "generation",
                 "_retains_grad", "__weakref__", "__dict__")
    __array_ufunc__ = None  # `ndarray * tensor` defers to Tensor.__rmul__

    def __init__(self, data: Any, dtype: Any = None, requires_grad: bool = False) -> None:
        self.data = _to_array(data, dtype)
        self.grad = None
        self.grad_fn = None
        self.generation = 0
        self._retains_grad = False
        self.requires_grad = False
        self.requires_grad_(requires_grad)

    # ----- basic information -------------------------------------------------
    @property
    def shape(self) -> tuple[int, ...]:
        return self.data.shape

    @property
    def dtype(self) -> np.dtype:
        return self.data.dtype

    @property
    def ndim(self) -> int:
        return self.data.ndim

    @property
    def is_leaf(self) -> bool:
        return self.grad_fn is None

    def dim(self) -> int:
        return self.data.ndim

    def size(self, dim: int | None = None) -> Any:
        return self.data.shape if dim is None else self.data.shape[dim]

    def numel(self) -> int:
        return self.data.size

    def __len__(self) -> int:
        if self.data.ndim == 0:
            raise TypeError("len() of a 0-d tensor")
        return self.data.shape[0]

    def __repr__(self) -> str:
        body = np.array2string(self.data, separator=", ", prefix="tensor(")
        extra = ""
        if self.data.dtype not in (float32, int64, bool_):
            extra += f", dtype={self.data.dtype}"
        if self.grad_fn is not None:
            extra += f", grad_fn={self.grad_fn!r}"
        elif self.requires_grad:
            extra += ", requires_grad=True"
        return f"tensor({body}{extra})"

    # ----- conversion --------------------------------------------------------
    def numpy(self) -> np.ndarray:
        if self.requires_grad:
            raise RuntimeError("numpy(): this tensor requires grad; call .detach().numpy()")
        return self.data

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        return self.data if dtype is None else self.data.astype(dtype)

    def item(self) -> Any:
        if self.data.size != 1:
            raise ValueError(f"item(): tensor of shape {self.shape} has "
                             f"{self.data.size} elements, not 1")
        return self.data.item()

    def tolist(self) -> Any:
        return self.data.tolist()

    def __float__(self) -> float:
        return float(self.item())

    def __int__(self) -> int:
        return int(self.item())

    def __bool__(self) -> bool:
        return bool(self.item())

    def to(self, dtype: Any) -> Tensor:
        """A copy in `dtype` (gradients flow back, cast to the original dtype)."""
        return S.cast(self, dtype)

    def float(self) -> Tensor:
        return self.to(float32)

    def double(self) -> Tensor:
        return self.to(float64)

    def long(self) -> Tensor:
        return self.to(int64)

    # ----- autograd ----------------------------------------------------------
    def requires_grad_(self, requires_grad: bool = True) -> Tensor:
        if requires_grad and self.data.dtype.kind not in "fc":
            raise RuntimeError(f"only floating point tensors can require gradients, "
                               f"not dtype {self.data.dtype}")
        if not requires_grad and self.grad_fn is not None:
            raise RuntimeError("requires_grad_(False) on a non-leaf tensor; use .detach()")
        self.requires_grad = bool(requires_grad)
        return self

    def detach(self) -> Tensor:
        """The same data, cut from the graph (shares memory, as in PyTorch)."""
        return make_tensor(self.data)

    def retain_grad(self) -> None:
        """Keep `.grad` on this non-leaf tensor after backward."""
        if not self.requires_grad:
            raise RuntimeError("retain_grad() on a tensor that does not require grad")
        self._retains_grad = True

    def backward(self, gradient: Any = None, retain_graph: bool | None = None,
                 create_graph: bool = False) -> None:
        """Accumulate d(self)/d(leaf) into every leaf's `.grad`."""
        G.backward([self], [gradient], retain_graph, create_graph)

    # ----- arithmetic (elementwise, broadcasting) ----------------------------
    def __add__(self, other: Any) -> Tensor:
        return E.add(self, lift(other, self))

    def __radd__(self, other: Any) -> Tensor:
        return E.add(lift(other, self), self)

    def __sub__(self, other: Any) -> Tensor:
        return E.sub(self, lift(other, self))

    def __rsub__(self, other: Any) -> Tensor:
        return E.sub(lift(other, self), self)

    def __mul__(self, other: Any) -> Tensor:
        return E.mul(self, lift(other, self))

    def __rmul__(self, other: Any) -> Tensor:
        return E.mul(lift(other, self), self)

    def __truediv__(self, other: Any) -> Tensor:
        return E.div(self, lift(other, self))

    def __rtruediv__(self, other: Any) -> Tensor:
        return E.div(lift(other, self), self)

    def __pow__(self, other: Any) -> Tensor:
        return E.pow(self, other)

    def __rpow__(self, other: Any) -> Tensor:
        return E.pow(lift(other, self), self)

    def __neg__(self) -> Tensor:
        return E.neg(self)

    def __abs__(self) -> Tensor:
        return E.abs(self)

    def __matmul__(self, other: Any) -> Tensor:
        return M.matmul(self, lift(other, self))

    def __rmatmul__(self, other: Any) -> Tensor:
        return M.matmul(lift(other, self), self)

    # ----- comparisons: boolean tensors, no gradient -------------------------
    def __lt__(self, other: Any) -> Tensor:
        return E.compare(np.less, self, other)

    def __le__(self, other: Any) -> Tensor:
        return E.compare(np.less_equal, self, other)

    def __gt__(self, other: Any) -> Tensor:
        return E.compare(np.greater, self, other)

    def __ge__(self, other: Any) -> Tensor:
        return E.compare(np.greater_equal, self, other)

    def __eq__(self, other: Any) -> Tensor:  # type: ignore[override]
        return E.compare(np.equal, self, other)

    def __ne__(self, other: Any) -> Tensor:  # type: ignore[override]
        return E.compare(np.not_equal, self, other)

    __hash__ = object.__hash__

    # ----- elementwise functions ---------------------------------------------
    def exp(self) -> Tensor:
        return E.exp(self)

    def log(self) -> Tensor:
        return E.log(self)

    def sqrt(self) -> Tensor:
        return E.sqrt(self)

    def abs(self) -> Tensor:
        return E.abs(self)

    def sin(self) -> Tensor:
        return E.sin(self)

    def cos(self) -> Tensor:
        return E.cos(self)

    def tanh(self) -> Tensor:
        return E.tanh(self)

    def sigmoid(self) -> Tensor:
        return E.sigmoid(self)

    def relu(self) -> Tensor:
        return E.relu(self)

    def clamp(self, min: Any = None, max: Any = None) -> Tensor:
        return E.clamp(self, min, max)

    def maximum(self, other: Any) -> Tensor:
        return E.maximum(self, lift(other, self))

    def minimum(self, other: Any) -> Tensor:
        return E.minimum(self, lift(other, self))

    # ----- reductions --------------------------------------------------------
    def sum(self, dim: Any = None, keepdim: bool = False) -> Tensor:
        return R.sum(self, dim, keepdim)

    def mean(self, dim: Any = None, keepdim: bool = False) -> Tensor:
        return R.mean(self, dim, keepdim)

    def var(self, dim: Any = None, keepdim: bool = False, correction: int = 1,
            unbiased: bool | None = None) -> Tensor:
        return R.var(self, dim, keepdim, correction if unbiased is None else int(unbiased))

    def std(self, dim: Any = None, keepdim: bool = False, correction: int = 1) -> Tensor:
        return R.var(self, dim, keepdim, correction).sqrt()

    def max(self, dim: int | None = None, keepdim: bool = False) -> Any:
        return R.max(self, dim, keepdim)

    def min(self, dim: int | None = None, keepdim: bool = False) -> Any:
        return R.min(self, dim, keepdim)

    def argmax(self, dim: int | None = None, keepdim: bool = False) -> Tensor:
        return R.argmax(self, dim, keepdim)

    def argmin(self, dim: int | None = None, keepdim: bool = False) -> Tensor:
        return R.argmin(self, dim, keepdim)

    def logsumexp(self, dim: Any, keepdim: bool = False) -> Tensor:
        return R.logsumexp(self, dim, keepdim)

    def softmax(self, dim: int) -> Tensor:
        return R.softmax(self, dim)

    def log_softmax(self, dim: int) -> Tensor:
        return R.log_softmax(self, dim)

    # ----- shape -------------------------------------------------------------
    def reshape(self, *shape: Any) -> Tensor:
        return S.reshape(self, S.shape_arg(shape))

    def view(self, *shape: Any) -> Tensor:
        return S.reshape(self, S.shape_arg(shape))

    def flatten(self, start_dim: int = 0, end_dim: int = -1) -> Tensor:
        return S.flatten(self, start_dim, end_dim)

    def transpose(self, dim0: int, dim1: int) -> Tensor:
        return S.transpose(self, dim0, dim1)

    def permute(self, *dims: Any) -> Tensor:
        return S.permute(self, S.shape_arg(dims))

    @property
    def T(self) -> Tensor:
        return S.permute(self, tuple(range(self.data.ndim))[::-1])

    def unsqueeze(self, dim: int) -> Tensor:
        return S.unsqueeze(self, dim)

    def squeeze(self, dim: int | None = None) -> Tensor:
        return S.squeeze(self, dim)

    def expand(self, *shape: Any) -> Tensor:
        return S.expand(self, S.shape_arg(shape))

    def __getitem__(self, index: Any) -> Tensor:
        return I.getitem(self, index)


def tensor(data: Any, dtype: Any = None, requires_grad: bool = False) -> Tensor:
    """Make a leaf Tensor from data (copied), as `torch.tensor` does.

    A NumPy array keeps its dtype; Python floats become float32, Python ints
    int64, bools bool. `dtype` overrides the choice.
    """
    return Tensor(data, dtype=dtype, requires_grad=requires_grad)



# The op families import Tensor from here, so they are imported last.
from . import elementwise as E  # noqa: E402
from . import graph as G  # noqa: E402
from . import indexing as I  # noqa: E402
from . import matmul as M  # noqa: E402
from . import reduction as R  # noqa: E402
from . import shape as S  # noqa: E402
