"""draw_graph and to_dot: a well-formed SVG with one node per value and per op."""
import os
import re
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import gradschool as gs
from gradschool.scalar import MLP, Value
from gradschool.viz import SVG, draw_graph, format_number, to_dot
from gradschool.viz.graph_layout import layered_layout

NS = "{http://www.w3.org/2000/svg}"


def parse(svg):
    return ET.fromstring(svg)


def nodes(root, kind):
    return [g for g in root.iter(NS + "g") if g.get("class") == kind]


def texts(g):
    return [t.text for t in g.iter(NS + "text")]


def boxes(root):
    """Bounding box (x0, y0, x1, y1) of every node drawn."""
    out = []
    for g in nodes(root, "value"):
        r = g.find(NS + "rect")
        x, y, w, h = (float(r.get(k)) for k in ("x", "y", "width", "height"))
        out.append((x, y, x + w, y + h))
    for g in nodes(root, "op"):
        e = g.find(NS + "ellipse")
        cx, cy, rx, ry = (float(e.get(k)) for k in ("cx", "cy", "rx", "ry"))
        out.append((cx - rx, cy - ry, cx + rx, cy + ry))
    return out


def toy_model():
    """The chain-rule lab's f = b3 + w3·cos(b2 + w2·exp(b1 + w1·sin(b0 + w0·x)))."""
    x = Value(0.5, "x")
    w = [Value(v, f"w{i}") for i, v in enumerate([0.3, -0.8, 1.2, 0.7])]
    b = [Value(v, f"b{i}") for i, v in enumerate([0.1, 0.2, -0.3, 0.4])]
    f = b[3] + w[3] * (b[2] + w[2] * (b[1] + w[1] * (b[0] + w[0] * x).sin()).exp()).cos()
    f.label = "f"
    return f


def test_value_graph_has_one_node_per_value_and_op_with_data_and_grad():
    x = Value(3.0, label="x")
    a = x * x + x
    a.backward()
    root = parse(draw_graph(a))
    values, ops = nodes(root, "value"), nodes(root, "op")
    assert len(values) == 3 and len(ops) == 2  # x, x*x, a; '*', '+'
    assert sorted(t for g in ops for t in texts(g)) == ["*", "+"]
    assert ["x", "data 3", "grad 7"] in [texts(g) for g in values]
    assert ["data 9", "grad 1"] in [texts(g) for g in values]
    assert len(root.findall(f".//{NS}g[@class='edges']/{NS}path")) == 5
    assert "×2" in [t.text for t in root.iter(NS + "text")]  # x enters '*' twice


@pytest.mark.parametrize("rankdir", ["LR", "RL", "TB", "BT"])
def test_a_30_node_graph_is_legible(rankdir):
    f = toy_model()
    f.backward()
    svg = draw_graph(f, rankdir=rankdir)
    root = parse(svg)
    order = f.topological_order()
    assert len(nodes(root, "value")) == len(order) == 20
    assert len(nodes(root, "op")) == sum(1 for v in order if v.children) == 11
    shown = [" ".join(texts(g)) for g in nodes(root, "value")]
    for v in order:  # every value's data and grad is on its node
        assert any(f"data {format_number(v.data)} grad {format_number(v.grad)}" in s
                   for s in shown)
    width, height = float(root.get("width")), float(root.get("height"))
    bs = boxes(root)
    for i, (x0, y0, x1, y1) in enumerate(bs):
        assert 0 <= x0 < x1 <= width and 0 <= y0 < y1 <= height
        for u0, v0, u1, v1 in bs[i + 1:]:  # no two nodes overlap
            assert x1 <= u0 or u1 <= x0 or y1 <= v0 or v1 <= y0
    if rankdir in ("LR", "RL"):  # a deep chain is long, but stays a band
        assert height < 300
    else:
        assert width < 1200


def test_tensor_expression_before_and_after_backward():
    a = gs.tensor([1.0, -2.0], dtype=gs.float64, requires_grad=True)
    b = gs.tensor([0.5, 0.25], dtype=gs.float64, requires_grad=True)
    c = gs.tensor(0.1, dtype=gs.float64, requires_grad=True)
    a.name = "a"
    y = (a * b + c).tanh()
    before = parse(draw_graph(y))
    assert len(nodes(before, "value")) == 6 and len(nodes(before, "op")) == 3
    assert sorted(t for g in nodes(before, "op") for t in texts(g)) == ["Add", "Mul", "Tanh"]
    shown = [texts(g) for g in nodes(before, "value")]
    assert ["a", "(2,)", "data [1, -2]", "grad None"] in shown
    assert ["data 0.1", "grad None"] in shown  # a 0-d tensor: no shape cell

    y.sum().backward(retain_graph=True)
    after = parse(draw_graph(y))
    assert len(nodes(after, "value")) == 6 and len(nodes(after, "op")) == 3
    shown = [texts(g) for g in nodes(after, "value")]
    grad_a = ", ".join(format_number(g) for g in a.grad.data)
    assert ["a", "(2,)", "data [1, -2]", f"grad [{grad_a}]"] in shown
    assert ["data 0.1", f"grad {format_number(float(c.grad.data))}"] in shown
    assert "Tanh" in to_dot(y) and to_dot(y).count("->") == 8


def test_large_tensors_show_shape_and_summary():
    w = gs.tensor(np.arange(20.0).reshape(4, 5), requires_grad=True)
    shown = [texts(g) for g in nodes(parse(draw_graph((w * 2).sum())), "value")]
    assert ["(4, 5)", "data mean=9.5 std=5.766", "grad None"] in shown


def test_a_graph_freed_by_backward_draws_what_is_left_and_warns():
    a = gs.tensor([1.0, 2.0], requires_grad=True)
    y = (a * a).sum()
    y.backward()
    with pytest.warns(UserWarning, match="retain_graph=True"):
        root = parse(draw_graph(y))
    assert len(nodes(root, "value")) == 1
    [op] = nodes(root, "op")
    assert texts(op) == ["Sum (freed)"] and op.find(NS + "ellipse").get("stroke-dasharray")
    z = y * 2  # a new graph on top of the freed one: drawn up to the freed part
    with pytest.warns(UserWarning, match="1 operation"):
        root = parse(draw_graph(z))
    assert len(nodes(root, "value")) == 3 and len(nodes(root, "op")) == 2


def test_to_dot_lists_the_records_ops_and_edges():
    x = Value(3.0, label="x")
    a = x * x + x
    a.backward()
    dot = to_dot(a)
    assert dot.startswith("digraph G {") and "rankdir=LR;" in dot
    assert re.search(r'n\d+ \[shape=record, fillcolor="[^"]+", label="\{ x \| data 3 \| '
                     r'grad 7 \}"\];', dot)
    ops = dict(re.findall(r'(n\d+) \[shape=ellipse, [^\]]*label="([^"]*)"', dot))
    assert sorted(ops.values()) == ["*", "+"]
    edges = re.findall(r"(n\d+) -> (n\d+)", dot)
    assert len(edges) == 5 and ("n1", "n0") in edges  # the '+' op feeds the root n0
    assert '[label="×2"]' in dot
    assert "rankdir=TB" in draw_graph(a, format="dot", rankdir="TB")


def test_labels_are_escaped():
    v = Value(1.0, label='<a & "b"> | {c}\\')
    root = parse(draw_graph(v))
    assert texts(nodes(root, "value")[0])[0] == '<a & "b"> | {c}\\'
    assert 'label="{ \\<a & \\"b\\"\\> \\| \\{c\\}\\\\ | data 1 | grad 0 }"' in to_dot(v)


@given(label=st.text(max_size=80))
def test_any_label_gives_well_formed_svg(label):
    v = Value(2.0, label=label) * Value(3.0, label=label[::-1])
    root = parse(draw_graph(v))
    assert len(nodes(root, "value")) == 3


def test_writes_the_file_atomically(tmp_path):
    f = toy_model()
    path = tmp_path / "graph.svg"
    svg = draw_graph(f, path)
    assert isinstance(svg, SVG) and svg._repr_svg_() == svg
    assert path.read_text(encoding="utf-8") == svg
    dot = draw_graph(f, str(tmp_path / "graph.dot"), format="dot")
    assert (tmp_path / "graph.dot").read_text(encoding="utf-8") == dot == to_dot(f)
    assert sorted(os.listdir(tmp_path)) == ["graph.dot", "graph.svg"]  # no temp files left
    mask = os.umask(0)
    os.umask(mask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~mask


@pytest.mark.parametrize("call, error, match", [
    (lambda: draw_graph([1, 2]), TypeError, "Value or Tensor, got list"),
    (lambda: draw_graph(Value(1.0), format="png"), ValueError, "graphviz"),
    (lambda: draw_graph(Value(1.0), rankdir="XY"), ValueError, "rankdir"),
    (lambda: to_dot(Value(1.0), rankdir="up"), ValueError, "rankdir"),
    (lambda: draw_graph(toy_model(), max_nodes=10), ValueError, "max_nodes=10"),
])
def test_bad_arguments(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_an_mlp_graph_of_hundreds_of_nodes_draws():
    gs.manual_seed(0)
    out = MLP(2, [8, 8, 1])([0.5, -1.0])
    out.backward()
    root = parse(draw_graph(out))
    assert len(nodes(root, "value")) == len(out.topological_order())


def test_layout_keeps_layers_in_flow_order():
    sizes = [(40.0, 20.0)] * 5
    edges = [(1, 0), (2, 1), (3, 1), (3, 0), (4, 2)]  # 3 -> 0 skips a layer
    lay = layered_layout(sizes, edges, "LR")
    for src, dst in edges:
        assert lay.centres[src][0] < lay.centres[dst][0]
        assert lay.routes[src, dst][0][0] < lay.routes[src, dst][-1][0]
    assert len(lay.routes[3, 0]) == 3  # one waypoint in the skipped layer
    with pytest.raises(ValueError, match="cycle"):
        layered_layout(sizes[:2], [(0, 1), (1, 0)])
