"""The HTML report and the files the runner writes.

`save_figure` (a lab's figures, atomically) lives in `gradschool.viz` and
`to_jsonable` / `atomic_write_json` in `gradschool.jsonfiles`; they are
re-exported here for the runner. This package builds the static report from
a run directory (see `builder`):
`rebuild_report(DIR)` rewrites `DIR/<id>/index.html` for every
`DIR/<id>/metrics.json` and the front page `DIR/index.html`.
"""
from ..atomic import atomic_path, atomic_write_bytes, atomic_write_text
from ..jsonfiles import atomic_write_json, to_jsonable
from ..viz.figures import save_figure
from .builder import (
    read_record,
    read_records,
    rebuild_report,
    render_index,
    render_lab_page,
    write_index,
    write_lab_page,
)
from .markdown import render_markdown
from .order import Curriculum

__all__ = [
    "Curriculum", "atomic_path", "atomic_write_bytes", "atomic_write_json", "atomic_write_text",
    "read_record", "read_records", "rebuild_report", "render_index", "render_lab_page",
    "render_markdown", "save_figure", "to_jsonable", "write_index", "write_lab_page",
]
