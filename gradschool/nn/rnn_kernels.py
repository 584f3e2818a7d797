"""Fused recurrent layers: a whole sequence through one layer and direction, as one node.

Unrolled into Tensor ops, a GRU layer over 40 steps records some 600 nodes;
fused, it is one Function whose forward and backward through time (BPTT)
are written in NumPy, around one idea: whatever does not depend on the
previous step is done for all steps at once, outside the loop.

    forward:   xp_t = W_ih x_t + b_ih for all t, in one call; then per step
               gh = [W_hh, b_hh] [h_{t-1}; 1] (one small matmul) and the cell's
               ufuncs, in place, give h_t
    backward:  the cell's local derivatives (σ' = σ(1-σ), 1-tanh², …) for all t,
               multiplied together as far as the chain allows; per step, last to
               first, dL/da_t = dL/dh_t ⊙ those and dL/dh_{t-1} = W_hhᵀ dL/da_t (+ …);
               then dW_hh, db_hh = Σ_t dL/dgh_t [h_{t-1}; 1]ᵀ, dW_ih, db_ih =
               Σ_t dL/dxp_t [x_t; 1]ᵀ and dx_t = W_ihᵀ dL/dxp_t, one batched matmul each

A step works on a few hundred numbers, so its time is its count of NumPy
calls, about ten. To keep it there the state is feature-major, (H, N) per
step, so every gate block is one contiguous array; the sigmoid gates are
adjacent and their pre-activations negated, so one `exp` gives
q = 1 + e^(-a) = 1/σ(a) and products with σ become divisions by q; and
big buffers come from a pool, since fresh memory costs a page fault per
4 KiB touched, more than the arithmetic.

Each Function takes (x, h0, [c0,] w_ih, w_hh[, b_ih, b_hh]), x (L, N, in)
or, with `batch_first`, (N, L, in), and h0, c0 (N, H); it returns
(y, h_n[, c_n]) with y shaped like x (H features), in time order for either
direction (`reverse=True` runs from t = L-1 down to 0).

When grad mode is on during backward (`create_graph=True`), the backward
rebuilds the layer from Tensor ops (`composite`: the same equations, step
by step) and differentiates that, so the gradient is itself differentiable.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from ..autograd import mode
from ..autograd.function import Function
from ..autograd.graph import grad
from ..autograd.shape import stack
from ..autograd.tensor import Tensor, make_tensor

_dot, _matmul, _add, _sub, _mul, _div = np.dot, np.matmul, np.add, np.subtract, np.multiply, \
    np.divide
_exp, _tanh = np.exp, np.tanh


class _Pool:
    """Arrays kept between calls for reuse, by (shape, dtype), at most `limit` bytes in all."""

    def __init__(self, limit: int = 64 << 20) -> None:
        self.free: dict[tuple, list[np.ndarray]] = {}
        self.limit, self.bytes = limit, 0

    def take(self, shape: tuple[int, ...], dtype: np.dtype) -> np.ndarray:
        kept = self.free.get((shape, dtype))
        if not kept:
            return np.empty(shape, dtype)
        self.bytes -= kept[-1].nbytes
        return kept.pop()

    def give(self, arrays: list[np.ndarray]) -> None:
        for a in arrays:
            if a.nbytes > self.limit // 8:
                continue  # for big arrays the arithmetic outweighs the page faults
            if self.bytes + a.nbytes > self.limit:  # clear rather than grow
                self.free.clear()
                self.bytes = 0
            self.free.setdefault((a.shape, a.dtype), []).append(a)
            self.bytes += a.nbytes


_pool = _Pool()


class _Recurrent(Function):
    """Shared by the three cells: layouts, input projection, parameter gradients.

    Subclasses set `gates`, `order` (the internal order of the gate blocks,
    as indices into PyTorch's order), `n_sigmoid` (how many leading internal
    gates are sigmoids) and `states` (1: h; 2: h and c), and write
    `cell(xp, gh, *states)`: one step in Tensor ops, returning the new states;
    `_loop(xp, wa, hb, *states)`: the steps, writing h_t into hb, returning
    the extra outputs (c_n); `_bptt(dy, *dstates)`: (dL/dxp, dL/dgh,
    dL/dh_0[, dL/dc_0]), feature-major, from dL/dy and dL/d(final states).
    """

    gates: int = 1
    order: tuple[int, ...] = (0,)
    n_sigmoid: int = 0
    states: int = 1

    def __init__(self, reverse: bool = False, batch_first: bool = False) -> None:
        self.reverse = reverse
        self.batch_first = batch_first
        self._kept: list[np.ndarray] = []  # forward buffers: back to the pool with self
        self._scratch: list[np.ndarray] = []  # backward buffers: back when it ends

    def __del__(self) -> None:
        if _pool is not None:  # None only at interpreter shutdown
            _pool.give(self._kept)

    def _buffer(self, shape: tuple[int, ...], dtype: np.dtype, scratch: bool = False
                ) -> np.ndarray:
        """An uninitialised array from the pool, returned to it later."""
        a = _pool.take(shape, dtype)
        (self._scratch if scratch else self._kept).append(a)
        return a

    # ----- layouts -------------------------------------------------------------
    def _split(self, arrays: tuple) -> tuple[list, Any, Any, Any, Any]:
        """(states, w_ih, w_hh, b_ih, b_hh) from the inputs after x."""
        s = self.states
        states, (w_ih, w_hh), bias = list(arrays[:s]), arrays[s:s + 2], arrays[s + 2:]
        b_ih, b_hh = bias if bias else (None, None)
        return states, w_ih, w_hh, b_ih, b_hh

    def _to_steps(self, a: np.ndarray) -> np.ndarray:
        """An input-shaped array ((L, N, ·) or (N, L, ·)) as (L, N, ·) in step order (a view)."""
        if self.batch_first:
            a = a.swapaxes(0, 1)
        return a[::-1] if self.reverse else a

    def _from_steps(self, a: np.ndarray) -> np.ndarray:
        """The inverse of `_to_steps` (a view)."""
        if self.reverse:
            a = a[::-1]
        return a.swapaxes(0, 1) if self.batch_first else a

    def _rows(self, w: np.ndarray, hidden: int, back: bool = False) -> np.ndarray:
        """PyTorch's gate blocks (rows of w, or entries of a bias) in internal order,
        or with `back`, internal order back to PyTorch's."""
        if self.order == tuple(range(self.gates)):
            return w
        rows = np.arange(self.gates * hidden).reshape(self.gates, hidden)[list(self.order)]
        return w[np.argsort(rows.ravel()) if back else rows.ravel()]

    # ----- forward and backward ------------------------------------------------
    def forward(self, x, *arrays):
        states, w_ih, w_hh, b_ih, b_hh = self._split(arrays)
        dtype = np.result_type(x, *arrays)
        steps = self._to_steps(x).transpose(0, 2, 1)  # (L, in, N): x_t as columns
        L, n_in, N = steps.shape
        H = w_hh.shape[1]
        G = self.gates * H
        xt = self._buffer((L, n_in + 1, N), dtype)  # [x_t; 1]: the ones give db_ih
        np.copyto(xt[:, :n_in], steps)
        xt[:, n_in] = 1
        sign = np.ones((G, 1), dtype)
        sign[:self.n_sigmoid * H] = -1  # sigmoid gates compute -a, so exp gives 1/σ(a) - 1
        w_ih_rows = self._rows(w_ih, H).astype(dtype, copy=False)
        xp = _pool.take((L, G, N), dtype)  # every step's input projection, one call
        (_mul if n_in == 1 else _matmul)(w_ih_rows * sign, xt[:, :n_in], out=xp)
        if b_ih is not None:
            xp += self._rows(b_ih, H)[:, None] * sign
        wa = np.zeros((G, H + 1), dtype)  # [W_hh, b_hh]
        wa[:, :H] = self._rows(w_hh, H)
        if b_hh is not None:
            wa[:, H] = self._rows(b_hh, H)
        wa *= sign
        hb = self._buffer((L + 1, H + 1, N), dtype)  # [h_t; 1] for t = 0..L, in step order
        hb[:, H] = 1
        hb[0, :H] = states[0].T
        self.hidden, self.xt, self.hb, self.w_ih_rows = H, xt, hb, w_ih_rows
        self.w_hh_t = np.ascontiguousarray(self._rows(w_hh, H).T, dtype)  # (H, G)
        with np.errstate(over="ignore"):  # e^(-a) = inf is fine: σ(a) = 1/inf = 0
            extra = self._loop(xp, wa, hb, *(s.T for s in states[1:]))
        _pool.give([xp])
        y = self._from_steps(hb[1:, :H].transpose(0, 2, 1))
        return (np.ascontiguousarray(y), hb[L, :H].T.copy(), *extra)

    def backward(self, *gys):
        if mode.state.enabled:
            return self._backward_composite(gys)
        H, hb, s, needs = self.hidden, self.hb, self.states, self.needs_input_grad
        L, N = hb.shape[0] - 1, hb.shape[2]
        dy = self._buffer((L, H, N), hb.dtype, scratch=True)
        np.copyto(dy, self._to_steps(gys[0].data).transpose(0, 2, 1))
        dxp, dgh, *dstates = self._bptt(dy, *(np.ascontiguousarray(g.data.T) for g in gys[1:]))
        bias = len(needs) > s + 3
        grads: list[Any] = [None] * len(needs)
        if needs[0]:  # dx_t = W_ihᵀ dL/dxp_t
            dx = _matmul(self.w_ih_rows.T, dxp).transpose(0, 2, 1)
            grads[0] = make_tensor(self._from_steps(dx))
        for i in range(s):
            if needs[1 + i]:
                grads[1 + i] = make_tensor(dstates[i].T)
        if needs[s + 1] or (bias and needs[s + 3]):  # Σ_t dL/dxp_t [x_t; 1]ᵀ
            dwx = self._rows(_matmul(dxp, self.xt.transpose(0, 2, 1)).sum(0), H, True)
            grads[s + 1] = make_tensor(dwx[:, :-1])
            if bias:
                grads[s + 3] = make_tensor(dwx[:, -1])
        if needs[s + 2] or (bias and needs[s + 4]):  # Σ_t dL/dgh_t [h_{t-1}; 1]ᵀ
            dwh = self._rows(_matmul(dgh, hb[:-1].transpose(0, 2, 1)).sum(0), H, True)
            grads[s + 2] = make_tensor(dwh[:, :H])
            if bias:
                grads[s + 4] = make_tensor(dwh[:, H])
        _pool.give(self._scratch)
        self._scratch = []
        return tuple(grads)

    def _backward_composite(self, gys: tuple[Tensor, ...]) -> tuple:
        """create_graph: differentiate the Tensor-op version of this layer, recorded.

        The inputs are aliased first (x * 1, a new node) so that `grad` stops at
        them instead of following the graph that produced them.
        """
        needs = self.needs_input_grad
        inputs = [x * 1 if need else x for x, need in zip(self.inputs, needs)]
        outputs = self.composite(*inputs)
        wanted = [a for a, need in zip(inputs, needs) if need]
        found = iter(grad(list(outputs), wanted, list(gys), create_graph=True,
                          allow_unused=True))
        return tuple(next(found) if need else None for need in needs)

    def composite(self, x: Tensor, *args: Tensor) -> tuple[Tensor, ...]:
        """The same layer unrolled in Tensor ops, step by step (differentiable to any order)."""
        states, w_ih, w_hh, b_ih, b_hh = self._split(args)
        if self.batch_first:
            x = x.transpose(0, 1)
        xp = x @ w_ih.T if b_ih is None else x @ w_ih.T + b_ih
        L = x.shape[0]
        ys: list[Any] = [None] * L
        for t in (range(L - 1, -1, -1) if self.reverse else range(L)):
            gh = states[0] @ w_hh.T if b_hh is None else states[0] @ w_hh.T + b_hh
            states = self.cell(xp[t], gh, *states)
            ys[t] = states[0]
        return (stack(ys, 1 if self.batch_first else 0), *states)


class RNNLayer(_Recurrent):
    """h_t = f(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh), f = tanh or relu."""

    def __init__(self, reverse: bool = False, batch_first: bool = False,
                 nonlinearity: str = "tanh") -> None:
        super().__init__(reverse, batch_first)
        self.relu = nonlinearity == "relu"

    def cell(self, xp, gh, h):
        a = xp + gh
        return [a.relu() if self.relu else a.tanh()]

    def _loop(self, xp, wa, hb):
        gh, hnext = np.empty(xp.shape[1:], xp.dtype), hb[1:, :self.hidden]
        act, zero = (np.maximum, (0,)) if self.relu else (_tanh, ())
        for t in range(xp.shape[0]):
            _dot(wa, hb[t], out=gh)
            _add(gh, xp[t], out=gh)
            act(gh, *zero, out=hnext[t])  # tanh(a) or max(a, 0)
        return ()

    def _bptt(self, dy, dh_last):
        h = self.hb[1:, :self.hidden]
        slope = (h > 0).astype(h.dtype) if self.relu else 1 - h * h  # f'(a), from h = f(a)
        da = self._buffer(dy.shape, dy.dtype, scratch=True)
        dh, dhn, w = np.empty_like(dh_last), dh_last.copy(), self.w_hh_t
        for t in range(dy.shape[0] - 1, -1, -1):
            _add(dy[t], dhn, out=dh)
            _mul(dh, slope[t], out=da[t])
            _dot(w, da[t], out=dhn)
        return da, da, dhn


class GRULayer(_Recurrent):
    """r = σ(a_r), z = σ(a_z), n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)),
    h' = (1 - z) ⊙ n + z ⊙ h = n + z ⊙ (h - n)."""

    gates, order, n_sigmoid = 3, (0, 1, 2), 2

    def cell(self, xp, gh, h):
        H = h.shape[-1]
        r = (xp[:, :H] + gh[:, :H]).sigmoid()
        z = (xp[:, H:2 * H] + gh[:, H:2 * H]).sigmoid()
        n = (xp[:, 2 * H:] + r * gh[:, 2 * H:]).tanh()
        return [n + z * (h - n)]

    def _loop(self, xp, wa, hb):
        L, H, N, dtype = xp.shape[0], self.hidden, xp.shape[2], xp.dtype
        gh = self._buffer((L, 3 * H, N), dtype)
        q = self._buffer((L, 2 * H, N), dtype)  # [1/r; 1/z] = 1 + e^(-a)
        n = self._buffer((L, H, N), dtype)
        d = self._buffer((L, H, N), dtype)  # h_{t-1} - n_t
        tmp = np.empty((H, N), dtype)
        steps = zip(hb, hb[:-1, :H], hb[1:, :H], gh, gh[:, :2 * H], gh[:, 2 * H:],
                    xp[:, :2 * H], xp[:, 2 * H:], q, q[:, :H], q[:, H:], n, d)
        for hb_t, h_1, h_t, gh_t, gh_rz, gh_n, xp_rz, xp_n, q_t, q_r, q_z, n_t, d_t in steps:
            _dot(wa, hb_t, out=gh_t)  # [W_hh, b_hh] [h_{t-1}; 1], r and z rows negated
            _add(gh_rz, xp_rz, out=q_t)  # -a_r, -a_z
            _exp(q_t, out=q_t)
            _add(q_t, 1, out=q_t)  # 1/r, 1/z
            _div(gh_n, q_r, out=n_t)  # r ⊙ (W_hn h + b_hn)
            _add(n_t, xp_n, out=n_t)
            _tanh(n_t, out=n_t)
            _sub(h_1, n_t, out=d_t)
            _div(d_t, q_z, out=tmp)  # z ⊙ (h - n)
            _add(n_t, tmp, out=h_t)
        self.gh_n, self.q, self.n, self.d = gh[:, 2 * H:], q, n, d
        return ()

    def _bptt(self, dy, dh_last):
        L, H, N, dtype = dy.shape[0], self.hidden, dy.shape[2], dy.dtype
        rz = 1 / self.q
        r, z = rz[:, :H], rz[:, H:]
        cz = self.d * z * (1 - z)  # dL/da_z = dL/dh' ⊙ cz
        cn = (1 - z) * (1 - self.n * self.n)  # dL/da_n = dL/dh' ⊙ cn
        cr = self.gh_n * r * (1 - r)  # dL/da_r = dL/da_n ⊙ cr
        dgh = self._buffer((L, 3 * H, N), dtype, scratch=True)  # [da_r; da_z; r ⊙ da_n]
        dxp = self._buffer((L, 3 * H, N), dtype, scratch=True)  # [da_r; da_z; da_n]
        dh, tmp = np.empty((H, N), dtype), np.empty((H, N), dtype)
        dhn, w = dh_last.copy(), self.w_hh_t
        back = slice(None, None, -1)
        steps = zip(dy[back], cz[back], cn[back], cr[back], r[back], z[back], dgh[back],
                    dgh[back, :H], dgh[back, H:2 * H], dgh[back, 2 * H:], dxp[back, 2 * H:])
        for dy_t, cz_t, cn_t, cr_t, r_t, z_t, dgh_t, dg_r, dg_z, dg_n, dx_n in steps:
            _add(dy_t, dhn, out=dh)  # dL/dh_t
            _mul(dh, cz_t, out=dg_z)
            _mul(dh, cn_t, out=dx_n)
            _mul(dx_n, cr_t, out=dg_r)
            _mul(dx_n, r_t, out=dg_n)
            _dot(w, dgh_t, out=dhn)
            _mul(dh, z_t, out=tmp)
            _add(dhn, tmp, out=dhn)  # dL/dh_{t-1}
        dxp[:, :2 * H] = dgh[:, :2 * H]
        return dxp, dgh, dhn


class LSTMLayer(_Recurrent):
    """i, f, o = σ(a_i), σ(a_f), σ(a_o), g = tanh(a_g), c' = f ⊙ c + i ⊙ g, h' = o ⊙ tanh(c').

    Internally the gates are ordered (o, i, f, g): the sigmoids come first
    (one `exp`) and i, f, g, which all meet dL/dc, are contiguous.
    """

    gates, order, n_sigmoid, states = 4, (3, 0, 1, 2), 3, 2

    def cell(self, xp, gh, h, c):
        H = h.shape[-1]
        a = xp + gh
        i, f = a[:, :H].sigmoid(), a[:, H:2 * H].sigmoid()
        g, o = a[:, 2 * H:3 * H].tanh(), a[:, 3 * H:].sigmoid()
        c = f * c + i * g
        return [o * c.tanh(), c]

    def _loop(self, xp, wa, hb, c0):
        L, H, N, dtype = xp.shape[0], self.hidden, xp.shape[2], xp.dtype
        a = self._buffer((L, 4 * H, N), dtype)
        q = self._buffer((L, 3 * H, N), dtype)  # [1/o; 1/i; 1/f]
        g = self._buffer((L, H, N), dtype)
        cb = self._buffer((L + 1, H, N), dtype)  # c_t for t = 0..L
        tc = self._buffer((L, H, N), dtype)  # tanh(c_t)
        tmp = np.empty((H, N), dtype)
        cb[0] = c0
        steps = zip(hb, hb[1:, :H], cb, cb[1:], xp, a, a[:, :3 * H], a[:, 3 * H:], q,
                    q[:, :H], q[:, H:2 * H], q[:, 2 * H:], g, tc)
        for hb_t, h_t, c_1, c_t, xp_t, a_t, a_s, a_g, q_t, q_o, q_i, q_f, g_t, tc_t in steps:
            _dot(wa, hb_t, out=a_t)  # [W_hh, b_hh] [h_{t-1}; 1], o, i, f rows negated
            _add(a_t, xp_t, out=a_t)
            _exp(a_s, out=q_t)
            _add(q_t, 1, out=q_t)  # 1/o, 1/i, 1/f
            _tanh(a_g, out=g_t)
            _div(c_1, q_f, out=c_t)  # f ⊙ c
            _div(g_t, q_i, out=tmp)  # i ⊙ g
            _add(c_t, tmp, out=c_t)
            _tanh(c_t, out=tc_t)
            _div(tc_t, q_o, out=h_t)  # o ⊙ tanh(c)
        self.q, self.g, self.cb, self.tc = q, g, cb, tc
        return (cb[L].T.copy(),)

    def _bptt(self, dy, dh_last, dc_last):
        L, H, N, dtype = dy.shape[0], self.hidden, dy.shape[2], dy.dtype
        s = 1 / self.q
        o, i, f = s[:, :H], s[:, H:2 * H], s[:, 2 * H:]
        g, tc = self.g, self.tc
        co = tc * o * (1 - o)  # dL/da_o = dL/dh ⊙ co
        ch = o * (1 - tc * tc)  # dL/dc += dL/dh ⊙ ch
        cifg = self._buffer((L, 3, H, N), dtype, scratch=True)  # dL/da_{i,f,g} = dL/dc ⊙ cifg
        _mul(g * i, 1 - i, out=cifg[:, 0])
        _mul(self.cb[:-1] * f, 1 - f, out=cifg[:, 1])
        _mul(i, 1 - g * g, out=cifg[:, 2])
        da = self._buffer((L, 4, H, N), dtype, scratch=True)
        da_o, da_ifg, da2 = da[:, 0], da[:, 1:], da.reshape(L, 4 * H, N)
        dc = dc_last.reshape(1, H, N).copy()
        dc2 = dc[0]
        dh, tmp = np.empty((H, N), dtype), np.empty((H, N), dtype)
        dhn, w = dh_last.copy(), self.w_hh_t
        back = slice(None, None, -1)
        steps = zip(dy[back], co[back], ch[back], cifg[back], f[back], da_o[back],
                    da_ifg[back], da2[back])
        for dy_t, co_t, ch_t, cifg_t, f_t, da_o_t, da_ifg_t, da_t in steps:
            _add(dy_t, dhn, out=dh)  # dL/dh_t
            _mul(dh, co_t, out=da_o_t)
            _mul(dh, ch_t, out=tmp)
            _add(dc2, tmp, out=dc2)  # dL/dc_t
            _mul(dc, cifg_t, out=da_ifg_t)
            _mul(dc2, f_t, out=dc2)  # dL/dc_{t-1}
            _dot(w, da_t, out=dhn)  # dL/dh_{t-1}
        return da2, da2, dhn, dc2
