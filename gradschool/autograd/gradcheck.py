"""Gradient checking: compare the backward rules with finite differences.

For a function f: ℝⁿ → ℝᵐ (inputs and outputs flattened), the Jacobian
J[o, i] = ∂f_o/∂x_i is computed twice:

    analytic:  row o of J is the vector-Jacobian product e_oᵀ J, one backward
               pass (`grad`) seeded with the one-hot output gradient e_o;
    numeric:   column i of J is the central difference
               (f(x + ε e_i) - f(x - ε e_i)) / (2ε),  whose error is O(ε²).

The two agree when |J_analytic - J_numeric| ≤ atol + rtol·|J_numeric| for
every element. In float64 with ε = 1e-6 the numeric Jacobian is good to
about 1e-9 for smooth functions, so a wrong rule shows up at once; in
float32 it would not, hence the float64-only inputs.

`gradgradcheck` checks second derivatives: it applies the same test to the
vector-Jacobian product (x, v) ↦ vᵀ ∂f/∂x, computed with `create_graph=True`
for a random v, so the derivative of every backward rule is checked too
(as `torch.autograd.gradgradcheck`, or HIPS autograd's `check_grads` to
order 2).
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from .graph import grad
from .mode import enable_grad
from .tensor import Tensor, make_tensor

__all__ = ["GradcheckError", "gradcheck", "gradgradcheck"]


class GradcheckError(RuntimeError):
    """An analytic gradient disagrees with its finite-difference estimate."""


def _check_inputs(inputs: Any, who: str) -> tuple[Tensor, ...]:
    """Every input must be a float64 Tensor that requires grad."""
    xs = (inputs,) if isinstance(inputs, Tensor) else tuple(inputs)
    if not xs:
        raise ValueError(f"{who}: expected at least one input tensor")
    for i, x in enumerate(xs):
        if not isinstance(x, Tensor):
            raise TypeError(f"{who}: input {i} is a {type(x).__name__}, not a Tensor; "
                            "pass constants by closing over them in fn")
        if x.dtype != np.float64:
            raise TypeError(f"{who}: input {i} has dtype {x.dtype}; finite differences need "
                            "float64 inputs (use .double() or dtype=gs.float64)")
        if not x.requires_grad:
            raise ValueError(f"{who}: input {i} (shape {x.shape}) does not require grad; "
                             "create it with requires_grad=True")
    return xs


def _outputs(result: Any, who: str) -> tuple[Tensor, ...]:
    """fn's result as a tuple of Tensors."""
    if not isinstance(result, (Tensor, tuple, list)):
        raise TypeError(f"{who}: fn must return a Tensor or a sequence of Tensors, "
                        f"not {type(result).__name__}")
    outs = (result,) if isinstance(result, Tensor) else tuple(result)
    for k, y in enumerate(outs):
        if not isinstance(y, Tensor):
            raise TypeError(f"{who}: fn must return a Tensor or a sequence of Tensors; "
                            f"output {k} is a {type(y).__name__}")
    return outs


def _differentiable(y: Tensor) -> bool:
    return y.dtype.kind == "f"


def _where(index: int, shape: tuple[int, ...]) -> str:
    """`[1, 2]` for element 5 of a (2, 3) array; `` for a scalar."""
    if not shape:
        return ""
    return "[" + ", ".join(str(int(i)) for i in np.unravel_index(index, shape)) + "]"


def _analytic(outputs: Sequence[Tensor], inputs: Sequence[Tensor],
              out_names: Sequence[str], in_names: Sequence[str],
              who: str) -> list[list[np.ndarray]]:
    """J[k][i]: (outputs[k].size, inputs[i].size), one backward per output element."""
    jac = []
    for k, y in enumerate(outputs):
        rows = [np.zeros((y.data.size, x.data.size)) for x in inputs]
        jac.append(rows)
        if not (_differentiable(y) and y.requires_grad):
            continue  # a constant output: its Jacobian is zero
        for o in range(y.data.size):
            seed = np.zeros(y.data.size, dtype=y.dtype)
            seed[o] = 1.0
            grads = grad(y, inputs, grad_outputs=make_tensor(seed.reshape(y.shape)),
                         retain_graph=True, allow_unused=True)
            for i, (x, g) in enumerate(zip(inputs, grads)):
                if g is None:
                    continue
                if not isinstance(g, Tensor) or g.shape != x.shape:
                    got = g.shape if isinstance(g, Tensor) else type(g).__name__
                    raise GradcheckError(
                        f"{who}: the gradient of {out_names[k]} with respect to "
                        f"{in_names[i]} has shape {got}, but the input has shape {x.shape}")
                rows[i][o] = g.data.reshape(-1)
    return jac


def _evaluate(fn: Callable[..., Any], inputs: Sequence[Tensor], shapes: list, who: str
              ) -> list[np.ndarray]:
    """fn(*inputs) as flat float64 copies, checked against the unperturbed shapes."""
    outs = _outputs(fn(*inputs), who)
    if [y.shape for y in outs] != shapes:
        raise GradcheckError(f"{who}: fn returned outputs of shapes {[y.shape for y in outs]} "
                             f"after a small change of its input, {shapes} before")
    return [np.array(y.data, dtype=np.float64).reshape(-1) for y in outs]


def _numeric(fn: Callable[..., Any], inputs: Sequence[Tensor], outputs: Sequence[Tensor],
             eps: float, who: str) -> list[list[np.ndarray]]:
    """J[k][i] by central differences: column j is (f(x + ε e_j) - f(x - ε e_j)) / 2ε."""
    shapes = [y.shape for y in outputs]
    jac = [[np.zeros((y.data.size, x.data.size)) for x in inputs] for y in outputs]
    for i, x in enumerate(inputs):
        original = x.data
        x.data = np.array(original)  # perturb a private copy, never the caller's array
        try:
            flat = x.data.reshape(-1)  # a view of the fresh, contiguous copy
            for j in range(flat.size):
                value = flat[j]
                flat[j] = value + eps
                plus = _evaluate(fn, inputs, shapes, who)
                flat[j] = value - eps
                minus = _evaluate(fn, inputs, shapes, who)
                flat[j] = value
                for k in range(len(outputs)):
                    jac[k][i][:, j] = (plus[k] - minus[k]) / (2 * eps)
        finally:
            x.data = original
    return jac


def _compare(analytic: np.ndarray, numeric: np.ndarray, atol: float, rtol: float
             ) -> tuple[int, int, float] | None:
    """None when they agree; else (output element, input element, excess) of the worst."""
    allowed = atol + rtol * np.abs(numeric)
    excess = np.abs(analytic - numeric) - allowed
    excess = np.where(np.isnan(excess), np.inf, excess)  # NaN never agrees
    if excess.size == 0 or excess.max() <= 0:
        return None
    o, j = np.unravel_index(int(np.argmax(excess)), excess.shape)
    return int(o), int(j), int((excess > 0).sum())


def _check(fn: Callable[..., Any], inputs: tuple[Tensor, ...], eps: float, atol: float,
           rtol: float, who: str, in_names: Sequence[str],
           out_name: Callable[[int], str]) -> bool:
    outputs = _outputs(fn(*inputs), who)
    out_names = [out_name(k) for k in range(len(outputs))]
    analytic = _analytic(outputs, inputs, out_names, in_names, who)
    numeric = _numeric(fn, inputs, outputs, eps, who)
    for k, y in enumerate(outputs):
        if not _differentiable(y):
            continue  # indices, masks: nothing to differentiate
        for i, x in enumerate(inputs):
            a, n = analytic[k][i], numeric[k][i]
            bad = _compare(a, n, atol, rtol)
            if bad is None:
                continue
            o, j, count = bad
            raise GradcheckError(
                f"{who}: the Jacobian of {out_names[k]} (shape {y.shape}) with respect to "
                f"{in_names[i]} (shape {x.shape}) does not match finite differences; "
                f"{count} of {a.size} entries differ. Worst entry: "
                f"d {out_names[k]}{_where(o, y.shape)} / d {in_names[i]}{_where(j, x.shape)}"
                f": analytic {a[o, j]:.10g} vs numeric {n[o, j]:.10g} (difference "
                f"{abs(a[o, j] - n[o, j]):.3g}, allowed {atol:g} + {rtol:g}·|numeric| = "
                f"{atol + rtol * abs(n[o, j]):.3g})")
    return True


def gradcheck(fn: Callable[..., Any], inputs: Tensor | Sequence[Tensor], eps: float = 1e-6,
              atol: float = 1e-5, rtol: float = 1e-3) -> bool:
    """Check the first derivatives of `fn` at `inputs` against central differences.

    For every output y_k and input x_i:  J_analytic[o, j] = (e_oᵀ ∂y_k/∂x_i)[j]
    (a backward pass per output element) must match
    J_numeric[o, j] = (y_k(x_i + ε e_j) - y_k(x_i - ε e_j))[o] / 2ε
    within |J_analytic - J_numeric| ≤ atol + rtol·|J_numeric|.

    `inputs` are float64 Tensors with requires_grad=True (close over any
    constant in `fn`); `fn` returns a Tensor or a sequence of Tensors (integer
    and boolean outputs are skipped). Returns True, or raises GradcheckError
    naming the output, the input, the worst entry and both values.
    """
    xs = _check_inputs(inputs, "gradcheck")
    return _check(fn, xs, eps, atol, rtol, "gradcheck",
                  [f"input {i}" for i in range(len(xs))], lambda k: f"output {k}")


def gradgradcheck(fn: Callable[..., Any], inputs: Tensor | Sequence[Tensor],
                  grad_outputs: Tensor | Sequence[Tensor] | None = None, eps: float = 1e-6,
                  atol: float = 1e-5, rtol: float = 1e-3) -> bool:
    """Check the second derivatives of `fn`: gradcheck of its vector-Jacobian product.

    With v_k the gradient for output y_k (random N(0, 1) float64 tensors that
    require grad, from gradschool's generator, unless `grad_outputs` is
    given), the function checked is

        g(x, v) = Σ_k v_kᵀ ∂y_k/∂x   (computed by grad(..., create_graph=True)),

    so its Jacobian holds the second derivatives ∂²(vᵀy)/∂x² and the first
    derivatives ∂y/∂x (with respect to v). Given `grad_outputs` that do not
    require grad are held fixed. Returns True or raises GradcheckError.
    """
    xs = _check_inputs(inputs, "gradgradcheck")
    outputs = _outputs(fn(*xs), "gradgradcheck")
    wanted = [k for k, y in enumerate(outputs) if _differentiable(y) and y.requires_grad]
    if grad_outputs is None:
        from ..random import default_generator
        rng = default_generator()
        vs = [Tensor(rng.standard_normal(outputs[k].shape), dtype=np.float64,
                     requires_grad=True) for k in wanted]
    else:
        vs = [grad_outputs] if isinstance(grad_outputs, Tensor) else list(grad_outputs)
        if len(vs) != len(wanted):
            raise ValueError(f"gradgradcheck: got {len(vs)} grad_outputs for "
                             f"{len(wanted)} differentiable outputs")
        for k, v in zip(wanted, vs):
            if not isinstance(v, Tensor) or v.dtype != np.float64 or v.shape != outputs[k].shape:
                got = (v.shape, v.dtype) if isinstance(v, Tensor) else type(v).__name__
                raise TypeError(f"gradgradcheck: grad_output for output {k} must be a float64 "
                                f"Tensor of shape {outputs[k].shape}, got {got}")
    free = [k for k, v in enumerate(vs) if v.requires_grad]  # checked as inputs too
    n = len(xs)

    def vjp(*args: Tensor) -> tuple[Tensor, ...]:
        seeds = list(vs)
        for k, v in zip(free, args[n:]):
            seeds[k] = v
        with enable_grad():
            ys = _outputs(fn(*args[:n]), "gradgradcheck")
            gs = grad([ys[k] for k in wanted], list(args[:n]), seeds,
                      create_graph=True, allow_unused=True)
        return tuple(g if g is not None else make_tensor(np.zeros(x.shape))
                     for x, g in zip(args[:n], gs))

    names = [f"input {i}" for i in range(n)] + [f"grad_output {wanted[k]}" for k in free]
    return _check(vjp, xs + tuple(vs[k] for k in free), eps, atol, rtol, "gradgradcheck",
                  names, lambda i: f"the gradient of input {i}")
