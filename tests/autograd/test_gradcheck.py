"""gradcheck and gradgradcheck: they pass on every op family, and they catch wrong rules."""
import numpy as np
import pytest

import gradschool as gs
from gradschool.autograd import Function, GradcheckError, gradcheck, gradgradcheck
from gradschool.autograd.elementwise import constant


def _inputs(*shapes, low=-1.5, high=1.5, seed=0):
    rng = np.random.default_rng(seed)
    return [gs.tensor(rng.uniform(low, high, s), requires_grad=True) for s in shapes]


CASES = {  # name: (fn, input shapes, value range)
    "arithmetic": (lambda a, b: (a * b - a / (b * b + 1.0)) ** 2 + 2 ** a, [(2, 3), (3,)], None),
    "pow": (lambda a, b: a ** b, [(2, 2), (2, 1)], (0.5, 2.0)),
    "unary": (lambda x: x.exp().sin() + x.cos().tanh() * x.sigmoid() - (-x).abs(), [(5,)], None),
    "log-sqrt": (lambda x: x.log() * x.sqrt() + x ** -0.5, [(2, 2)], (0.5, 2.0)),
    "relu-clamp": (lambda x: x.relu() * x.clamp(-1.0, 1.0) + gs.where(x > 0, x * x, -x),
                   [(6,)], None),
    "maximum": (lambda a, b: gs.maximum(a, b) * gs.minimum(a, b.exp()), [(3, 2), (2,)], None),
    "reductions": (lambda x: x.sum(0) * x.mean(1, keepdim=True) + x.var((0, 1)) * x.std(0),
                   [(3, 4)], None),
    "max-min": (lambda x: x.max(1)[0] * x.min(0, keepdim=True).values.sum() + x.max(),
                [(3, 3)], None),
    "softmax": (lambda x: x.softmax(1) * x.log_softmax(0) + x.logsumexp((0, 1)), [(2, 3)], None),
    "matmul": (lambda a, b, v: (a @ b).tanh() @ v, [(2, 3, 4), (4, 3), (3,)], None),
    "shapes": (lambda x: x.reshape(2, 6).T.unsqueeze(0).expand(2, 6, 2).permute(2, 0, 1)
               .flatten(1).transpose(0, 1).squeeze() * 1.5, [(3, 4)], None),
    "indexing": (lambda x: x[1:, [0, 0, 2]].exp() * x[x > 0].sum() + x[-1, ::2].sum(),
                 [(3, 4)], None),
    "cat-stack": (lambda a, b: gs.cat([a, b * a], 1).sin() + gs.stack([a, b], 0).sum(0).sum(),
                  [(2, 2), (2, 2)], None),
    "casts": (lambda x: (x.float() * 1.0).double() * x, [(3,)], None),
}


@pytest.mark.parametrize("name", list(CASES))
def test_gradcheck_and_gradgradcheck_pass_on_every_op_family(name):
    fn, shapes, value_range = CASES[name]
    low, high = value_range or (-1.5, 1.5)
    xs = _inputs(*shapes, low=low, high=high)
    if name == "casts":  # float32 in the middle: only first order, with a loose tolerance
        assert gradcheck(fn, xs, eps=1e-3, atol=1e-3, rtol=1e-2)
        return
    assert gradcheck(fn, xs)
    assert gradgradcheck(fn, xs)


def test_gradcheck_accepts_one_tensor_and_several_outputs():
    x, = _inputs((3,))
    assert gradcheck(lambda t: t.exp(), x)
    assert gradcheck(lambda t: (t.sin(), t.sum() * t, t > 0, t.argmax()), [x])
    assert gradgradcheck(lambda t: (t.sin(), (t * t).sum()), [x])


def test_gradgradcheck_with_given_grad_outputs():
    x, = _inputs((2, 3))
    v = gs.tensor(np.ones((2, 3)), requires_grad=True)
    assert gradgradcheck(lambda t: t.tanh() * t, [x], grad_outputs=[v])
    fixed = gs.tensor(np.full((2, 3), 0.5))
    assert gradgradcheck(lambda t: t.tanh() * t, [x], grad_outputs=fixed)
    with pytest.raises(ValueError, match="grad_outputs"):
        gradgradcheck(lambda t: t * t, [x], grad_outputs=[v, v])
    with pytest.raises(TypeError, match=r"shape \(2, 3\)"):
        gradgradcheck(lambda t: t * t, [x], grad_outputs=[gs.tensor(np.ones(3))])


class WrongSquare(Function):
    """y = x², with a wrong rule dy/dx = 3x."""

    def forward(self, x):
        return x * x

    def backward(self, gy):
        return gy * self.inputs[0] * 3.0


class FrozenSquare(Function):
    """y = x², with the right value of dy/dx = 2x but computed outside the graph,
    so its own derivative (2) is lost: first order right, second order wrong."""

    def forward(self, x):
        return x * x

    def backward(self, gy):
        return gy * constant(2.0 * self.inputs[0].data)


class WrongShape(Function):
    """y = 2x, whose rule forgets the shape."""

    def forward(self, x):
        return 2.0 * x

    def backward(self, gy):
        return (gy * 2.0).sum()


def test_gradcheck_catches_a_wrong_rule_and_says_where():
    x = gs.tensor(np.array([0.5, -1.0, 2.0]), requires_grad=True)
    w = gs.tensor(np.array([1.0, 1.0, 1.0]), requires_grad=True)
    with pytest.raises(GradcheckError) as info:
        gradcheck(lambda a, b: a * b + WrongSquare()(b), [x, w])
    message = str(info.value)
    assert isinstance(info.value, RuntimeError)
    assert "input 1" in message and "output 0" in message
    # d/db (ab + b²) = a + 2b, the wrong rule says a + 3b: worst (relatively) at a = -1
    assert "d output 0[1] / d input 1[1]: analytic 2 vs numeric 1" in message
    assert "3 of 9 entries differ" in message
    assert gradcheck(lambda a, b: a * b + b * b, [x, w])


def test_gradgradcheck_catches_a_rule_that_is_not_differentiable():
    x = gs.tensor(np.array([0.5, -1.0, 2.0]), requires_grad=True)
    assert gradcheck(lambda t: FrozenSquare()(t), [x])
    with pytest.raises(GradcheckError, match="gradgradcheck.*the gradient of input 0.*input 0"):
        gradgradcheck(lambda t: FrozenSquare()(t), [x])
    assert gradgradcheck(lambda t: t * t, [x])


def test_gradcheck_catches_a_gradient_of_the_wrong_shape():
    x = gs.tensor(np.ones(3), requires_grad=True)
    with pytest.raises(GradcheckError, match=r"has shape \(\), but the input has shape \(3,\)"):
        gradcheck(lambda t: WrongShape()(t), [x])


def test_gradcheck_reports_a_missing_gradient():
    x = gs.tensor(np.ones(3), requires_grad=True)
    with pytest.raises(GradcheckError, match="analytic 0 vs numeric 2"):
        gradcheck(lambda t: t.detach() * 1.0 + t.sum().detach(), [x])


def test_gradcheck_input_errors():
    with pytest.raises(TypeError, match="float64"):
        gradcheck(lambda t: t * 2, [gs.tensor([1.0, 2.0], requires_grad=True)])
    with pytest.raises(ValueError, match="does not require grad"):
        gradcheck(lambda t: t * 2, [gs.tensor(np.ones(2))])
    with pytest.raises(TypeError, match="not a Tensor"):
        gradcheck(lambda t: t * 2, [np.ones(2)])
    with pytest.raises(TypeError, match="must return a Tensor"):
        gradcheck(lambda t: 2.0, [gs.tensor(np.ones(2), requires_grad=True)])


def test_gradcheck_leaves_its_inputs_alone():
    x = gs.tensor(np.array([0.1, 0.2, 0.3]), requires_grad=True)
    data = x.data
    assert gradcheck(lambda t: t.exp(), [x])
    assert x.data is data
    np.testing.assert_array_equal(data, [0.1, 0.2, 0.3])
    assert x.grad is None
