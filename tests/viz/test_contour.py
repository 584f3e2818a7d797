"""plot_trajectories: one line per trajectory, a legend, contours; figures saved with Agg."""
import re

import matplotlib.figure
import matplotlib.pyplot as plt
import numpy as np
import pytest

import gradschool as gs
from gradschool.data.functions import (
    HIMMELBLAU_MINIMA,
    ROSENBROCK_MINIMUM,
    grid,
    himmelblau,
    rosenbrock,
)
from gradschool.viz.contour import plot_trajectories


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def paths():
    t = np.linspace(0, 1, 12)
    return {
        "GD": np.stack([-1.5 + 2.5 * t, 2.0 - t], axis=1),
        "Adam": [[-1.5, 2.0], [-1.0, 1.0], [0.0, 0.0], [1.0, 1.0]],
        "Newton": gs.tensor(np.array([[-1.5, 2.0], [1.0, 1.0]])),
    }


def legend_texts(ax):
    return [t.get_text() for t in ax.get_legend().get_texts()]


def test_one_line_per_trajectory_with_a_legend():
    fig, ax = plot_trajectories(rosenbrock, paths(), log_levels=True,
                                minimum=ROSENBROCK_MINIMUM, xlim=(-2, 2), ylim=(-1, 3),
                                title="Rosenbrock")
    assert isinstance(fig, matplotlib.figure.Figure) and ax.figure is fig
    lines = ax.get_lines()
    assert [line.get_label() for line in lines] == ["GD", "Adam", "Newton"]
    np.testing.assert_allclose(lines[1].get_xydata(), paths()["Adam"])
    assert legend_texts(ax) == ["GD", "Adam", "Newton", "minimum"]
    assert ax.get_title() == "Rosenbrock"
    assert ax.get_xlim() == (-2.0, 2.0) and ax.get_ylim() == (-1.0, 3.0)
    stars = [c for c in ax.collections if c.get_label() == "minimum"]
    np.testing.assert_allclose(stars[0].get_offsets(), [ROSENBROCK_MINIMUM])


def test_log_levels_are_geometric_and_positive():
    fig, ax = plot_trajectories(rosenbrock, paths(), levels=12, log_levels=True,
                                xlim=(-2, 2), ylim=(-1, 3))
    filled = ax.collections[0]
    levels = np.asarray(filled.levels)
    assert len(levels) == 12 and np.all(levels > 0)
    np.testing.assert_allclose(np.diff(np.log(levels)), np.log(levels[1] / levels[0]))
    fig, ax = plot_trajectories(rosenbrock, paths(), levels=12, xlim=(-2, 2), ylim=(-1, 3))
    levels = np.asarray(ax.collections[0].levels)
    np.testing.assert_allclose(np.diff(levels), levels[1] - levels[0])


def test_a_ready_grid_and_given_axes():
    G = grid(himmelblau, (-5, 5), (-5, 5), n=60)
    fig, ax = plt.subplots()
    out_fig, out_ax = plot_trajectories(G, {"start": [[0.0, 0.0], [3.0, 2.0]]}, ax=ax,
                                        minimum=HIMMELBLAU_MINIMA, levels=[0, 10, 50, 200])
    assert out_fig is fig and out_ax is ax
    assert len(ax.get_lines()) == 1
    assert legend_texts(ax) == ["start", "minima"]
    assert len(ax.collections[-1].get_offsets()) == 4


def test_limits_default_to_the_trajectories():
    fig, ax = plot_trajectories(rosenbrock, {"path": [[0.0, 0.0], [1.0, 2.0]]}, n=20)
    lo, hi = ax.get_xlim()
    assert lo < 0.0 and hi > 1.0 and hi - lo < 1.5


def test_the_figure_saves_with_agg(tmp_path):
    fig, _ = plot_trajectories(rosenbrock, paths(), log_levels=True, colorbar=True,
                               xlim=(-2, 2), ylim=(-1, 3), n=40)
    fig.savefig(tmp_path / "paths.png")
    fig.savefig(tmp_path / "paths.svg")
    assert (tmp_path / "paths.png").stat().st_size > 0
    assert (tmp_path / "paths.svg").read_text().startswith("<?xml")


@pytest.mark.parametrize("bad", [np.zeros((5, 3)), np.zeros(4), np.zeros((0, 2))])
def test_a_trajectory_of_the_wrong_shape_is_named(bad):
    with pytest.raises(ValueError, match=re.escape(f"'bad' must be an array of shape (steps, "
                                                   f"2) with steps >= 1, got shape {bad.shape}")):
        plot_trajectories(rosenbrock, {"bad": bad}, xlim=(0, 1), ylim=(0, 1))


def test_other_input_errors():
    with pytest.raises(ValueError, match="give xlim and ylim"):
        plot_trajectories(rosenbrock, {})
    with pytest.raises(ValueError, match="positive"):
        plot_trajectories((np.zeros((2, 2)), np.zeros((2, 2)), -np.ones((2, 2))), {},
                          log_levels=True)
    with pytest.raises(ValueError, match=re.escape("positive levels, got [0.0, 1.0]")):
        plot_trajectories(rosenbrock, {}, xlim=(0, 1), ylim=(0, 1), levels=[0, 1],
                          log_levels=True)
    with pytest.raises(ValueError, match="one shape"):
        plot_trajectories((np.zeros((2, 2)), np.zeros((2, 3)), np.zeros((2, 2))), {})
