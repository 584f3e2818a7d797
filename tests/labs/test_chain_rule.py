"""The `chain-rule` lab: the chain rule by hand, two autodiff engines and finite differences agree.

Oracles: the loss in closed form (one `math` expression written here), and
PyTorch autograd on the same expression, for the parameter gradients and for
every intermediate derivative ∂ℓ/∂f_k, ∂ℓ/∂h_k of the backward pass.
"""
import math
from itertools import combinations

import pytest
import torch

from gradschool.labs.chain_rule import toy_model as cr

B = (1.0, 2.0, -3.0, 0.4)
W = (0.1, -0.4, 2.0, 3.0)
X, Y = 2.3, 2.0
PARAMS = ("b0", "b1", "b2", "b3", "w0", "w1", "w2", "w3")
METHODS = ("grads_manual", "grads_scalar", "grads_tensor", "grads_finite_diff")
# The three chain-rule methods do the same float64 products: they may differ by round-off only.
EXACT_TOL = 1e-12
# Central differences at h = 1e-6: truncation h²|ℓ'''|/6 plus round-off ~ε·|ℓ terms|/h,
# about 5e-9 here (the lab's step sweep shows it); 1e-7 leaves a margin and is still
# 1e-8 of the gradients' size.
FD_TOL = 1e-7


def closed_form_loss(b, w, x, y):
    return (b[3] + w[3] * math.cos(b[2] + w[2] * math.exp(b[1] + w[1] * math.sin(b[0] + w[0] * x)))
            - y) ** 2


def torch_forward_backward():
    """The same model in PyTorch (float64), with every intermediate's gradient retained."""
    b = torch.tensor(B, dtype=torch.float64, requires_grad=True)
    w = torch.tensor(W, dtype=torch.float64, requires_grad=True)
    f0 = b[0] + w[0] * X
    h1 = torch.sin(f0)
    f1 = b[1] + w[1] * h1
    h2 = torch.exp(f1)
    f2 = b[2] + w[2] * h2
    h3 = torch.cos(f2)
    f3 = b[3] + w[3] * h3
    inner = {"f0": f0, "h1": h1, "f1": f1, "h2": h2, "f2": f2, "h3": h3, "f3": f3}
    for t in inner.values():
        t.retain_grad()
    loss = (f3 - Y) ** 2
    loss.backward()
    grads = {f"b{k}": b.grad[k].item() for k in range(4)}
    grads.update({f"w{k}": w.grad[k].item() for k in range(4)})
    return loss.item(), inner, grads


@pytest.fixture(scope="module")
def torch_result():
    return torch_forward_backward()


@pytest.fixture
def record(run_lab):
    return run_lab("chain-rule")


def test_the_four_methods_agree_and_match_pytorch(record, torch_result):
    metrics = record["metrics"]
    torch_loss, _, torch_grads = torch_result
    assert metrics["loss"] == pytest.approx(closed_form_loss(B, W, X, Y), rel=1e-14, abs=0)
    assert metrics["loss"] == pytest.approx(torch_loss, rel=1e-14)
    for method in METHODS:
        assert set(metrics[method]) == set(PARAMS)
    for p in PARAMS:
        for method in ("grads_manual", "grads_scalar", "grads_tensor"):
            assert metrics[method][p] == pytest.approx(torch_grads[p], rel=EXACT_TOL, abs=EXACT_TOL)
        assert abs(metrics["grads_finite_diff"][p] - torch_grads[p]) <= FD_TOL
    # max_abs_disagreement is the worst pair of methods at the worst parameter...
    pairs = {(a, c): max(abs(metrics[a][p] - metrics[c][p]) for p in PARAMS)
             for a, c in combinations(METHODS, 2)}
    assert metrics["max_abs_disagreement"] == pytest.approx(max(pairs.values()), rel=1e-12)
    # ...which is finite differences' error: the chain-rule methods agree to round-off.
    assert max(v for (a, c), v in pairs.items() if "finite" not in a + c) <= EXACT_TOL
    assert metrics["max_abs_disagreement"] <= FD_TOL
    # The gradient is not trivially small: the agreement means something.
    assert max(abs(g) for g in metrics["grads_manual"].values()) > 1.0


def test_every_intermediate_of_both_passes_matches_pytorch(record, torch_result):
    metrics = record["metrics"]
    _, inner, _ = torch_result
    forward, backward = metrics["forward_pass"], metrics["backward_pass"]
    for name, t in inner.items():
        assert forward[name] == pytest.approx(t.item(), rel=1e-14, abs=1e-15)
        assert backward[f"dl/d{name}"] == pytest.approx(t.grad.item(), rel=1e-12)
    assert set(backward) == {f"dl/d{n}" for n in ("f3", "h3", "f2", "h2", "f1", "h1", "f0")}
    assert forward["loss"] == metrics["loss"]


def test_finite_differences_have_the_accuracy_of_a_central_difference():
    """Truncation error O(h²): tenfold smaller h, hundredfold smaller error (while h is large)."""
    forward = cr.forward_by_hand(B, W, X, Y)
    exact = cr.parameter_grads_by_hand(forward, cr.backward_by_hand(forward, W, Y), X)

    def error(step):
        fd = cr.grads_finite_difference(B, W, X, Y, step)
        return max(abs(fd[p] - exact[p]) for p in PARAMS)

    assert error(1e-3) / error(1e-4) == pytest.approx(100, rel=0.05)
    assert error(1e-6) < error(1e-4) and error(1e-6) < error(1e-9)


def test_the_graph_is_drawn_with_values_and_gradients(record):
    svg = (record["dir"] / "graph.svg").read_text()
    assert svg.lstrip().startswith("<svg")
    for label in ("loss", "f0", "h1", "f3", "b0", "w3", "x", "y"):
        assert f">{label}<" in svg
    assert "grad 1<" in svg            # ∂ℓ/∂ℓ = 1 at the root
    assert "data 0.1386<" in svg       # the loss, 4 significant digits
    for name in ("methods.svg", "passes.svg", "fd_step.svg"):
        assert (record["dir"] / name).stat().st_size > 0
