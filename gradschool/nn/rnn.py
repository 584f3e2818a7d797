"""Recurrent layers: RNN, GRU and LSTM, with PyTorch's signatures and parameter layouts.

Each layer of each direction runs its whole sequence as one fused node
(`rnn_kernels`), so a model with a 40-step GRU records a handful of nodes,
not hundreds. Weights load directly from PyTorch: `gs.nn.GRU(...)
.load_state_dict(torch_gru.state_dict())`.
"""
from __future__ import annotations

import math
import warnings
from typing import Any

import numpy as np

from ..autograd.shape import cat, stack
from ..autograd.tensor import Tensor, float32, make_tensor
from . import functional as F
from . import init
from .module import Module
from .parameter import Parameter
from .rnn_kernels import GRULayer, LSTMLayer, RNNLayer

_GATES = {"RNN_TANH": 1, "RNN_RELU": 1, "GRU": 3, "LSTM": 4}

_SHAPES = """Shapes (L sequence length, N batch, D = 2 if bidirectional else 1):
        input: (L, N, input_size), or (N, L, input_size) with batch_first=True,
            or (L, input_size) unbatched;
        h_0, h_n: (D · num_layers, N, hidden_size) (no N when unbatched),
            ordered layer by layer, forward direction first;
        output: (L, N, D · hidden_size) (batch_first: (N, L, D · hidden_size)),
            the last layer's h_t for every t, both directions side by side.

    Parameters, for each layer k (suffix `_reverse` for the backward direction),
    all initialised from U(-1/√hidden_size, 1/√hidden_size) as in PyTorch:
        weight_ih_l{k}: (gates · hidden_size, input_size) for k = 0,
            (gates · hidden_size, D · hidden_size) after;
        weight_hh_l{k}: (gates · hidden_size, hidden_size);
        bias_ih_l{k}, bias_hh_l{k}: (gates · hidden_size,) (absent if bias=False).

    Between layers, `dropout` (default 0) applies dropout to the outputs of
    every layer but the last, while training. With `create_graph=True` the
    backward differentiates an unrolled Tensor-op version of each layer
    (same values, slower), so higher derivatives work.
    """


def _doc(text: str) -> str:
    """A layer's docstring with the shared shapes section in place of <shapes>."""
    return text.replace("<shapes>", _SHAPES)


class RNNBase(Module):
    """What RNN, GRU and LSTM share: parameters, input checks, layers and directions."""

    mode: str = "RNN_TANH"

    def __init__(self, mode: str, input_size: int, hidden_size: int, num_layers: int = 1,
                 bias: bool = True, batch_first: bool = False, dropout: float = 0.0,
                 bidirectional: bool = False, dtype: Any = None) -> None:
        super().__init__()
        for name, value in (("input_size", input_size), ("hidden_size", hidden_size),
                            ("num_layers", num_layers)):
            if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
                raise ValueError(f"{type(self).__name__}: {name} must be a positive integer, "
                                 f"got {value!r}")
        if not 0 <= dropout <= 1 or isinstance(dropout, bool):
            raise ValueError(f"dropout should be a number in range [0, 1] representing the "
                             f"probability of an element being zeroed, got {dropout!r}")
        if dropout > 0 and num_layers == 1:
            warnings.warn("dropout option adds dropout after all but last recurrent layer, so "
                          f"non-zero dropout expects num_layers greater than 1, but got "
                          f"dropout={dropout} and num_layers={num_layers}", stacklevel=3)
        self.mode = mode
        self.input_size, self.hidden_size, self.num_layers = input_size, hidden_size, num_layers
        self.bias, self.batch_first, self.dropout = bias, batch_first, float(dropout)
        self.bidirectional = bidirectional
        dtype = float32 if dtype is None else np.dtype(dtype)
        rows, directions = _GATES[mode] * hidden_size, 2 if bidirectional else 1
        self._weight_names: list[list[str]] = []
        for k in range(num_layers):
            layer_in = input_size if k == 0 else directions * hidden_size
            for suffix in ("", "_reverse")[:directions]:
                shapes = {f"weight_ih_l{k}{suffix}": (rows, layer_in),
                          f"weight_hh_l{k}{suffix}": (rows, hidden_size)}
                if bias:
                    shapes[f"bias_ih_l{k}{suffix}"] = (rows,)
                    shapes[f"bias_hh_l{k}{suffix}"] = (rows,)
                for name, shape in shapes.items():
                    setattr(self, name, Parameter(np.empty(shape, dtype)))
                self._weight_names.append(list(shapes))
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Draw every weight and bias from U(-1/√hidden_size, 1/√hidden_size)."""
        bound = 1.0 / math.sqrt(self.hidden_size)
        for p in self.parameters():
            init.uniform_(p, -bound, bound)

    def flatten_parameters(self) -> None:
        """Does nothing: PyTorch packs weights for cuDNN; here they are used as they are."""

    @property
    def all_weights(self) -> list[list[Parameter]]:
        """The parameters per layer and direction: [[w_ih, w_hh, b_ih, b_hh], ...]."""
        return [[getattr(self, name) for name in names] for names in self._weight_names]

    def _layer(self, reverse: bool, batch_first: bool) -> Any:
        """The fused Function that runs one layer in one direction."""
        if self.mode == "GRU":
            return GRULayer(reverse, batch_first)
        if self.mode == "LSTM":
            return LSTMLayer(reverse, batch_first)
        return RNNLayer(reverse, batch_first, "relu" if self.mode == "RNN_RELU" else "tanh")

    def _check_input(self, input: Any) -> bool:
        """Validate the input; True if it is batched."""
        name = type(self).__name__
        if not isinstance(input, Tensor):
            raise TypeError(f"{name}: input must be a gradschool Tensor, got "
                            f"{type(input).__name__}")
        if input.ndim not in (2, 3):
            raise ValueError(f"{name}: expected input of 2 (unbatched) or 3 (batched) "
                             f"dimensions, got shape {input.shape}")
        if input.dtype.kind != "f":
            raise TypeError(f"{name}: input must be floating point, got dtype {input.dtype}")
        if input.shape[-1] != self.input_size:
            raise ValueError(f"{name}: input of shape {input.shape} has {input.shape[-1]} "
                             f"features in its last dimension, expected input_size="
                             f"{self.input_size}")
        if input.shape[0 if input.ndim == 2 or not self.batch_first else 1] == 0:
            raise ValueError(f"{name}: input of shape {input.shape} has an empty sequence")
        return input.ndim == 3

    def _check_state(self, h: Any, expected: tuple[int, ...], what: str) -> Tensor:
        name = type(self).__name__
        if not isinstance(h, Tensor):
            raise TypeError(f"{name}: {what} must be a gradschool Tensor, got {type(h).__name__}")
        if h.shape != expected:
            raise ValueError(f"{name}: {what} of shape {h.shape} does not fit: expected "
                             f"(D · num_layers, N, hidden_size) = {expected}"
                             + (" (no N: the input is unbatched)" if len(expected) == 2 else ""))
        return h

    def _run(self, input: Tensor, states: list[Tensor | None]) -> tuple[Tensor, list[Tensor]]:
        """(output, final states) for `states` = [h0] or [h0, c0] (None: zeros)."""
        batched = self._check_input(input)
        D = 2 if self.bidirectional else 1
        batch_first = self.batch_first and batched
        x = input if batched else input.unsqueeze(1)
        N = x.shape[0 if batch_first else 1]
        expected = (D * self.num_layers, N, self.hidden_size) if batched else \
            (D * self.num_layers, self.hidden_size)
        states = [None if s is None else self._check_state(s, expected, w)
                  for s, w in zip(states, ["h_0", "c_0"])]
        if not batched:
            states = [None if s is None else s.unsqueeze(1) for s in states]
        zeros = make_tensor(np.zeros((N, self.hidden_size), self.weight_hh_l0.dtype))
        finals: list[list[Tensor]] = [[] for _ in states]
        for k in range(self.num_layers):
            ys = []
            for d in range(D):
                index = k * D + d
                initial = [zeros if s is None else s[index] for s in states]
                weights = [getattr(self, name) for name in self._weight_names[index]]
                y, *last = self._layer(d == 1, batch_first)(x, *initial, *weights)
                ys.append(y)
                for f, s in zip(finals, last):
                    f.append(s)
            x = ys[0] if D == 1 else cat(ys, 2)
            if self.dropout and self.training and k < self.num_layers - 1:
                x = F.dropout(x, self.dropout, True)
        if not batched:
            return x.squeeze(1), [stack(f).squeeze(1) for f in finals]
        return x, [stack(f) for f in finals]

    def extra_repr(self) -> str:
        text = f"{self.input_size}, {self.hidden_size}"
        if self.num_layers != 1:
            text += f", num_layers={self.num_layers}"
        if not self.bias:
            text += ", bias=False"
        if self.batch_first:
            text += ", batch_first=True"
        if self.dropout:
            text += f", dropout={self.dropout}"
        if self.bidirectional:
            text += ", bidirectional=True"
        return text


class RNN(RNNBase):
    __doc__ = _doc("""Elman RNN: for each layer and each step t,

        h_t = f(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh),   f = tanh or relu (`nonlinearity`)

    where x_t is the input (first layer) or the previous layer's output.
    `forward(input, hx=None)` returns (output, h_n); hx (h_0) defaults to zeros.

    gates = 1: weight_ih_l0 is W_ih, (hidden_size, input_size).

    <shapes>""")

    def __init__(self, input_size: int, hidden_size: int, num_layers: int = 1,
                 nonlinearity: str = "tanh", bias: bool = True, batch_first: bool = False,
                 dropout: float = 0.0, bidirectional: bool = False, dtype: Any = None) -> None:
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError(f"Unknown nonlinearity '{nonlinearity}'. Select from 'tanh' or "
                             "'relu'.")
        super().__init__("RNN_TANH" if nonlinearity == "tanh" else "RNN_RELU", input_size,
                         hidden_size, num_layers, bias, batch_first, dropout, bidirectional,
                         dtype)
        self.nonlinearity = nonlinearity

    def forward(self, input: Tensor, hx: Tensor | None = None) -> tuple[Tensor, Tensor]:
        output, (h_n,) = self._run(input, [hx])
        return output, h_n


class GRU(RNNBase):
    __doc__ = _doc("""Gated recurrent unit (Cho et al., 2014): for each layer and each step t,

        r_t = σ(W_ir x_t + b_ir + W_hr h_{t-1} + b_hr)        reset gate
        z_t = σ(W_iz x_t + b_iz + W_hz h_{t-1} + b_hz)        update gate
        n_t = tanh(W_in x_t + b_in + r_t ⊙ (W_hn h_{t-1} + b_hn))
        h_t = (1 - z_t) ⊙ n_t + z_t ⊙ h_{t-1}

    as in PyTorch (r multiplies W_hn h + b_hn, not h). `forward(input,
    hx=None)` returns (output, h_n); hx (h_0) defaults to zeros.

    gates = 3, stacked (r, z, n): weight_ih_l0 = [W_ir; W_iz; W_in], and so on.

    <shapes>""")

    def __init__(self, input_size: int, hidden_size: int, num_layers: int = 1,
                 bias: bool = True, batch_first: bool = False, dropout: float = 0.0,
                 bidirectional: bool = False, dtype: Any = None) -> None:
        super().__init__("GRU", input_size, hidden_size, num_layers, bias, batch_first,
                         dropout, bidirectional, dtype)

    def forward(self, input: Tensor, hx: Tensor | None = None) -> tuple[Tensor, Tensor]:
        output, (h_n,) = self._run(input, [hx])
        return output, h_n


class LSTM(RNNBase):
    __doc__ = _doc("""Long short-term memory (Hochreiter & Schmidhuber, 1997), per layer and step t:

        i_t = σ(W_ii x_t + b_ii + W_hi h_{t-1} + b_hi)        input gate
        f_t = σ(W_if x_t + b_if + W_hf h_{t-1} + b_hf)        forget gate
        g_t = tanh(W_ig x_t + b_ig + W_hg h_{t-1} + b_hg)     candidate cell
        o_t = σ(W_io x_t + b_io + W_ho h_{t-1} + b_ho)        output gate
        c_t = f_t ⊙ c_{t-1} + i_t ⊙ g_t
        h_t = o_t ⊙ tanh(c_t)

    `forward(input, hx=None)` with hx = (h_0, c_0) returns (output, (h_n, c_n));
    both states default to zeros, and c_0, c_n have h_0's shape.

    gates = 4, stacked (i, f, g, o): weight_ih_l0 = [W_ii; W_if; W_ig; W_io], and
    so on. PyTorch's `proj_size` is not supported.

    <shapes>""")

    def __init__(self, input_size: int, hidden_size: int, num_layers: int = 1,
                 bias: bool = True, batch_first: bool = False, dropout: float = 0.0,
                 bidirectional: bool = False, dtype: Any = None) -> None:
        super().__init__("LSTM", input_size, hidden_size, num_layers, bias, batch_first,
                         dropout, bidirectional, dtype)

    def forward(self, input: Tensor, hx: tuple[Tensor, Tensor] | None = None
                ) -> tuple[Tensor, tuple[Tensor, Tensor]]:
        if hx is not None and (not isinstance(hx, (tuple, list)) or len(hx) != 2):
            raise TypeError("LSTM: hx must be a tuple (h_0, c_0), got "
                            f"{type(hx).__name__}")
        output, (h_n, c_n) = self._run(input, [None, None] if hx is None else list(hx))
        return output, (h_n, c_n)
