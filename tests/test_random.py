"""gradschool.random: manual_seed and seed_everything."""
import random

import numpy as np
import pytest

import gradschool as gs
from gradschool.random import default_generator, manual_seed, seed_everything


def draws():
    return random.random(), np.random.rand(), default_generator().random()


def test_seed_everything_seeds_all_three():
    seed_everything(123)
    first = draws()
    random.seed(1)
    np.random.seed(1)
    manual_seed(1)
    seed_everything(123)
    assert draws() == first
    seed_everything(124)
    second = draws()
    assert all(a != b for a, b in zip(first, second))


def test_seed_everything_matches_each_library():
    seed_everything(7)
    got = draws()
    random.seed(7)
    np.random.seed(7)
    assert got == (random.random(), np.random.rand(), np.random.default_rng(7).random())


def test_manual_seed_returns_the_new_default_generator():
    g = manual_seed(5)
    assert g is default_generator()
    assert g.random() == np.random.default_rng(5).random()


def test_manual_seed_leaves_global_states_alone():
    np.random.seed(3)
    expected_np = np.random.rand()
    random.seed(3)
    expected_py = random.random()
    np.random.seed(3)
    random.seed(3)
    manual_seed(10)
    assert np.random.rand() == expected_np and random.random() == expected_py


def test_large_seed_for_numpy_global():
    seed_everything(2**40 + 3)  # np.random.seed needs < 2**32: reduced mod 2**32
    a = np.random.rand()
    np.random.seed(3)
    assert a == np.random.rand()


@pytest.mark.parametrize("bad", [-1, 1.5, "3", None, True])
def test_bad_seed(bad):
    with pytest.raises(ValueError, match="seed"):
        manual_seed(bad)


def test_exported_at_top_level():
    assert gs.manual_seed is manual_seed and gs.seed_everything is seed_everything
