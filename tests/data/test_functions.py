"""Test functions: closed-form values, autograd gradients against finite differences and
closed forms, known minima, stacked grids, the Gabor data and the grid helper."""
import math
import re

import numpy as np
import pytest

import gradschool as gs
from gradschool.data import functions as F
from gradschool.optim.newton import gradient_and_hessian

TWO_D = {
    "rosenbrock": F.rosenbrock,
    "adam_test_loss": F.adam_test_loss,
    "quadratic": lambda p: F.quadratic(p, kappa=50.0, angle=0.4),
    "beale": F.beale,
    "himmelblau": F.himmelblau,
}
MINIMA = [
    (F.rosenbrock, F.ROSENBROCK_MINIMUM),
    (F.adam_test_loss, F.ADAM_TEST_MINIMUM),
    (TWO_D["quadratic"], (0.0, 0.0)),
    (F.beale, F.BEALE_MINIMUM),
    *[(F.himmelblau, m) for m in F.HIMMELBLAU_MINIMA],
]


def value(f, point):
    return float(f(np.asarray(point, dtype=np.float64)))


def autograd_gradient(f, point):
    phi = gs.tensor(np.asarray(point, dtype=np.float64), requires_grad=True)
    f(phi).backward()
    return phi.grad.data


def central_differences(f, point, h=1e-6):
    point = np.asarray(point, dtype=np.float64)
    out = np.zeros_like(point)
    for i in range(point.size):
        e = np.zeros_like(point)
        e.flat[i] = h
        out.flat[i] = (value(f, point + e) - value(f, point - e)) / (2 * h)
    return out


def points(seed=0, k=5, scale=1.5):
    return np.random.default_rng(seed).uniform(-scale, scale, size=(k, 2))


# ----- values ------------------------------------------------------------------------------
def test_closed_form_values():
    assert value(F.rosenbrock, (-1.5, 2.0)) == pytest.approx(2.5 ** 2 + 100 * 0.25 ** 2)
    assert value(lambda p: F.rosenbrock(p, a=2.0, b=10.0), (0.0, 1.0)) == pytest.approx(14.0)
    assert value(F.beale, (0.0, 0.0)) == pytest.approx(1.5 ** 2 + 2.25 ** 2 + 2.625 ** 2)
    assert value(F.himmelblau, (0.0, 0.0)) == pytest.approx(170.0)
    assert value(F.adam_test_loss, (0.7, 1.0)) == pytest.approx(1 - math.exp(-2.0))
    assert value(F.adam_test_loss, (2.7, 0.0)) == pytest.approx(1 - math.exp(-0.5))
    A = F.quadratic_matrix(50.0, 0.4)
    phi = np.array([0.3, -1.1])
    assert value(TWO_D["quadratic"], phi) == pytest.approx(0.5 * phi @ A @ phi)
    for phi in (0.0, 0.35, 0.65, 1.0):
        expected = (1 - 0.5 * math.exp(-(phi - 0.65) ** 2 / 0.1)
                    - 0.45 * math.exp(-(phi - 0.35) ** 2 / 0.02))
        assert float(F.two_gaussians(phi)) == pytest.approx(expected, abs=1e-15)


def test_quadratic_matrix_has_the_condition_number_asked_for():
    for kappa, angle in [(1.0, 0.0), (10.0, 0.0), (100.0, 0.7)]:
        A = F.quadratic_matrix(kappa, angle)
        np.testing.assert_allclose(A, A.T)
        np.testing.assert_allclose(np.linalg.eigvalsh(A), [1.0, kappa])
    np.testing.assert_allclose(F.quadratic_matrix(10.0), np.diag([1.0, 10.0]))
    with pytest.raises(ValueError, match="kappa=0.5"):
        F.quadratic_matrix(0.5)


# ----- gradients and Hessians ------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(TWO_D))
def test_autograd_gradient_matches_finite_differences(name):
    f = TWO_D[name]
    for point in points(scale=1.2):
        g = autograd_gradient(f, point)
        np.testing.assert_allclose(g, central_differences(f, point), rtol=1e-6, atol=1e-6)


def test_two_gaussians_gradient_matches_finite_differences():
    for phi in np.linspace(0.0, 1.0, 7):
        g = autograd_gradient(F.two_gaussians, phi)
        np.testing.assert_allclose(g, central_differences(F.two_gaussians, phi), atol=1e-7)


@pytest.mark.parametrize("a,b", [(1.0, 100.0), (2.0, 10.0)])
def test_rosenbrock_gradient_and_hessian_in_closed_form(a, b):
    def f(p):
        return F.rosenbrock(p, a=a, b=b)

    for point in points(seed=1, k=8, scale=2.0):
        x, y = point
        grad = [-2 * (a - x) - 4 * b * x * (y - x * x), 2 * b * (y - x * x)]
        hess = [[2 - 4 * b * y + 12 * b * x * x, -4 * b * x], [-4 * b * x, 2 * b]]
        np.testing.assert_allclose(F.rosenbrock_gradient(point, a=a, b=b), grad, rtol=1e-12)
        np.testing.assert_allclose(F.rosenbrock_hessian(point, a=a, b=b), hess, rtol=1e-12)
        np.testing.assert_allclose(autograd_gradient(f, point), grad, rtol=1e-12, atol=1e-12)
        phi = gs.tensor(point, requires_grad=True)
        g, H = gradient_and_hessian(f(phi), [phi])
        np.testing.assert_allclose(H, hess, rtol=1e-12, atol=1e-10)


def test_rosenbrock_closed_forms_work_on_grids():
    X, Y, _ = F.grid(F.rosenbrock, (-2, 2), (-1, 3), n=(4, 3))
    G = F.rosenbrock_gradient(np.stack([X, Y]))
    H = F.rosenbrock_hessian(np.stack([X, Y]))
    assert G.shape == (2, 3, 4) and H.shape == (2, 2, 3, 4)
    np.testing.assert_allclose(H[:, :, 1, 2], F.rosenbrock_hessian([X[1, 2], Y[1, 2]]))


def test_quadratic_hessian_is_its_matrix():
    phi = gs.tensor(np.array([0.3, -0.2]), requires_grad=True)
    g, H = gradient_and_hessian(TWO_D["quadratic"](phi), [phi])
    A = F.quadratic_matrix(50.0, 0.4)
    np.testing.assert_allclose(H, A, atol=1e-12)
    np.testing.assert_allclose(g, A @ phi.data, atol=1e-12)


# ----- known minima ------------------------------------------------------------------------
@pytest.mark.parametrize("f,minimum", MINIMA)
def test_known_minima_have_zero_gradient_and_loss(f, minimum):
    assert value(f, minimum) == pytest.approx(0.0, abs=1e-24)
    phi = gs.tensor(np.asarray(minimum, dtype=np.float64), requires_grad=True)
    g, H = gradient_and_hessian(f(phi), [phi])
    np.testing.assert_allclose(g, 0.0, atol=1e-12)
    assert np.all(np.linalg.eigvalsh(H) > 0)  # a strict minimum


def test_two_gaussians_minimum():
    g = autograd_gradient(F.two_gaussians, F.TWO_GAUSSIANS_MINIMUM)
    assert abs(float(g)) < 1e-9
    x = np.linspace(0, 1, 100_001)
    values = F.two_gaussians(x).data
    assert x[np.argmin(values)] == pytest.approx(F.TWO_GAUSSIANS_MINIMUM, abs=1e-5)
    assert float(F.two_gaussians(F.TWO_GAUSSIANS_MINIMUM)) == pytest.approx(0.3286037, abs=1e-7)


# ----- stacked grids and the grid helper ----------------------------------------------------
@pytest.mark.parametrize("name", sorted(TWO_D))
def test_stacked_grids_give_the_value_at_every_point(name):
    f = TWO_D[name]
    X, Y, Z = F.grid(f, (-2.0, 2.0), (-1.0, 3.0), n=(5, 4))
    assert X.shape == Y.shape == Z.shape == (4, 5)
    assert X[0, 0] == -2.0 and X[0, -1] == 2.0 and Y[0, 0] == -1.0 and Y[-1, 0] == 3.0
    for i in range(4):
        for j in range(5):
            assert Z[i, j] == pytest.approx(value(f, (X[i, j], Y[i, j])), rel=1e-12)


def test_grid_passes_keyword_arguments_and_checks_its_input():
    X, Y, Z = F.grid(F.rosenbrock, (0, 1), (0, 1), n=3, b=0.0)
    np.testing.assert_allclose(Z, (1 - X) ** 2)
    with pytest.raises(ValueError, match=re.escape("xlim must be (low, high)")):
        F.grid(F.rosenbrock, (1, 0), (0, 1))
    with pytest.raises(ValueError, match="at least 2 points"):
        F.grid(F.rosenbrock, (0, 1), (0, 1), n=1)
    with pytest.raises(ValueError, match=re.escape("returned shape ()")):
        F.grid(lambda p: gs.tensor(1.0), (0, 1), (0, 1), n=3)


@pytest.mark.parametrize("f", [F.rosenbrock, F.beale, F.himmelblau, F.adam_test_loss])
def test_a_parameter_vector_of_the_wrong_shape_is_named(f):
    with pytest.raises(ValueError, match=re.escape("got shape (3,)")):
        f(np.zeros(3))


# ----- the Gabor model ------------------------------------------------------------------------
def test_gabor_model_formula_and_shapes():
    x = np.linspace(-15, 15, 7)
    phi = np.array([0.4, 11.0])
    z = phi[0] + 0.06 * phi[1] * x
    np.testing.assert_allclose(F.gabor_model(phi, x).data, np.sin(z) * np.exp(-z * z / 32))
    grids = np.zeros((2, 3, 4))
    assert F.gabor_model(grids, x).shape == (3, 4, 7)
    assert F.gabor_loss(grids, x, x).shape == (3, 4)


def test_gabor_data_is_reproducible_and_follows_the_model():
    x, y = F.gabor_data()
    assert x.shape == y.shape == (30,) and x.dtype == y.dtype == np.float64
    assert np.all(np.diff(x) >= 0) and x.min() >= -15 and x.max() <= 15
    x2, y2 = F.gabor_data()
    np.testing.assert_array_equal(x, x2)
    np.testing.assert_array_equal(y, y2)
    assert not np.array_equal(y, F.gabor_data(seed=1)[1])
    residual = y - F.gabor_model(F.GABOR_TRUE_PHI, x).data
    assert 0.05 < residual.std() < 0.2  # noise = 0.1
    xc, yc = F.gabor_data(n=10, noise=0.0, seed=3)
    np.testing.assert_allclose(yc, F.gabor_model(F.GABOR_TRUE_PHI, xc).data)
    assert float(F.gabor_loss(F.GABOR_TRUE_PHI, xc, yc)) == 0.0


def test_gabor_loss_gradient_and_minimum():
    x, y = F.gabor_data()

    def f(p):
        return F.gabor_loss(p, x, y)

    for point in [(0.5, 10.0), (-2.0, 15.0), (1.0, 5.0)]:
        np.testing.assert_allclose(autograd_gradient(f, point), central_differences(f, point),
                                   rtol=1e-5, atol=1e-6)
    X, Y, Z = F.grid(f, (-10, 10), (2.5, 22.5), n=101)
    i = np.unravel_index(np.argmin(Z), Z.shape)
    assert abs(X[i] - F.GABOR_TRUE_PHI[0]) < 0.5 and abs(Y[i] - F.GABOR_TRUE_PHI[1]) < 1.0
    # non-convex: a local minimum of the grid far from the global one
    inner = Z[1:-1, 1:-1]
    local = ((inner < Z[:-2, 1:-1]) & (inner < Z[2:, 1:-1])
             & (inner < Z[1:-1, :-2]) & (inner < Z[1:-1, 2:]))
    assert local.sum() >= 2


def test_gabor_input_errors():
    with pytest.raises(ValueError, match=re.escape("shapes (3,) and (4,)")):
        F.gabor_loss((0.0, 1.0), np.zeros(3), np.zeros(4))
    with pytest.raises(ValueError, match="n=0"):
        F.gabor_data(n=0)
