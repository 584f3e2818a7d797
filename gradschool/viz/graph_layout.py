"""A layered ("Sugiyama") layout for small directed acyclic graphs, in pure Python.

Used by `gradschool.viz.draw_graph` so that drawing a computational graph
needs no graphviz binary. The graph flows into one root (node 0); edges go
from an input to the node that consumes it. The steps:

1. layer: a node's layer is its longest distance from the root, so every
   edge points towards the root and no edge stays within a layer;
2. waypoints: an edge that skips layers gets an invisible waypoint in each
   layer it crosses, so it is routed around the nodes there;
3. order: the nodes of each layer are sorted by the mean position of their
   neighbours in the layer before (barycentre sweeps, alternately from the
   inputs and from the root), keeping the order with the fewest crossings;
4. place: each node moves towards the mean position of its neighbours, then
   its layer is pushed apart (the mean of a downward and an upward push) so
   that no two nodes overlap and the order is kept.
"""
from __future__ import annotations

from dataclasses import dataclass

LAYER_GAP = 36.0     # between layers
NODE_GAP = 12.0      # between nodes of a layer
WAYPOINT = 4.0       # the room a waypoint takes in its layer
MARGIN = 12.0
RANKDIRS = ("LR", "RL", "TB", "BT")

Point = tuple[float, float]


@dataclass
class Layout:
    """Centres of the nodes, the polyline of every edge, and the canvas size."""

    centres: list[Point]
    routes: dict[tuple[int, int], list[Point]]  # (src, dst) -> [out port, waypoints, in port]
    width: float
    height: float


def _layers(n: int, edges: list[tuple[int, int]]) -> list[int]:
    """Distance to the root, counted along the longest path (the root is node 0)."""
    inputs: list[list[int]] = [[] for _ in range(n)]
    waiting = [0] * n  # consumers not yet placed
    for src, dst in edges:
        inputs[dst].append(src)
        waiting[src] += 1
    depth = [0] * n
    ready = [0]
    while ready:
        node = ready.pop()
        for src in inputs[node]:
            depth[src] = max(depth[src], depth[node] + 1)
            waiting[src] -= 1
            if waiting[src] == 0:
                ready.append(src)
    if any(waiting):
        raise ValueError("layout: the graph has a cycle or nodes that do not reach node 0")
    return depth


def _crossings(order: list[list[int]], pos: list[int], down: list[list[int]]) -> int:
    total = 0
    for layer in order:
        segs = [(pos[a], pos[b]) for a in layer for b in down[a]]
        total += sum((a1 - a2) * (b1 - b2) < 0
                     for i, (a1, b1) in enumerate(segs) for a2, b2 in segs[i + 1:])
    return total


def _pack(layer: list[int], want: list[float], thick: list[float], gap: list[float],
          coord: list[float]) -> None:
    """Place `layer` in its order near `want`, without overlaps."""
    def sep(a: int, b: int) -> float:
        return (thick[a] + thick[b]) / 2 + max(gap[a], gap[b])

    fwd = [want[layer[0]]]  # pushed towards larger coordinates
    for a, b in zip(layer, layer[1:]):
        fwd.append(max(want[b], fwd[-1] + sep(a, b)))
    bwd = [want[layer[-1]]]  # pushed towards smaller coordinates
    for a, b in zip(layer[::-1], layer[-2::-1]):
        bwd.append(min(want[b], bwd[-1] - sep(a, b)))
    for node, f, b in zip(layer, fwd, bwd[::-1]):
        coord[node] = (f + b) / 2  # both keep the gaps, so their mean does too


def _order(order: list[list[int]], up: list[list[int]], down: list[list[int]],
           size: int) -> list[list[int]]:
    pos = [0] * size
    for layer in order:
        for i, node in enumerate(layer):
            pos[node] = i
    best, fewest = [list(layer) for layer in order], _crossings(order, pos, down)
    for sweep in range(8):
        forward = sweep % 2 == 0
        nbrs = up if forward else down
        for k in (range(1, len(order)) if forward else range(len(order) - 2, -1, -1)):
            key = {n: sum(pos[m] for m in nbrs[n]) / len(nbrs[n]) if nbrs[n] else pos[n]
                   for n in order[k]}
            order[k].sort(key=key.__getitem__)
            for i, node in enumerate(order[k]):
                pos[node] = i
        crossings = _crossings(order, pos, down)
        if crossings < fewest:
            best, fewest = [list(layer) for layer in order], crossings
        if fewest == 0:
            break
    return best


def layered_layout(sizes: list[tuple[float, float]], edges: list[tuple[int, int]],
                   rankdir: str = "LR") -> Layout:
    """Lay out nodes of the given (width, height) flowing into node 0.

    `rankdir` says where the arrows point: ``'LR'`` (inputs left, root
    right), ``'RL'``, ``'TB'`` (inputs on top) or ``'BT'``.
    """
    if rankdir not in RANKDIRS:
        raise ValueError(f"layout: rankdir must be one of {RANKDIRS}, got {rankdir!r}")
    vertical = rankdir in ("TB", "BT")
    n = len(sizes)
    depth = _layers(n, edges)
    top = max(depth, default=0)
    layer = [top - d for d in depth]  # inputs first, the root last
    extent = [h if vertical else w for w, h in sizes]  # along the flow
    thick = [w if vertical else h for w, h in sizes]   # across it
    gap = [NODE_GAP] * n
    up: list[list[int]] = [[] for _ in range(n)]
    down: list[list[int]] = [[] for _ in range(n)]
    chains: dict[tuple[int, int], list[int]] = {}
    for src, dst in edges:
        chain = [src]
        for k in range(layer[src] + 1, layer[dst]):
            chain.append(len(layer))
            layer.append(k)
            extent.append(0.0)
            thick.append(WAYPOINT)
            gap.append(WAYPOINT / 2)
            up.append([])
            down.append([])
        chain.append(dst)
        for a, b in zip(chain, chain[1:]):
            down[a].append(b)
            up[b].append(a)
        chains[src, dst] = chain
    order: list[list[int]] = [[] for _ in range(top + 1)]
    for node, k in enumerate(layer):
        order[k].append(node)
    order = _order(order, up, down, len(layer))

    coord = [0.0] * len(layer)
    for lay in order:
        _pack(lay, coord, thick, gap, coord)
    for sweep in range(12):
        forward = sweep % 2 == 0
        nbrs = up if forward else down
        for lay in order if forward else order[::-1]:
            want = list(coord)
            for node in lay:
                if nbrs[node]:
                    want[node] = sum(coord[m] for m in nbrs[node]) / len(nbrs[node])
            _pack(lay, want, thick, gap, coord)

    centre, at = [], 0.0
    for lay in order:
        w = max(extent[node] for node in lay)
        centre.append(at + w / 2)
        at += w + LAYER_GAP
    along = [centre[k] for k in layer]
    low = min(c - t / 2 for c, t in zip(coord, thick))
    across = [c - low + MARGIN for c in coord]
    span_along = at - LAYER_GAP + 2 * MARGIN
    span_across = max(c + t / 2 for c, t in zip(across, thick)) + MARGIN
    if rankdir in ("RL", "BT"):
        along = [span_along - MARGIN - a for a in along]
    else:
        along = [a + MARGIN for a in along]
    sign = -1.0 if rankdir in ("RL", "BT") else 1.0

    def point(node: int, end: float) -> Point:  # end: -1 in port, +1 out port, 0 centre
        a = along[node] + sign * end * extent[node] / 2
        return (across[node], a) if vertical else (a, across[node])

    routes = {edge: [point(chain[0], 1.0), *(point(m, 0.0) for m in chain[1:-1]),
                     point(chain[-1], -1.0)] for edge, chain in chains.items()}
    centres = [point(node, 0.0) for node in range(n)]
    width, height = (span_across, span_along) if vertical else (span_along, span_across)
    return Layout(centres, routes, width, height)
