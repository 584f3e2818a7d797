"""Pictures: computational graphs (no graphviz binary needed) and loss surfaces.

    from gradschool.viz import draw_graph, save_figure
    draw_graph(loss, "graph.svg")     # every value with its data and grad
    save_figure(fig, "loss.svg")      # a matplotlib figure, written atomically

`plot_trajectories` (optimizer paths on a contour plot) is loaded on first
use, so drawing a graph never imports matplotlib.
"""
from typing import Any

from .figures import save_figure
from .graph import SVG, draw_graph, format_number, to_dot

__all__ = ["SVG", "draw_graph", "format_number", "plot_trajectories", "save_figure", "to_dot"]


def __getattr__(name: str) -> Any:
    if name == "plot_trajectories":
        from .contour import plot_trajectories
        return plot_trajectories
    raise AttributeError(f"module 'gradschool.viz' has no attribute {name!r}")
