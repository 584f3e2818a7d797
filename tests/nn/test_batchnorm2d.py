"""BatchNorm2d against torch.nn.BatchNorm2d: train and eval, running statistics, errors."""
import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

import gradschool as gs
from gradschool import nn
from gradschool.nn import functional as F
from tests.nn.twins import close, compare_fn, compare_layer, copy_weights


def batches(shape, steps, seed=0):
    """Batches whose channels have different means and scales."""
    rng = np.random.default_rng(seed)
    c = shape[1]
    return [rng.standard_normal(shape) * rng.uniform(0.5, 3.0, (1, c, 1, 1))
            + rng.standard_normal((1, c, 1, 1)) for _ in range(steps)]


def randomize_affine(theirs):
    with torch.no_grad():
        for p in theirs.parameters():
            p.copy_(torch.randn(p.shape))


@given(n=st.integers(1, 4), c=st.integers(1, 4), h=st.integers(1, 4), w=st.integers(1, 4),
       affine=st.booleans(), momentum=st.sampled_from([0.1, 0.5, None]))
def test_training_steps_match_torch(n, c, h, w, affine, momentum):
    shape = (n, c, h, w)
    if n * h * w == 1:
        shape = (2, c, h, w)  # training needs more than one value per channel
    ours = nn.BatchNorm2d(c, momentum=momentum, affine=affine)
    theirs = torch.nn.BatchNorm2d(c, momentum=momentum, affine=affine)
    randomize_affine(theirs)
    copy_weights(theirs, ours)
    for x in batches(shape, 3):
        compare_layer(ours, theirs, x)  # reloads torch's state, then one step each
    for name, buffer in theirs.named_buffers():
        close(dict(ours.named_buffers())[name], buffer)
    assert int(ours.num_batches_tracked.item()) == 3
    ours.eval()
    theirs.eval()
    compare_layer(ours, theirs, batches(shape, 1, seed=5)[0])


def test_running_statistics_over_several_steps():
    ours, theirs = nn.BatchNorm2d(3).double(), torch.nn.BatchNorm2d(3).double()
    for x in batches((4, 3, 5, 6), 6):
        ours(gs.tensor(x))
        theirs(torch.from_numpy(x))
    for name, buffer in theirs.named_buffers():
        close(dict(ours.named_buffers())[name], buffer)
    x = batches((2, 3, 5, 6), 1, seed=9)[0]
    ours.eval()
    theirs.eval()
    close(ours(gs.tensor(x)), theirs(torch.from_numpy(x)))


def test_state_dict_and_options_as_torch():
    for kw in [{}, dict(affine=False), dict(track_running_stats=False), dict(bias=False)]:
        ours, theirs = nn.BatchNorm2d(3, **kw), torch.nn.BatchNorm2d(3, **kw)
        assert list(ours.state_dict()) == list(theirs.state_dict())
        assert repr(ours) == repr(theirs)
        compare_layer(ours, theirs, batches((2, 3, 4, 4), 1)[0])
        ours.eval()
        theirs.eval()
        compare_layer(ours, theirs, batches((2, 3, 4, 4), 1, seed=2)[0])


def test_functional_batch_norm_on_4d_input():
    x = batches((3, 2, 4, 5), 1)[0]
    mean, var = np.array([0.5, -1.0]), np.array([2.0, 0.5])
    weight, bias = np.array([1.5, -0.5]), np.array([0.1, 0.2])
    compare_fn(lambda x, w, b: F.batch_norm(x, gs.tensor(mean), gs.tensor(var), w, b),
               lambda x, w, b: torch.nn.functional.batch_norm(
                   x, torch.from_numpy(mean), torch.from_numpy(var), w, b),
               x, weight, bias)
    compare_fn(lambda x: F.batch_norm(x, None, None, training=True),
               lambda x: torch.nn.functional.batch_norm(x, None, None, training=True), x)


def test_errors():
    bn = nn.BatchNorm2d(3)
    with pytest.raises(ValueError, match=r"BatchNorm2d: expected 4D \(N, C, H, W\) input, got "
                                         r"shape \(2, 3, 5\)"):
        bn(gs.tensor(np.ones((2, 3, 5), np.float32)))
    with pytest.raises(ValueError, match="has 4 channels, expected num_features=3"):
        bn(gs.tensor(np.ones((2, 4, 2, 2), np.float32)))
    with pytest.raises(ValueError, match="more than 1 value per channel"):
        bn(gs.tensor(np.ones((1, 3, 1, 1), np.float32)))
    assert int(bn.num_batches_tracked.item()) == 0
    with pytest.raises(ValueError, match=r"BatchNorm1d: expected 2D \(N, C\) or 3D"):
        nn.BatchNorm1d(3)(gs.tensor(np.ones((2, 3, 2, 2), np.float32)))
