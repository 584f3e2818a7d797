"""Render metric values (JSON data) as readable, escaped HTML for the report.

Numbers get four significant digits; a long numeric series is summarised
(length, first, last, min, max) next to a small inline SVG sparkline; a small
matrix becomes a table; a list of records (dicts) becomes a table with one
column per key; nested dicts become nested key/value tables.
"""
from __future__ import annotations

import json
import math
from typing import Any

from markupsafe import Markup, escape

INLINE_ITEMS = 12
"""Lists up to this length are shown in full, inline."""
MAX_ROWS = 30
"""Tables of records or matrices show at most this many rows."""
MAX_DEPTH = 4
"""Deeper nesting than this is shown as compact JSON."""
NONFINITE = ("nan", "inf", "-inf")


def format_number(value: float | int) -> str:
    """An int as is; a float with 4 significant digits (scientific when tiny or huge)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if value == 0:
        return "0"
    return f"{value:.4g}"


def _is_number(v: Any) -> bool:
    return (isinstance(v, (int, float)) and not isinstance(v, bool)) or v in NONFINITE


def _finite(values: list[Any]) -> list[float]:
    return [float(v) for v in values
            if isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)]


def sparkline(values: list[Any], width: int = 120, height: int = 28) -> Markup:
    """An inline SVG line of `values` (non-numbers leave gaps), scaled to its min and max."""
    finite = _finite(values)
    if len(finite) < 2:
        return Markup("")
    lo, hi = min(finite), max(finite)
    span = (hi - lo) or 1.0
    step = max(1, len(values) // 200)
    sampled = values[::step]
    dx = width / max(1, len(sampled) - 1)
    segments: list[list[str]] = [[]]
    for i, v in enumerate(sampled):
        if isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v):
            y = height - 2 - (height - 4) * (float(v) - lo) / span
            segments[-1].append(f"{i * dx:.1f},{y:.1f}")
        elif segments[-1]:
            segments.append([])
    lines = "".join(f'<polyline points="{" ".join(s)}"/>' for s in segments if s)
    return Markup(f'<svg class="spark" viewBox="0 0 {width} {height}" width="{width}" '
                  f'height="{height}" role="img" aria-label="sparkline">{lines}</svg>')


def _scalar(value: Any) -> Markup:
    if value is None:
        return Markup('<span class="null">—</span>')
    if isinstance(value, bool) or _is_number(value):
        text = value if isinstance(value, str) else format_number(value)
        return Markup('<span class="num">{}</span>').format(text)
    return escape(str(value))


def _series(values: list[Any]) -> Markup:
    if len(values) <= INLINE_ITEMS:
        return Markup('<span class="series">[{}]</span>').format(
            Markup(", ").join(_scalar(v) for v in values))
    finite = _finite(values)
    parts = [("n", str(len(values))), ("first", _scalar(values[0])),
             ("last", _scalar(values[-1]))]
    if finite:
        parts += [("min", _scalar(min(finite))), ("max", _scalar(max(finite)))]
    summary = Markup(" · ").join(Markup("{} {}").format(k, v) for k, v in parts)
    return Markup('<span class="series">{}</span> {}').format(summary, sparkline(values))


def _matrix(rows: list[list[Any]], depth: int) -> Markup:
    ncols = max(len(r) for r in rows)
    if ncols > INLINE_ITEMS or len(rows) > MAX_ROWS:
        finite = _finite([v for r in rows for v in r])
        extra = (Markup(" · min {} · max {}").format(_scalar(min(finite)), _scalar(max(finite)))
                 if finite else Markup(""))
        return Markup('<span class="series">matrix {}×{}{}</span>').format(
            len(rows), ncols, extra)
    body = Markup("").join(
        Markup("<tr>{}</tr>").format(Markup("").join(
            Markup("<td>{}</td>").format(render_value(v, depth + 1)) for v in r))
        for r in rows)
    return Markup('<div class="scroll"><table class="matrix">{}</table></div>').format(body)


def _records(rows: list[dict[str, Any]], depth: int) -> Markup:
    columns: list[str] = []
    for row in rows:
        columns += [k for k in row if k not in columns]
    shown = rows[:MAX_ROWS]
    head = Markup("").join(Markup("<th>{}</th>").format(c) for c in columns)
    body = Markup("").join(
        Markup("<tr>{}</tr>").format(Markup("").join(
            Markup("<td>{}</td>").format(render_value(row.get(c), depth + 1))
            for c in columns))
        for row in shown)
    more = (Markup('<p class="more">… and {} more rows</p>').format(len(rows) - len(shown))
            if len(rows) > len(shown) else Markup(""))
    return Markup('<div class="scroll"><table class="records"><thead><tr>{}</tr></thead>'
                  '<tbody>{}</tbody></table></div>{}').format(head, body, more)


def _list(values: list[Any], depth: int) -> Markup:
    if not values:
        return Markup('<span class="series">[]</span>')
    if all(_is_number(v) or v is None for v in values):
        return _series(values)
    if all(isinstance(r, list) and r and all(_is_number(v) or v is None for v in r)
           for r in values):
        return _matrix(values, depth)
    if all(isinstance(r, dict) for r in values):
        return _records(values, depth)
    shown = values[:INLINE_ITEMS]
    items = Markup("").join(Markup("<li>{}</li>").format(render_value(v, depth + 1))
                            for v in shown)
    more = (Markup("<li>… and {} more</li>").format(len(values) - len(shown))
            if len(values) > len(shown) else Markup(""))
    return Markup('<ol class="items">{}{}</ol>').format(items, more)


def render_dict(values: dict[str, Any], depth: int = 0) -> Markup:
    """A key/value table of `values`, each value rendered by `render_value`."""
    if not values:
        return Markup('<p class="null">(none)</p>')
    rows = Markup("").join(
        Markup('<tr><th scope="row">{}</th><td>{}</td></tr>').format(k, render_value(v, depth + 1))
        for k, v in values.items())
    return Markup('<div class="scroll"><table class="kv">{}</table></div>').format(rows)


def render_value(value: Any, depth: int = 0) -> Markup:
    """Escaped HTML for one JSON value (see the module docstring for the rules)."""
    if depth > MAX_DEPTH and isinstance(value, (dict, list)):
        return Markup("<code>{}</code>").format(json.dumps(value)[:500])
    if isinstance(value, dict):
        return render_dict(value, depth)
    if isinstance(value, list):
        return _list(value, depth)
    return _scalar(value)


def cli_text(value: Any) -> str:
    """A config value as `--set key=VALUE` text (tuples comma-separated; a 1-tuple "3,")."""
    if isinstance(value, (tuple, list)):
        return ",".join(cli_text(v) for v in value) + ("," if len(value) == 1 else "")
    return str(value)
