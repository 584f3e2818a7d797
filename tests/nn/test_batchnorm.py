"""BatchNorm1d against torch.nn.BatchNorm1d: train and eval, running statistics over steps."""
import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

import gradschool as gs
from gradschool import nn
from tests.nn.twins import close, compare_layer, copy_weights


def batches(shape, steps, seed=0):
    rng = np.random.default_rng(seed)
    return [rng.standard_normal(shape) * 3.0 + rng.standard_normal(shape[1:2] + (1,) * (
        len(shape) - 2)) for _ in range(steps)]


def randomize_affine(theirs):
    with torch.no_grad():
        for p in theirs.parameters():
            p.copy_(torch.randn(p.shape))


@given(n=st.integers(2, 6), c=st.integers(1, 5), length=st.sampled_from([None, 1, 4]),
       affine=st.booleans(), momentum=st.sampled_from([0.1, 0.5, None]))
def test_training_steps_match_torch(n, c, length, affine, momentum):
    shape = (n, c) if length is None else (n, c, length)
    ours = nn.BatchNorm1d(c, momentum=momentum, affine=affine)
    theirs = torch.nn.BatchNorm1d(c, momentum=momentum, affine=affine)
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


def test_running_statistics_after_several_steps():
    ours, theirs = nn.BatchNorm1d(3).double(), torch.nn.BatchNorm1d(3).double()
    for x in batches((8, 3, 5), 6):
        ours(gs.tensor(x))
        theirs(torch.from_numpy(x))
    for name, buffer in theirs.named_buffers():
        close(dict(ours.named_buffers())[name], buffer)
    assert int(ours.num_batches_tracked.item()) == 6
    x = batches((4, 3, 5), 1, seed=9)[0]
    ours.eval()
    theirs.eval()
    close(ours(gs.tensor(x)), theirs(torch.from_numpy(x)))


def test_without_running_statistics_eval_uses_the_batch():
    ours = nn.BatchNorm1d(4, track_running_stats=False)
    theirs = torch.nn.BatchNorm1d(4, track_running_stats=False)
    assert list(ours.state_dict()) == list(theirs.state_dict()) == ["weight", "bias"]
    ours.eval()
    theirs.eval()
    compare_layer(ours, theirs, batches((5, 4), 1)[0])


def test_batch_norm_without_bias_and_state_dict_keys():
    ours, theirs = nn.BatchNorm1d(3, bias=False), torch.nn.BatchNorm1d(3, bias=False)
    assert list(ours.state_dict()) == list(theirs.state_dict())
    compare_layer(ours, theirs, batches((4, 3), 1)[0])


def test_errors():
    bn = nn.BatchNorm1d(3)
    with pytest.raises(ValueError, match="more than 1 value per channel"):
        bn(gs.tensor(np.ones((1, 3), np.float32)))
    assert int(bn.num_batches_tracked.item()) == 0
    with pytest.raises(ValueError, match="has 4 channels, expected num_features=3"):
        bn(gs.tensor(np.ones((2, 4), np.float32)))
    with pytest.raises(ValueError, match="2D .* or 3D"):
        bn(gs.tensor(np.ones((2, 3, 1, 1), np.float32)))
    bn.eval()
    assert bn(gs.tensor(np.ones((1, 3), np.float32))).shape == (1, 3)  # eval: one row is fine
