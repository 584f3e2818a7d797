"""Line search: the minimum found, the evaluations counted, the brackets and the Armijo rule."""
import math
import re

import numpy as np
import pytest

import gradschool as gs
from gradschool.data.functions import TWO_GAUSSIANS_MINIMUM, rosenbrock, two_gaussians
from gradschool.optim.line_search import (
    GOLDEN,
    backtracking,
    bracketing_search,
    golden_section_search,
)

SEARCHES = [bracketing_search, golden_section_search]


def grid_argmin(f, a, b, n=1_000_001):
    x = np.linspace(a, b, n)
    return x[np.argmin(f(x))], (b - a) / (n - 1)


def numpy_two_gaussians(phi):
    return (1 - 0.5 * np.exp(-(phi - 0.65) ** 2 / 0.1)
            - 0.45 * np.exp(-(phi - 0.35) ** 2 / 0.02))


class Counter:
    def __init__(self, f):
        self.f, self.calls = f, 0

    def __call__(self, x):
        self.calls += 1
        return self.f(x)


# ----- interval searches --------------------------------------------------------------
@pytest.mark.parametrize("search", SEARCHES)
@pytest.mark.parametrize("tol", [1e-3, 1e-6])
def test_finds_the_two_gaussian_minimum(search, tol):
    best, spacing = grid_argmin(numpy_two_gaussians, 0.0, 1.0)
    res = search(two_gaussians, 0.0, 1.0, tol=tol)
    assert res.converged
    assert 0.35 < res.x < 0.39
    assert abs(res.x - best) < tol + spacing
    assert abs(res.x - TWO_GAUSSIANS_MINIMUM) < tol
    assert res.loss == pytest.approx(numpy_two_gaussians(res.x), abs=1e-15)
    assert res.value == res.loss
    lo, hi = res.interval
    assert hi - lo < tol and lo <= res.x <= hi


@pytest.mark.parametrize("search", SEARCHES)
def test_every_bracket_holds_the_minimum_of_a_unimodal_function(search):
    res = search(two_gaussians, 0.0, 1.0, tol=1e-8)
    for br in res.history:
        assert br.a <= TWO_GAUSSIANS_MINIMUM <= br.b
        assert br.a < br.p < br.q < br.b
        assert br.loss_p == pytest.approx(numpy_two_gaussians(br.p), abs=1e-15)


@pytest.mark.parametrize("search", SEARCHES)
def test_evaluations_counts_every_call(search):
    f = Counter(lambda x: (x - 0.3) ** 2)
    res = search(f, -1.0, 2.0, tol=1e-5)
    assert res.evaluations == f.calls
    assert res.x == pytest.approx(0.3, abs=1e-5)


def test_golden_section_uses_one_new_evaluation_per_step():
    a, b, tol = 0.0, 1.0, 1e-5
    res = golden_section_search(two_gaussians, a, b, tol=tol)
    expected_steps = math.ceil(math.log(tol / (b - a)) / math.log(GOLDEN))
    assert res.iterations == expected_steps
    assert res.evaluations == 2 + res.iterations
    assert len(res.history) == res.iterations + 1
    for before, after in zip(res.history, res.history[1:]):
        assert after.width == pytest.approx(GOLDEN * before.width, rel=1e-9)
        # the surviving interior point is reused: only one of p, q is new
        assert {before.p, before.q} & {after.p, after.q}


def test_bracketing_uses_two_evaluations_per_step_and_shrinks_by_thirds():
    res = bracketing_search(two_gaussians, 0.0, 1.0, tol=1e-4)
    assert res.evaluations == 2 + 2 * res.iterations
    assert len(res.history) == res.iterations
    widths = [br.width for br in res.history] + [res.interval[1] - res.interval[0]]
    for before, after in zip(widths, widths[1:]):
        assert after / before == pytest.approx(2 / 3) or after / before == pytest.approx(1 / 3)
    first = res.history[0]
    assert (first.a, first.b) == (0.0, 1.0)
    assert (first.p, first.q) == pytest.approx((1 / 3, 2 / 3))
    assert first.loss_a == pytest.approx(numpy_two_gaussians(0.0))
    assert first.loss_b == pytest.approx(numpy_two_gaussians(1.0))


@pytest.mark.parametrize("search", SEARCHES)
@pytest.mark.parametrize("sign,end", [(1.0, 0.0), (-1.0, 1.0)])
def test_a_minimum_at_an_end_of_the_interval(search, sign, end):
    res = search(lambda x: sign * x, 0.0, 1.0, tol=1e-6)
    assert res.x == pytest.approx(end, abs=1e-6)


@pytest.mark.parametrize("search", SEARCHES)
def test_max_iter_stops_without_convergence(search):
    res = search(two_gaussians, 0.0, 1.0, tol=1e-12, max_iter=3)
    assert res.iterations == 3
    assert not res.converged


@pytest.mark.parametrize("search", SEARCHES)
@pytest.mark.parametrize("a,b,tol,pattern", [
    (1.0, 0.0, 1e-3, "a < b, got a=1.0, b=0.0"),
    (0.5, 0.5, 1e-3, "a < b, got a=0.5, b=0.5"),
    (0.0, 1.0, 0.0, "tol must be > 0, got tol=0.0"),
    (0.0, 1.0, -1e-3, "tol=-0.001"),
    (0.0, math.inf, 1e-3, "finite"),
])
def test_bad_intervals_are_named(search, a, b, tol, pattern):
    with pytest.raises(ValueError, match=re.escape(pattern)):
        search(two_gaussians, a, b, tol=tol)


def test_an_objective_returning_many_values_is_an_error():
    with pytest.raises(ValueError, match="single number"):
        golden_section_search(lambda x: np.array([x, x]), 0.0, 1.0)


# ----- backtracking ------------------------------------------------------------------
def rosenbrock_at(point):
    x = gs.tensor(np.array(point, dtype=np.float64), requires_grad=True)
    loss = rosenbrock(x)
    loss.backward()
    return x, float(loss), x.grad


@pytest.mark.parametrize("point", [(-1.5, 2.0), (0.0, 0.0), (1.2, 1.0), (-0.5, 0.8)])
@pytest.mark.parametrize("rho,c", [(0.5, 1e-4), (0.8, 0.3)])
def test_armijo_holds_at_the_step_taken_and_fails_at_the_one_before(point, rho, c):
    x, loss0, g = rosenbrock_at(point)
    d = -g.data
    res = backtracking(rosenbrock, x, g, d, rho=rho, c=c)
    assert res.converged
    slope = float(g.data @ d)
    assert res.slope == pytest.approx(slope)
    assert res.loss0 == pytest.approx(loss0)
    assert res.loss <= loss0 + c * res.alpha * slope
    assert res.loss == pytest.approx(float(rosenbrock(res.x)))
    np.testing.assert_allclose(res.x.data, x.data + res.alpha * d)
    assert [t.alpha for t in res.history] == pytest.approx(
        [rho ** k for k in range(len(res.history))])
    assert [t.accepted for t in res.history] == [False] * (len(res.history) - 1) + [True]
    if len(res.history) > 1:
        before = res.history[-2]
        assert before.loss > loss0 + c * before.alpha * slope
    assert res.evaluations == 1 + len(res.history)  # L(θ) plus one per trial


def test_backtracking_counts_calls_and_reuses_a_given_loss():
    f = Counter(rosenbrock)
    x, loss0, g = rosenbrock_at((-1.5, 2.0))
    res = backtracking(f, x, g, -g.data, loss0=loss0)
    assert res.evaluations == f.calls == len(res.history)


def test_backtracking_keeps_the_type_of_x():
    def f(v):
        return 0.5 * float(np.sum(np.asarray(v) ** 2))

    x = np.array([1.0, -2.0])
    res = backtracking(f, x, x, -x)  # ∇f = x; the full step α = 1 lands on 0
    assert isinstance(res.x, np.ndarray)
    assert res.alpha == 1.0 and res.loss == 0.0 and res.evaluations == 2
    xt, _, g = rosenbrock_at((0.0, 0.0))
    assert isinstance(backtracking(rosenbrock, xt, g, -g).x, gs.Tensor)


def test_a_small_first_step_is_accepted_at_once():
    x, loss0, g = rosenbrock_at((-1.5, 2.0))
    res = backtracking(rosenbrock, x, g, -g.data, alpha0=1e-5)
    assert res.alpha == 1e-5 and len(res.history) == 1


@pytest.mark.parametrize("direction_sign", [1.0, 0.0])
def test_a_direction_that_does_not_descend_is_named(direction_sign):
    x, _, g = rosenbrock_at((-1.5, 2.0))
    slope = direction_sign * float(g.data @ g.data)
    with pytest.raises(ValueError, match=re.escape(f"grad·direction = {slope!r}")):
        backtracking(rosenbrock, x, g, direction_sign * g.data)


@pytest.mark.parametrize("kwargs,pattern", [
    ({"alpha0": 0.0}, "alpha0=0.0"), ({"alpha0": -1.0}, "alpha0=-1.0"),
    ({"rho": 1.0}, "rho=1.0"), ({"rho": 0.0}, "rho=0.0"),
    ({"c": 0.0}, "c=0.0"), ({"c": 1.5}, "c=1.5"),
])
def test_bad_backtracking_settings_are_named(kwargs, pattern):
    x, _, g = rosenbrock_at((-1.5, 2.0))
    with pytest.raises(ValueError, match=re.escape(pattern)):
        backtracking(rosenbrock, x, g, -g.data, **kwargs)


def test_shapes_must_agree():
    with pytest.raises(ValueError, match=r"\(2,\), \(2,\) and \(3,\)"):
        backtracking(lambda v: 0.0, np.zeros(2), np.ones(2), -np.ones(3))


def test_max_iter_exhausted_is_reported():
    # A wrong gradient: it claims L falls along d, but L(θ + α d) = α rises.
    res = backtracking(lambda v: -float(v[0]), np.zeros(1), np.ones(1), -np.ones(1),
                       max_iter=5)
    assert not res.converged and len(res.history) == 5
    assert res.alpha == pytest.approx(0.5 ** 4)
    assert res.loss == pytest.approx(0.5 ** 4)
