"""`save_figure`: how a lab writes a figure into its output directory.

    from gradschool.viz import save_figure

    fig, ax = plt.subplots()
    ax.plot(losses)
    save_figure(fig, out_dir / "loss.svg")     # atomic, then the figure is closed

The format follows the suffix (`.svg` or `.png`). The file is rendered in
memory and written with a temp file and a rename, so an interrupted run never
leaves a half-written image. SVG output carries no date and fixed element ids,
so the same figure gives the same bytes on every run.
"""
from __future__ import annotations

import io
import os
import sys
from pathlib import Path
from typing import Any

from ..atomic import atomic_write_bytes

FORMATS = ("svg", "png")


def save_figure(fig: Any, path: str | os.PathLike[str], *, close: bool = True,
                **savefig_kwargs: Any) -> Path:
    """Save the matplotlib figure `fig` to `path` (.svg or .png) atomically; returns the path.

    `savefig_kwargs` go to `Figure.savefig` (e.g. `dpi=150`); by default the
    bounding box is tight. The figure is closed afterwards (pass `close=False`
    to keep it, e.g. in a notebook that also shows it).
    """
    target = Path(path)
    fmt = target.suffix.lower().lstrip(".")
    try:
        if fmt not in FORMATS:
            raise ValueError(f"save_figure: {target.name!r}: the file name must end in "
                             f".svg or .png, got {target.suffix or 'no suffix'!r}")
        if not hasattr(fig, "savefig"):
            raise TypeError(f"save_figure: expected a matplotlib Figure, got "
                            f"{type(fig).__name__}")
        import matplotlib

        metadata = {"Date": None} if fmt == "svg" else {"Software": None}
        options: dict[str, Any] = {"bbox_inches": "tight", "metadata": metadata}
        options.update(savefig_kwargs)
        buffer = io.BytesIO()
        with matplotlib.rc_context({"svg.hashsalt": "gradschool"}):
            fig.savefig(buffer, format=fmt, **options)
        return atomic_write_bytes(target, buffer.getvalue())
    finally:
        if close and hasattr(fig, "savefig") and "matplotlib.pyplot" in sys.modules:
            import matplotlib.pyplot as plt

            plt.close(fig)
