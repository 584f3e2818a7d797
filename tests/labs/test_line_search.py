"""The line-search lab: all three searches land within tol of the minimum of the two-Gaussian
loss; golden section needs fewer evaluations than bracketing, as the closed forms say.

Oracles: PyTorch (the loss and its derivative, the minimiser by bisection on L'(φ) = 0) and the
evaluation counts that follow from the shrink factors 2/3 and r = (√5 − 1)/2.
"""
import math

import numpy as np
import pytest
import torch

from gradschool.labs.line_search import searches as lab

R = (math.sqrt(5) - 1) / 2


def torch_loss(phi):
    phi = torch.as_tensor(phi, dtype=torch.float64)
    return (1 - 0.5 * torch.exp(-(phi - 0.65) ** 2 / 0.1)
            - 0.45 * torch.exp(-(phi - 0.35) ** 2 / 0.02))


def torch_derivative(phi: float) -> float:
    x = torch.tensor(phi, dtype=torch.float64, requires_grad=True)
    torch_loss(x).backward()
    return x.grad.item()


def torch_minimiser(lo: float = 0.3, hi: float = 0.45) -> float:
    """Bisection on the sign of L'(φ) (negative left of the minimum, positive right)."""
    assert torch_derivative(lo) < 0 < torch_derivative(hi)
    for _ in range(60):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if torch_derivative(mid) < 0 else (lo, mid)
    return (lo + hi) / 2


@pytest.mark.parametrize(("tol", "grid_points"), [(1e-4, 100_001), (1e-6, 1_000_001)])
def test_line_search_lab_finds_the_minimum_within_tol(run_lab, tol, grid_points):
    record = run_lab("line-search", tol=tol, grid_points=grid_points)
    m, config = record["metrics"], record["config"]
    a, b = config["interval"]
    x_star = torch_minimiser()
    spacing = (b - a) / (config["grid_points"] - 1)
    assert abs(m["true_min_x"] - x_star) <= spacing / 2 + 1e-12
    for name in ("bracketing", "golden", "backtracking"):
        result = m[name]
        assert abs(result["x"] - m["true_min_x"]) <= tol, name
        assert abs(result["x"] - x_star) <= tol, name
        assert result["loss"] == pytest.approx(torch_loss(result["x"]).item(), abs=1e-15)
    # golden section: 2 + ⌈log(tol/w) / log r⌉ evaluations; bracketing at most
    # 2 + 2⌈log(tol/w) / log(2/3)⌉ (fewer if an end rule cuts to a third): golden needs fewer
    log_tol = math.log(tol / (b - a))
    assert m["golden"]["evaluations"] == 2 + math.ceil(log_tol / math.log(R))
    assert m["golden"]["evaluations"] == 2 + m["golden"]["iterations"]
    assert m["bracketing"]["evaluations"] == 2 + 2 * m["bracketing"]["iterations"]
    assert m["bracketing"]["evaluations"] <= 2 + 2 * math.ceil(log_tol / math.log(2 / 3))
    assert m["golden"]["evaluations"] < m["bracketing"]["evaluations"]
    for name in ("searches.svg", "armijo.svg", "convergence.svg"):
        assert (record["dir"] / name).exists()


@pytest.mark.parametrize("start", [0.0, 0.2, 0.6, 0.9, 1.0])
def test_backtracking_descent_takes_armijo_steps_to_the_minimum(start):
    c, tol = 1e-4, 1e-5
    descent = lab.backtracking_descent(start, tol=tol, alpha0=1.0, rho=0.5, c=c, max_steps=100)
    path = np.array(descent.path)
    losses = torch_loss(path).numpy()
    assert np.all(np.diff(losses) < 0)  # every accepted step lowers the loss
    for k, search in enumerate(descent.searches):
        g = torch_derivative(path[k])
        assert search.slope == pytest.approx(-g * g, rel=1e-12)
        assert path[k + 1] == pytest.approx(path[k] - search.alpha * g, rel=1e-12, abs=1e-15)
        # Armijo: L(φ + α d) ≤ L(φ) + c α ∇Lᵀd for the accepted α; the step twice as
        # long (the one tried before it) failed, unless α = α₀
        assert losses[k + 1] <= losses[k] + c * search.alpha * search.slope
        if search.alpha < 1.0:
            longer = torch_loss(path[k] - 2 * search.alpha * g).item()
            assert longer > losses[k] + c * 2 * search.alpha * search.slope
    assert abs(descent.x - torch_minimiser()) <= tol
    # one forward pass per gradient, plus the trial steps of every search
    assert descent.evaluations == descent.gradients + sum(s.evaluations for s in descent.searches)
