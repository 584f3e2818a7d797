"""Drawing a computational graph: every value with its data and gradient.

`draw_graph(root)` walks the graph that produced `root` (a scalar `Value`, or
a `Tensor` through `.grad_fn.inputs`) and draws it as SVG, micrograd style:
a box per value showing `data` and `grad`, a small ellipse per operation,
arrows from inputs to outputs. The layout is done here, with no graphviz
binary: `graph_layout.layered_layout` places the nodes in layers by their
distance from the root, and the SVG is written here as plain text.

`to_dot(root)` gives the same graph as Graphviz DOT text, for those who have
graphviz (`dot -Tsvg graph.dot`).
"""
from __future__ import annotations

import os
import unicodedata
import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..atomic import atomic_write_text
from ..scalar import Value
from .graph_layout import RANKDIRS, layered_layout

__all__ = ["SVG", "draw_graph", "format_number", "to_dot"]

FONT_SIZE = 12
CHAR_WIDTH = 0.6 * FONT_SIZE   # a monospace glyph is about 0.6 em wide
PAD = 6                        # space around the text of a cell
BOX_HEIGHT = 24
MAX_CELL = 48                  # characters shown in one cell
FORMATS = ("svg", "dot")
COLOURS = {"leaf": "#e3edfc", "inner": "#ffffff", "root": "#fdebd3", "op": "#f1f1f1",
           "freed": "#fbe3e3"}


def format_number(x: float) -> str:
    """How a number is shown on a node: 4 significant digits (``0.7071``, ``-2``, ``1e-07``)."""
    return f"{x:.4g}"


class SVG(str):
    """The SVG text; a notebook displays it as a picture (it has `_repr_svg_`)."""

    def _repr_svg_(self) -> str:
        return str(self)


# ----- the graph to draw --------------------------------------------------------
@dataclass
class _Node:
    kind: str                 # "value" or "op"
    cells: list[str]          # the texts shown, left to right
    title: str                # tooltip (full precision)
    style: str                # "leaf", "inner", "root", "op" or "freed"
    labelled: bool = False    # the first cell is a name, shown bold


@dataclass
class _Graph:
    nodes: list[_Node] = field(default_factory=list)
    edges: dict[tuple[int, int], int] = field(default_factory=dict)  # (src, dst) -> count
    freed: int = 0

    def add(self, node: _Node, max_nodes: int) -> int:
        if len(self.nodes) >= max_nodes:
            raise ValueError(f"draw_graph: the graph has more than max_nodes={max_nodes} "
                             "nodes (values + operations); drawing is meant for small "
                             "graphs, pass max_nodes= to draw it anyway")
        self.nodes.append(node)
        return len(self.nodes) - 1

    def edge(self, src: int, dst: int) -> None:
        self.edges[src, dst] = self.edges.get((src, dst), 0) + 1


def _clip(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= MAX_CELL else text[:MAX_CELL - 1] + "…"


def _value_graph(root: Value, max_nodes: int) -> _Graph:
    g = _Graph()
    index: dict[int, int] = {}

    def node(v: Value) -> int:
        style = "root" if v is root else "inner" if v.children else "leaf"
        cells = [v.label] if v.label else []
        cells += [f"data {format_number(v.data)}", f"grad {format_number(v.grad)}"]
        title = f"{v.label or 'Value'}: data = {v.data!r}, grad = {v.grad!r}"
        if v.op:
            title += f", made by {v.op!r}"
        index[id(v)] = g.add(_Node("value", [_clip(c) for c in cells], title, style,
                                   bool(v.label)), max_nodes)
        return index[id(v)]

    stack = [root]
    node(root)
    while stack:
        v = stack.pop()
        if not v.children:
            continue
        op = g.add(_Node("op", [_clip(v.op)], f"op {v.op!r}", "op"), max_nodes)
        g.edge(op, index[id(v)])
        for child in v.children:
            if id(child) not in index:
                node(child)
                stack.append(child)
            g.edge(index[id(child)], op)
    return g


def _array_text(a: np.ndarray, max_values: int) -> str:
    if a.size <= max_values:
        text = np.array2string(a, separator=", ", max_line_width=10**6,
                               formatter={"float_kind": format_number})
        return " ".join(text.split())
    a = a.astype(np.float64)
    return f"mean={format_number(a.mean())} std={format_number(a.std())}"


def _tensor_graph(root: Any, max_nodes: int, max_values: int) -> _Graph:
    from ..autograd.tensor import Tensor

    g = _Graph()
    index: dict[int, int] = {}
    ops: dict[int, int] = {}

    def node(t: Tensor) -> int:
        name = str(getattr(t, "name", "") or "")
        style = "root" if t is root else "leaf" if t.grad_fn is None else "inner"
        cells = [name] if name else []
        cells += [str(t.shape)] if t.ndim else []
        grad = "None" if t.grad is None else _array_text(np.asarray(t.grad.data), max_values)
        cells += [f"data {_array_text(t.data, max_values)}", f"grad {grad}"]
        title = f"{name or 'tensor'}: shape {t.shape}, dtype {t.dtype}"
        if t.data.size <= 64:
            title += f"\ndata = {t.data.tolist()!r}"
        index[id(t)] = g.add(_Node("value", [_clip(c) for c in cells], title, style,
                                   bool(name)), max_nodes)
        return index[id(t)]

    stack = [root]
    node(root)
    while stack:
        t = stack.pop()
        f = t.grad_fn
        if f is None:
            continue
        if id(f) in ops:  # a Function with several outputs: drawn once
            g.edge(ops[id(f)], index[id(t)])
            continue
        freed = f.inputs is None
        label = f"{f.name} (freed)" if freed else f.name
        title = (f"{f.name}: its inputs were freed by backward(); pass retain_graph=True "
                 "to keep them" if freed else f"op {f.name}")
        ops[id(f)] = op = g.add(_Node("op", [_clip(label)], title,
                                      "freed" if freed else "op"), max_nodes)
        g.edge(op, index[id(t)])
        g.freed += freed
        for x in f.inputs or ():
            if not isinstance(x, Tensor):
                continue
            if id(x) not in index:
                node(x)
                stack.append(x)
            g.edge(index[id(x)], op)
    return g


def _build(root: Any, max_nodes: int, max_values: int) -> _Graph:
    if isinstance(root, Value):
        return _value_graph(root, max_nodes)
    from ..autograd.tensor import Tensor

    if isinstance(root, Tensor):
        g = _tensor_graph(root, max_nodes, max_values)
        if g.freed:
            warnings.warn(
                f"draw_graph: {g.freed} operation(s) had their inputs freed by backward(), "
                "so the graph behind them is not drawn (they are marked 'freed'); call "
                "backward(retain_graph=True) to keep the whole graph", stacklevel=3)
        return g
    raise TypeError(f"draw_graph: expected a gradschool Value or Tensor, got "
                    f"{type(root).__name__} {root!r:.60}")


# ----- SVG ----------------------------------------------------------------------
def _xml(text: str) -> str:
    """Text safe inside an XML element or a double-quoted attribute."""
    text = "".join(ch for ch in text if ch.isprintable() or ch == "\n")
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def _text_width(text: str) -> float:
    wide = sum(unicodedata.east_asian_width(ch) in "WF" for ch in text)
    return (len(text) + wide) * CHAR_WIDTH


def _size(n: _Node) -> tuple[float, float]:
    if n.kind == "op":
        return max(28.0, _text_width(n.cells[0]) + 2 * PAD + 6), BOX_HEIGHT - 2
    return sum(_text_width(c) + 2 * PAD for c in n.cells), float(BOX_HEIGHT)


def _curve(points: list[tuple[float, float]], vertical: bool) -> str:
    """A smooth path through `points`, leaving and entering along the flow."""
    (x, y), parts = points[0], [f"M{points[0][0]:.1f},{points[0][1]:.1f}"]
    for qx, qy in points[1:]:
        if vertical:
            m = (y + qy) / 2
            parts.append(f"C{x:.1f},{m:.1f} {qx:.1f},{m:.1f} {qx:.1f},{qy:.1f}")
        else:
            m = (x + qx) / 2
            parts.append(f"C{m:.1f},{y:.1f} {m:.1f},{qy:.1f} {qx:.1f},{qy:.1f}")
        x, y = qx, qy
    return " ".join(parts)


def _text(x: float, y: float, text: str, extra: str = "") -> str:
    return (f'<text x="{x:.1f}" y="{y + 0.35 * FONT_SIZE:.1f}" text-anchor="middle"{extra}>'
            f"{_xml(text)}</text>")


def _svg(g: _Graph, rankdir: str) -> str:
    sizes = [_size(n) for n in g.nodes]
    lay = layered_layout(sizes, list(g.edges), rankdir)
    vertical = rankdir in ("TB", "BT")
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{lay.width:.0f}" '
           f'height="{lay.height:.0f}" viewBox="0 0 {lay.width:.1f} {lay.height:.1f}" '
           f'font-family="DejaVu Sans Mono, Menlo, Consolas, monospace" '
           f'font-size="{FONT_SIZE}">',
           '<defs><marker id="gs-arrow" viewBox="0 0 10 10" refX="10" refY="5" '
           'markerWidth="6" markerHeight="6" orient="auto">'
           '<path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>',
           '<rect width="100%" height="100%" fill="#ffffff"/>',
           '<g class="edges" fill="none" stroke="#555" stroke-width="1.2">']
    for edge, count in g.edges.items():
        points = lay.routes[edge]
        out.append(f'<path d="{_curve(points, vertical)}" marker-end="url(#gs-arrow)"/>')
        if count > 1:  # a value used twice by one op, as in x * x
            (ax, ay), (bx, by) = points[len(points) // 2 - 1], points[len(points) // 2]
            out.append(_text((ax + bx) / 2, (ay + by) / 2 - 8, f"×{count}",
                             ' stroke="none" fill="#555" font-size="10"'))
    out.append("</g>")
    for i, (node, (cx, cy), (w, h)) in enumerate(zip(g.nodes, lay.centres, sizes)):
        fill = COLOURS[node.style]
        out.append(f'<g class="{node.kind}" id="n{i}"><title>{_xml(node.title)}</title>')
        if node.kind == "op":
            dash = ' stroke-dasharray="4 3"' if node.style == "freed" else ""
            out.append(f'<ellipse cx="{cx:.1f}" cy="{cy:.1f}" rx="{w / 2:.1f}" '
                       f'ry="{h / 2:.1f}" fill="{fill}" stroke="#666"{dash}/>')
            out.append(_text(cx, cy, node.cells[0]))
        else:
            x, top = cx - w / 2, cy - h / 2
            out.append(f'<rect x="{x:.1f}" y="{top:.1f}" width="{w:.1f}" height="{h:.1f}" '
                       f'rx="3" fill="{fill}" stroke="#333"/>')
            for k, cell in enumerate(node.cells):
                cw = _text_width(cell) + 2 * PAD
                if k:
                    out.append(f'<line x1="{x:.1f}" y1="{top:.1f}" x2="{x:.1f}" '
                               f'y2="{top + h:.1f}" stroke="#333"/>')
                bold = ' font-weight="bold"' if k == 0 and node.labelled else ""
                out.append(_text(x + cw / 2, cy, cell, bold))
                x += cw
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out) + "\n"


# ----- DOT ----------------------------------------------------------------------
def _dot_string(text: str) -> str:
    text = "".join(ch for ch in text if ch.isprintable())
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _dot_record(text: str) -> str:
    text = _dot_string(text)
    for ch in "{}|<>":
        text = text.replace(ch, "\\" + ch)
    return text


def _dot(g: _Graph, rankdir: str) -> str:
    lines = ["digraph G {", f"  rankdir={rankdir};",
             '  node [fontname="monospace", fontsize=10, style=filled];']
    for i, node in enumerate(g.nodes):
        fill = COLOURS[node.style]
        if node.kind == "value":
            label = "{ " + " | ".join(_dot_record(c) for c in node.cells) + " }"
            lines.append(f'  n{i} [shape=record, fillcolor="{fill}", label="{label}"];')
        else:
            dash = ', style="dashed,filled"' if node.style == "freed" else ""
            lines.append(f'  n{i} [shape=ellipse, fillcolor="{fill}", '
                         f'label="{_dot_string(node.cells[0])}"{dash}];')
    for (src, dst), count in g.edges.items():
        label = f' [label="×{count}"]' if count > 1 else ""
        lines.append(f"  n{src} -> n{dst}{label};")
    lines.append("}")
    return "\n".join(lines) + "\n"


# ----- the public functions -------------------------------------------------------
def _check(rankdir: str) -> None:
    if rankdir not in RANKDIRS:
        raise ValueError(f"draw_graph: rankdir must be one of {RANKDIRS}, got {rankdir!r}")


def to_dot(root: Any, rankdir: str = "LR", *, max_values: int = 6,
           max_nodes: int = 1000) -> str:
    """The graph of `root` (a Value or a Tensor) as Graphviz DOT text.

    Value nodes are records ``{ label | data ... | grad ... }``, operations
    ellipses, edges run from inputs to outputs. Render with graphviz, e.g.
    ``dot -Tsvg graph.dot -o graph.svg``.
    """
    _check(rankdir)
    return _dot(_build(root, max_nodes, max_values), rankdir)


def draw_graph(root: Any, path: str | os.PathLike[str] | None = None, format: str = "svg",
               rankdir: str = "LR", *, max_values: int = 6, max_nodes: int = 1000) -> str:
    """Draw the computational graph of `root`, with the data and grad of every value.

    `root` is a scalar `Value` or a `Tensor` (walked through
    ``.grad_fn.inputs``; tensors show their shape, and their values when
    they have at most `max_values` elements, else mean and std; a tensor's
    `name` attribute, if any, labels it). `rankdir` is ``'LR'`` (inputs
    left, output right), ``'RL'``, ``'TB'`` or ``'BT'``. Returns the SVG text
    (displayed as a picture in a notebook), or the DOT text with
    ``format='dot'``, and writes it to `path` when given (atomically).

    Where backward() has freed a graph (no ``retain_graph=True``), the
    operations whose inputs are gone are drawn dashed and marked "freed",
    with nothing behind them, and a warning says so.
    """
    if format not in FORMATS:
        raise ValueError(f"draw_graph: format must be one of {FORMATS}, got {format!r}; "
                         "for PNG or PDF, render to_dot(root) with graphviz")
    _check(rankdir)
    graph = _build(root, max_nodes, max_values)
    text = SVG(_svg(graph, rankdir)) if format == "svg" else _dot(graph, rankdir)
    if path is not None:
        atomic_write_text(path, text)
    return text
