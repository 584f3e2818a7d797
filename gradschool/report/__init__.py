"""The HTML report and the files the runner writes.

For lab authors, one function matters:

    from gradschool.report import save_figure
    save_figure(fig, out_dir / "loss.svg")   # atomic write, closes the figure

The rest builds the static report from a run directory (see `builder`):
`rebuild_report(DIR)` rewrites `DIR/<id>/index.html` for every
`DIR/<id>/metrics.json` and the front page `DIR/index.html`.
"""
from ..atomic import atomic_path, atomic_write_bytes, atomic_write_text
from .builder import (
    read_record,
    read_records,
    rebuild_report,
    render_index,
    render_lab_page,
    write_index,
    write_lab_page,
)
from .figures import save_figure
from .files import atomic_write_json, to_jsonable

__all__ = [
    "atomic_path", "atomic_write_bytes", "atomic_write_json", "atomic_write_text",
    "read_record", "read_records", "rebuild_report", "render_index", "render_lab_page",
    "save_figure", "to_jsonable", "write_index", "write_lab_page",
]
