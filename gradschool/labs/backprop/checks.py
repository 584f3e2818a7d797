"""Checks of the backprop notebook's exercises, against the lab's hand-written backward and
gs autograd."""
from __future__ import annotations

import numpy as np

import gradschool as gs
from gradschool.labs.exercise import Namespace, expect_close, expect_equal, expect_true

from . import hand_backprop as bp

SLOPE = 0.1  # the leaky ReLU's slope in the notebook


def _case(seed: int, sizes: tuple[int, ...] = (3, 5, 5, 2), pairs: int = 4
          ) -> tuple[bp.Network, np.ndarray, np.ndarray]:
    """A random network (N(0, 1) weights and biases) and a batch (X, Y) held as columns."""
    rng = np.random.default_rng(seed)
    net = bp.init_network(rng, list(sizes))
    return net, rng.standard_normal((sizes[0], pairs)), rng.standard_normal((sizes[-1], pairs))


def _expect_arrays(got: object, expected: list[np.ndarray], what: str) -> None:
    expect_true(isinstance(got, (list, tuple)) and len(got) == len(expected),
                f"{what}: expected a list of {len(expected)} arrays, got "
                f"{len(got) if isinstance(got, (list, tuple)) else type(got).__name__}")
    for k, (g, e) in enumerate(zip(got, expected)):
        expect_close(g, e, f"{what}[{k}]")


def backprop_forward(ns: Namespace) -> None:
    forward = ns.function("forward")
    for seed, sizes in ((1, (3, 5, 5, 2)), (2, (4, 6, 6, 6, 6, 6, 2))):
        net, X, _ = _case(seed, sizes)
        got = forward(net.weights, net.biases, X)
        expect_true(isinstance(got, tuple) and len(got) == 2,
                    "forward must return the pair (f, h) of lists")
        f, h = bp.forward(net, X)
        _expect_arrays(got[0], f, f"forward(network {list(sizes)}): f")
        _expect_arrays(got[1], h, f"forward(network {list(sizes)}): h")


def backprop_backward(ns: Namespace) -> None:
    backward = ns.function("backward")
    f_test = np.array([[-1.0, 0.0, 2.5]])
    expect_close(ns.function("relu_derivative")(f_test), [[0.0, 0.0, 1.0]],
                 "relu_derivative([[-1, 0, 2.5]])")
    for seed, sizes in ((3, (3, 5, 5, 2)), (4, (4, 6, 6, 6, 6, 6, 2))):
        net, X, Y = _case(seed, sizes)
        f, h = bp.forward(net, X)
        expected = bp.backward(net, f, h, Y)
        got = backward(net.weights, f, h, Y)
        expect_true(isinstance(got, tuple) and len(got) == 2,
                    "backward must return the pair (dW, db) of lists")
        _expect_arrays(got[0], expected.weights, f"backward(network {list(sizes)}): dW")
        _expect_arrays(got[1], expected.biases, f"backward(network {list(sizes)}): db")


def relative_error(ns: Namespace) -> None:
    rel_err = ns.function("rel_err")
    rng = np.random.default_rng(5)
    a, b = rng.normal(size=(4, 3)), rng.normal(size=(4, 3))
    cases = {"a = (3, 4), b = (3, 4.5)": (np.array([3.0, 4.0]), np.array([3.0, 4.5])),
             "two random 4×3 arrays": (a, b),
             "a 4×3 array and itself + 1e-9": (a, a + 1e-9),
             "two zero arrays": (np.zeros(3), np.zeros(3)),
             "(1e-12, 1e3) against (2e-12, 1e3)": (np.array([1e-12, 1e3]),
                                                   np.array([2e-12, 1e3]))}
    for name, (x, y) in cases.items():
        expect_close(rel_err(x, y), bp.relative_error(x, y), f"rel_err({name})", atol=1e-18)


def _quadratic_params() -> list[np.ndarray]:
    return [np.array([[0.5, -1.0], [2.0, 0.25]]), np.array([3.0, -2.0])]


def finite_differences(ns: Namespace) -> None:
    fd = ns.function("finite_differences")
    # ℓ = Σ c ⊙ A² + (u · v)-like cross terms: a quadratic, so central differences are exact
    A, v = _quadratic_params()
    c = np.array([[1.0, 2.0], [-0.5, 3.0]])

    def quadratic() -> float:
        return float(np.sum(c * A**2) + A[0, 0] * v[1] + v @ v)

    exact = [2 * c * A + np.array([[v[1], 0.0], [0.0, 0.0]]),
             2 * v + np.array([0.0, A[0, 0]])]
    got = fd(quadratic, [A, v], 0.1)
    _expect_arrays(got, exact, "finite_differences(a quadratic ℓ of [A (2×2), v (2,)], step 0.1)")
    for P, P0 in zip((A, v), _quadratic_params()):
        expect_equal(P.tolist(), P0.tolist(), "the parameters after finite_differences "
                                              "(each entry must be restored)")
    net, X, Y = _case(6)
    expected = bp.backward(net, *bp.forward(net, X), Y)
    got = fd(lambda: bp.loss(net, X, Y), net.weights + net.biases, 1e-5)
    expect_true(isinstance(got, (list, tuple)) and len(got) == 2 * len(net.weights),
                f"finite_differences must return one array per parameter array "
                f"({2 * len(net.weights)} here)")
    for k, (g, e) in enumerate(zip(got, expected.weights + expected.biases)):
        error = bp.relative_error(np.asarray(g), e)
        expect_true(error < 1e-6, f"finite_differences on a ReLU network, array {k}: relative "
                                  f"error {error:.2g} against the exact gradient (want < 1e-6)")


def leaky_relu(ns: Namespace) -> None:
    leaky_forward = ns.function("leaky_forward")
    leaky_derivative = ns.function("leaky_derivative")
    expect_close(leaky_derivative(np.array([[-2.0, 0.0, 3.0]])), [[SLOPE, SLOPE, 1.0]],
                 "leaky_derivative([[-2, 0, 3]])")
    net, X, Y = _case(7, (4, 6, 6, 6, 2))
    f, h = leaky_forward(net.weights, net.biases, X)
    model = _leaky_model(net)
    out = model(gs.tensor(X.T, dtype=gs.float64))
    expect_close(f[-1], out.data.T, "leaky_forward: the output f_K (gs.nn.LeakyReLU network)")
    for k in range(1, len(h)):
        expect_close(h[k], np.maximum(f[k - 1], SLOPE * f[k - 1]), f"leaky_forward: h_{k}")
    gs.nn.functional.mse_loss(out, gs.tensor(Y.T, dtype=gs.float64), reduction="sum").backward()
    grads = bp.backward(net, f, h, Y, relu_grad=leaky_derivative)
    linears = [m for m in model if isinstance(m, gs.nn.Linear)]
    for k, lin in enumerate(linears):
        expect_close(grads.weights[k], lin.weight.grad.data,
                     f"∂ℓ/∂Ω_{k} with your leaky_forward and leaky_derivative, against autograd")


def _leaky_model(net: bp.Network) -> gs.nn.Sequential:
    layers: list[gs.nn.Module] = []
    for k, (W, b) in enumerate(zip(net.weights, net.biases)):
        linear = gs.nn.Linear(W.shape[1], W.shape[0], dtype=gs.float64)
        linear.weight.data[...] = W
        linear.bias.data[...] = b[:, 0]
        layers += [linear, gs.nn.LeakyReLU(SLOPE)] if k < len(net.weights) - 1 else [linear]
    return gs.nn.Sequential(*layers)


CHECKS = {"backprop-forward": backprop_forward, "backprop-backward": backprop_backward,
          "relative-error": relative_error, "finite-differences": finite_differences,
          "leaky-relu": leaky_relu}
