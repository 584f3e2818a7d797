"""Shared test set-up: hypothesis profile and the PyTorch oracle's settings."""
import pytest
import torch
from hypothesis import HealthCheck, settings

settings.register_profile(
    "gradschool", max_examples=25, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.load_profile("gradschool")
torch.set_num_threads(1)


@pytest.fixture(autouse=True)
def _seeded():
    """Every test starts from the same random state."""
    import gradschool as gs
    gs.seed_everything(0)
    torch.manual_seed(0)
    yield
