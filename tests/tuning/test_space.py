"""Search spaces: validation at construction, and the grid a budget buys."""
import math

import numpy as np
import pytest

from gradschool.tuning import Categorical, Int, LogUniform, Uniform, grid_counts, grid_points


@pytest.mark.parametrize("make, match", [
    (lambda: Uniform(1.0, 1.0), "low 1.0 >= high 1.0"),
    (lambda: Uniform(2.0, 1.0), "low 2.0 >= high 1.0"),
    (lambda: Uniform(0.0, math.inf), "high must be a finite number"),
    (lambda: LogUniform(0.0, 1.0), "log range needs low > 0, got low 0.0"),
    (lambda: LogUniform(-1e-3, 1.0), "low -0.001"),
    (lambda: LogUniform(1e-1, 1e-3), "low 0.1 >= high 0.001"),
    (lambda: Int(5, 5), "low 5 >= high 5"),
    (lambda: Int(0, 8, log=True), "log range needs low > 0, got low 0"),
    (lambda: Int(1, 8, step=0), "step must be >= 1"),
    (lambda: Int(1, 8, step=2), "7 is not a multiple of step 2"),
    (lambda: Int(1.0, 8), "low must be an int"),
    (lambda: Categorical([]), r"empty list of choices \[\]"),
    (lambda: Categorical(["a", "a"]), "repeated choices"),
    (lambda: Categorical([[1, 2]]), r"choice \[1, 2\]"),
])
def test_bad_distributions_are_refused_with_their_values(make, match):
    with pytest.raises(ValueError, match=match):
        make()


def test_uniform_grid_is_the_cell_centres():
    assert Uniform(0.0, 1.0).grid(1) == [0.5]
    np.testing.assert_allclose(Uniform(-1.0, 3.0).grid(4), [-0.5, 0.5, 1.5, 2.5])


def test_log_grid_is_geometric():
    g = np.array(LogUniform(1e-4, 1e-1).grid(3))
    np.testing.assert_allclose(g[1:] / g[:-1], [10.0, 10.0])      # equal ratios
    np.testing.assert_allclose(g, [10 ** -3.5, 10 ** -2.5, 10 ** -1.5])
    assert LogUniform(1e-4, 1e-1).grid(1) == pytest.approx([10 ** -2.5])


@pytest.mark.parametrize("dist", [Int(1, 10), Int(16, 512, log=True), Int(0, 20, step=4),
                                  Int(1, 4, log=True)])
def test_int_grid_gives_distinct_allowed_ints(dist):
    allowed = set(range(dist.low, dist.high + 1, dist.step))
    for n in range(1, 2 * dist.max_points):
        g = dist.grid(n)
        assert len(g) == min(n, dist.max_points)
        assert len(set(g)) == len(g) and set(g) <= allowed
        assert all(isinstance(v, int) for v in g)


def test_log_int_grid_is_close_to_geometric():
    g = np.array(Int(16, 512, log=True).grid(5), dtype=float)
    ratios = g[1:] / g[:-1]
    np.testing.assert_allclose(ratios, (512 / 16) ** (1 / 5), rtol=0.05)


def test_categorical_grid_is_every_choice():
    assert Categorical(["relu", "tanh", None]).grid(1) == ["relu", "tanh", None]


@pytest.mark.parametrize("D, budget, expected", [
    (5, 32, [2, 2, 2, 2, 2]), (5, 31, [2, 2, 2, 2, 1]), (2, 10, [3, 3]), (2, 20, [5, 4]),
    (3, 1, [1, 1, 1]), (1, 7, [7]), (5, 243, [3, 3, 3, 3, 3]),
])
def test_grid_counts_are_as_even_as_the_budget_allows(D, budget, expected):
    space = {f"h{i}": Uniform(0.0, 1.0) for i in range(D)}
    counts = list(grid_counts(space, budget).values())
    assert counts == expected
    assert math.prod(counts) <= budget
    assert max(counts) - min(counts) <= 1


def test_grid_counts_respect_categoricals_and_int_ranges():
    space = {"x": Uniform(0.0, 1.0), "bit": Int(0, 1), "act": Categorical(["a", "b", "c"])}
    counts = grid_counts(space, 40)
    assert counts == {"x": 6, "bit": 2, "act": 3}             # 36 <= 40; bit has only 2 values
    points = grid_points(space, 40)
    assert points["bit"] == [0, 1] and points["act"] == ["a", "b", "c"]
    assert len(points["x"]) == 6
    with pytest.raises(ValueError, match="make 3 combinations, more than the budget 2"):
        grid_counts(space, 2)


def test_a_space_must_hold_distributions():
    with pytest.raises(TypeError, match=r"space\['lr'\]: 0.1 is not a distribution"):
        grid_counts({"lr": 0.1}, 4)
    with pytest.raises(ValueError, match="non-empty dict"):
        grid_counts({}, 4)
