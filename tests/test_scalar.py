"""The scalar engine: every op, forward and backward, against PyTorch float64 scalars."""
import gc
import math
import operator

import numpy as np
import pytest
import torch
from hypothesis import assume, given
from hypothesis import strategies as st

import gradschool as gs
from gradschool.scalar import MLP, Layer, Neuron, Value


def T(x):
    return torch.tensor(float(x), dtype=torch.float64, requires_grad=True)


def close(a, b, rel=1e-9, abs_=1e-12):
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return a == b or math.isclose(a, b, rel_tol=rel, abs_tol=abs_)


def grad_of(t):
    return 0.0 if t.grad is None else t.grad.item()


def check(fn, torch_fn, *xs):
    """Same value and same gradient for every input, Value vs torch."""
    vs, ts = [Value(x) for x in xs], [T(x) for x in xs]
    out, ref = fn(*vs), torch_fn(*ts)
    assert close(out.data, ref.item()), (out.data, ref.item())
    out.backward()
    ref.backward()
    for v, t in zip(vs, ts):
        assert close(v.grad, grad_of(t)), (v.grad, grad_of(t))


small = st.floats(-5, 5, allow_nan=False)
UNARY = {
    "exp": (lambda v: v.exp(), torch.exp, st.floats(-20, 20)),
    "log": (lambda v: v.log(), torch.log, st.floats(1e-3, 50)),
    "tanh": (lambda v: v.tanh(), torch.tanh, small),
    "sigmoid": (lambda v: v.sigmoid(), torch.sigmoid, st.floats(-50, 50)),
    "relu": (lambda v: v.relu(), torch.relu, small),
    "sin": (lambda v: v.sin(), torch.sin, small),
    "cos": (lambda v: v.cos(), torch.cos, small),
    "neg": (operator.neg, operator.neg, small),
}


@pytest.mark.parametrize("name", sorted(UNARY))
@given(data=st.data())
def test_unary_ops_match_torch(name, data):
    fn, torch_fn, domain = UNARY[name]
    check(fn, torch_fn, data.draw(domain))


def test_relu_kink_and_ops_record_their_op():
    check(lambda v: v.relu(), torch.relu, 0.0)
    x = Value(2.0)
    for fn, op in [(lambda v: v + 1, "+"), (lambda v: 1 - v, "-"), (lambda v: v * v, "*"),
                   (lambda v: v / 3, "/"), (lambda v: v ** 2, "**2"), (lambda v: v ** x, "**"),
                   (lambda v: -v, "neg"), (lambda v: v.sigmoid(), "sigmoid")]:
        y = fn(x)
        assert y.op == op and x in y.children and len(y.children) == len(y.local_grads)
    assert x.op == "" and x.children == ()


BINARY = [operator.add, operator.sub, operator.mul, operator.truediv]


@pytest.mark.parametrize("op", BINARY, ids=lambda f: f.__name__)
@given(a=small, b=small)
def test_binary_ops_with_values_and_numbers_on_either_side(op, a, b):
    assume(op is not operator.truediv or abs(b) > 1e-3)
    check(op, op, a, b)                                   # Value op Value
    check(lambda v: op(v, b), lambda t: op(t, b), a)      # Value op number
    if op is not operator.truediv or abs(a) > 1e-3:
        check(lambda v: op(b, v), lambda t: op(b, t), a)  # number op Value


@given(a=st.floats(-3, 3), n=st.integers(-3, 3), p=st.floats(-3, 3))
def test_pow_with_a_number_exponent(a, n, p):
    assume(abs(a) > 1e-3)
    check(lambda v: v ** n, lambda t: t ** n, a)
    check(lambda v: v ** p, lambda t: t ** p, abs(a))


@given(a=st.floats(0.05, 4), b=st.floats(-3, 3))
def test_pow_value_to_value_and_number_to_value(a, b):
    check(operator.pow, operator.pow, a, b)  # d/da = b a^(b-1), d/db = a^b ln a
    check(lambda v: a ** v, lambda t: a ** t, b)


@pytest.mark.parametrize("a, b", [(0.0, 2.0), (0.0, 0.5), (0.0, 0.0), (0.0, 1.0),
                                  (-2.0, 3.0), (-2.0, 0.0), (2.0, 0.0)])
def test_pow_edge_cases_follow_torch(a, b):
    check(operator.pow, operator.pow, a, b)


def _program(draw_ops):
    """Random expression over 3 inputs, built the same way on Values and tensors."""
    unary = [lambda x: x.tanh(), lambda x: x.sigmoid(), lambda x: x.sin(), lambda x: x.cos(),
             lambda x: x.relu(), lambda x: -x, lambda x: x.tanh().exp(),
             lambda x: (x * x + 1).log(), lambda x: x ** 2, lambda x: 0.5 * x - 1]
    binary = [operator.add, operator.sub, operator.mul, lambda a, b: a / (b * b + 1),
              lambda a, b: (a * a + 0.5) ** b.tanh(), lambda a, b: 2.0 ** b.sin() * a]

    def build(inputs):
        nodes = list(inputs)
        for kind, k, i, j in draw_ops:
            x, y = nodes[i % len(nodes)], nodes[j % len(nodes)]
            nodes.append(unary[k % len(unary)](x) if kind else binary[k % len(binary)](x, y))
        return nodes[-1] + nodes[-2] * nodes[-3]
    return build


@given(xs=st.lists(st.floats(-2, 2), min_size=3, max_size=3),
       ops=st.lists(st.tuples(st.booleans(), st.integers(0, 99), st.integers(0, 99),
                              st.integers(0, 99)), min_size=1, max_size=7))
def test_random_compositions_match_torch(xs, ops):
    build = _program(ops)
    check(lambda *v: build(v), lambda *t: build(t), *xs)


def test_reused_nodes_sum_their_gradients():
    x = Value(3.0)
    a = x * x + x  # da/dx = 2x + 1
    a.backward()
    assert x.grad == 7.0
    check(lambda x: (x * 2) * (x * 2) + (x * 2).exp(), lambda x: (x * 2) * (x * 2) + (x * 2).exp(),
          0.3)


def test_micrograd_sanity_check():
    # micrograd's test_engine.py::test_sanity_check
    def f(x):
        z = 2 * x + 2 + x
        q = z.relu() + z * x
        h = (z * z).relu()
        return h + q + q * x

    x, xt = Value(-4.0), T(-4.0)
    y, yt = f(x), f(xt)
    y.backward()
    yt.backward()
    assert y.data == yt.item() == -20.0
    assert x.grad == xt.grad.item() == 46.0


def test_micrograd_more_ops():
    # micrograd's test_engine.py::test_more_ops
    def f(a, b):
        c = a + b
        d = a * b + b ** 3
        c += c + 1
        c += 1 + c + (-a)
        d += d * 2 + (b + a).relu()
        d += 3 * d + (b - a).relu()
        e = c - d
        f = e ** 2
        g = f / 2.0
        g += 10.0 / f
        return g

    check(f, f, -4.0, 2.0)
    a, b = Value(-4.0), Value(2.0)
    g = f(a, b)
    g.backward()
    assert abs(g.data - 24.70408163265306) < 1e-12
    assert abs(a.grad - 138.83381924198252) < 1e-9 and abs(b.grad - 645.5772594752186) < 1e-9


def test_a_chain_of_100_000_ops_needs_no_recursion():
    x = Value(1.0)
    y = x
    for i in range(100_000):
        y = y * 1.0 if i % 2 else y + 0.5
    y.backward()
    assert y.data == 1.0 + 50_000 * 0.5 and x.grad == 1.0
    assert len(y.topological_order()) == 200_001  # 100 000 ops + their constants + x
    del y
    gc.collect()  # freeing the chain must not overflow the C stack either


def test_backward_accumulates_into_leaves_only():
    x = Value(2.0)
    y = x * x
    z = y * 3
    z.backward()
    z.backward()
    assert x.grad == 24.0  # 2 * dz/dx, as in PyTorch
    assert y.grad == 3.0 and z.grad == 1.0  # recomputed, not accumulated
    x.grad = 0.0
    z.backward(grad=0.5)
    assert x.grad == 6.0


def test_numpy_scalars_are_numbers():
    v = np.float64(2.0) * Value(3.0)
    assert isinstance(v, Value) and v.data == 6.0
    assert (Value(1.0) + np.float32(0.5)).data == 1.5
    assert (Value(1.0) * True).data == 1.0


@pytest.mark.parametrize("make, error, match", [
    (lambda: Value("a"), TypeError, "str 'a'"),
    (lambda: Value(1.0, label="x") + "a", TypeError, r"Value \+.*str 'a'"),
    (lambda: "a" * Value(1.0), TypeError, "str 'a'"),
    (lambda: Value(1.0) * [1.0], TypeError, r"list \[1.0\]"),
    (lambda: Value(0.0, label="x").log(), ValueError, r"log: input must be positive.*'x'"),
    (lambda: Value(-1.0).log(), ValueError, "data=-1"),
    (lambda: Value(1.0) / Value(0.0, label="d"), ZeroDivisionError, "'d'"),
    (lambda: 1 / Value(0.0), ZeroDivisionError, "division by zero"),
    (lambda: Value(-8.0) ** (1 / 3), ValueError, "not a real number"),
    (lambda: Value(0.0) ** -1, ZeroDivisionError, "0.0 \\*\\* -1"),
    (lambda: Value(1000.0).exp(), OverflowError, "exp.*1000"),
    (lambda: Value(10.0) ** 400, OverflowError, "overflows"),
    (lambda: Value(1.0).backward(grad="x"), TypeError, "backward"),
])
def test_bad_input_raises_a_clear_error(make, error, match):
    with pytest.raises(error, match=match):
        make()


def test_repr_and_label():
    v = Value(2.5, label="w")
    assert repr(v) == "Value(data=2.5, grad=0, label='w')"
    assert {v, Value(2.5)} and v != Value(2.5)  # hashable, compared by identity


# ----- Neuron, Layer, MLP -----------------------------------------------------------------
def test_mlp_shapes_parameters_and_seeding():
    gs.manual_seed(3)
    m = MLP(3, [4, 4, 1])
    assert len(m.parameters()) == 4 * 4 + 4 * 5 + 5
    assert all(-1 <= p.data < 1 for p in m.parameters())
    gs.manual_seed(3)
    assert [p.data for p in MLP(3, [4, 4, 1]).parameters()] == [p.data for p in m.parameters()]
    assert isinstance(m([1.0, 2.0, 3.0]), Value)
    assert len(Layer(2, 3)([1.0, 2.0])) == 3 and isinstance(Layer(2, 1)([1.0, 2.0]), Value)
    assert Neuron(2, nonlin=False)([Value(-10.0), 0.0]).op == "+"
    with pytest.raises(ValueError, match="expected 3 inputs, got 2"):
        m([1.0, 2.0])
    with pytest.raises(ValueError, match="nouts"):
        MLP(2, [])


def _loss(model, xs, ys):
    return sum(((model(x) - y) ** 2 for x, y in zip(xs, ys)), Value(0.0))


def test_mlp_gradients_match_finite_differences():
    gs.manual_seed(0)
    model = MLP(2, [5, 4, 1])
    xs, ys = [[0.5, -1.0], [1.5, 0.3], [-0.7, 0.9]], [1.0, -1.0, 0.5]
    model.zero_grad()
    loss = _loss(model, xs, ys)
    loss.backward()
    h = 1e-6
    for p in model.parameters():
        p.data += h
        up = _loss(model, xs, ys).data
        p.data -= 2 * h
        down = _loss(model, xs, ys).data
        p.data += h
        assert math.isclose(p.grad, (up - down) / (2 * h), rel_tol=1e-5, abs_tol=1e-7)
    model.zero_grad()
    assert all(p.grad == 0.0 for p in model.parameters())


def test_mlp_matches_a_torch_twin():
    gs.manual_seed(1)
    model = MLP(3, [4, 2])
    x = [0.2, -0.4, 1.1]
    out = model(x)
    (out[0] * out[1] + out[1]).backward()
    h, params = torch.tensor(x, dtype=torch.float64), []
    for i, layer in enumerate(model.layers):
        w = torch.tensor([[p.data for p in n.w] for n in layer.neurons], dtype=torch.float64,
                         requires_grad=True)
        b = torch.tensor([n.b.data for n in layer.neurons], dtype=torch.float64,
                         requires_grad=True)
        params.append((layer, w, b))
        h = w @ h + b
        h = h.relu() if i < len(model.layers) - 1 else h
    (h[0] * h[1] + h[1]).backward()
    assert np.allclose([o.data for o in out], h.detach().numpy(), rtol=1e-12)
    for layer, w, b in params:
        assert np.allclose([[p.grad for p in n.w] for n in layer.neurons], w.grad, rtol=1e-12)
        assert np.allclose([n.b.grad for n in layer.neurons], b.grad, rtol=1e-12)


def test_mlp_learns_two_moons():
    rng = np.random.default_rng(0)
    t = rng.uniform(0, np.pi, 40)
    upper = rng.random(40) < 0.5
    pts = np.where(upper[:, None], np.c_[np.cos(t), np.sin(t)],
                   np.c_[1 - np.cos(t), 0.5 - np.sin(t)]) + rng.normal(0, 0.1, (40, 2))
    labels = np.where(upper, 1.0, -1.0)
    gs.manual_seed(0)
    model = MLP(2, [8, 8, 1])

    def hinge():
        scores = [model(list(map(float, p))) for p in pts]
        loss = sum(((1 - y * s).relu() for s, y in zip(scores, labels)), Value(0.0)) / len(pts)
        accuracy = np.mean([(s.data > 0) == (y > 0) for s, y in zip(scores, labels)])
        return loss, accuracy

    first, _ = hinge()
    for _ in range(20):
        loss, accuracy = hinge()
        model.zero_grad()
        loss.backward()
        for p in model.parameters():
            p.data -= 0.2 * p.grad
    assert loss.data < 0.3 * first.data and accuracy >= 0.85  # 0.58 at the start
