"""clip_grad_norm_ and clip_grad_value_ against torch.nn.utils."""
import numpy as np
import pytest
import torch

import gradschool as gs
from gradschool import nn
from tests.nn.twins import close, copy_weights


def pair_with_grads(scale):
    ours = nn.Sequential(nn.Linear(4, 5), nn.Tanh(), nn.Linear(5, 2))
    theirs = torch.nn.Sequential(torch.nn.Linear(4, 5), torch.nn.Tanh(), torch.nn.Linear(5, 2))
    copy_weights(theirs, ours)
    x = np.random.default_rng(0).standard_normal((3, 4)) * scale
    (ours(gs.tensor(x)) ** 2).sum().backward()
    (theirs(torch.from_numpy(x)) ** 2).sum().backward()
    return ours, theirs


@pytest.mark.parametrize("norm_type", [2.0, 1.0, 3.0, float("inf")])
@pytest.mark.parametrize("max_norm", [0.1, 1e6])
def test_clip_grad_norm_matches_torch(norm_type, max_norm):
    ours, theirs = pair_with_grads(scale=3.0)
    total = nn.utils.clip_grad_norm_(ours.parameters(), max_norm, norm_type)
    expected = torch.nn.utils.clip_grad_norm_(theirs.parameters(), max_norm, norm_type)
    close(total, expected)
    for p, q in zip(ours.parameters(), theirs.parameters()):
        close(p.grad, q.grad)


def test_clip_grad_norm_keeps_grad_objects_and_handles_edge_cases():
    ours, _ = pair_with_grads(scale=3.0)
    grads = [p.grad for p in ours.parameters()]
    nn.utils.clip_grad_norm_(ours.parameters(), 0.5)
    assert all(p.grad is g for p, g in zip(ours.parameters(), grads))
    norm = np.sqrt(sum((p.grad.data ** 2).sum() for p in ours.parameters()))
    assert norm == pytest.approx(0.5, rel=1e-5)
    single = ours[0].weight
    assert nn.utils.clip_grad_norm_(single, 10.0).item() == pytest.approx(
        np.linalg.norm(single.grad.data))
    assert nn.utils.clip_grad_norm_(nn.Linear(2, 2).parameters(), 1.0).item() == 0.0
    single.grad = gs.tensor(np.full(single.shape, np.inf))
    with pytest.raises(RuntimeError, match="total norm"):
        nn.utils.clip_grad_norm_(single, 1.0, error_if_nonfinite=True)


def test_clip_grad_value_matches_torch():
    ours, theirs = pair_with_grads(scale=3.0)
    nn.utils.clip_grad_value_(ours.parameters(), 0.3)
    torch.nn.utils.clip_grad_value_(theirs.parameters(), 0.3)
    for p, q in zip(ours.parameters(), theirs.parameters()):
        close(p.grad, q.grad)
