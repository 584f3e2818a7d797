"""load_mnist1d: the canonical set, the disk cache, RNG hygiene, label noise."""
import os
import random

import mnist1d.data
import numpy as np
import pytest

from gradschool.data import load_mnist1d
from gradschool.data import mnist1d as gs_mnist1d

SMALL = {"num_samples": 200, "seed": 7}  # fast to generate (~0.1 s)


@pytest.fixture(scope="session")
def session_cache(tmp_path_factory):
    return tmp_path_factory.mktemp("gradschool-cache")


@pytest.fixture(autouse=True)
def _cache(session_cache, monkeypatch):
    """Every test uses a private cache folder, shared within the session."""
    monkeypatch.setenv("GRADSCHOOL_CACHE", str(session_cache))
    return session_cache


@pytest.fixture(scope="session")
def reference():
    """The canonical set straight from the mnist1d generator (generated once)."""
    state = np.random.get_state(), random.getstate()
    data = mnist1d.data.make_dataset(mnist1d.data.get_dataset_args())
    np.random.set_state(state[0])
    random.setstate(state[1])
    return data


@pytest.fixture(scope="session")
def canonical(session_cache):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GRADSCHOOL_CACHE", str(session_cache))
        return load_mnist1d()


def cache_files(folder):
    return sorted(p.name for p in (folder / "mnist1d").glob("*"))


def test_canonical_shapes_and_dtypes(canonical):
    assert canonical["x"].shape == (4000, 40) and canonical["x_test"].shape == (1000, 40)
    assert canonical["y"].shape == (4000,) and canonical["y_test"].shape == (1000,)
    assert canonical["t"].shape == (40,)
    assert canonical["x"].dtype == np.float64 and canonical["t"].dtype == np.float64
    assert canonical["y"].dtype == np.int64 and canonical["y_test"].dtype == np.int64
    assert set(np.unique(canonical["y"])) == set(range(10))
    assert not canonical["noisy"].any() and canonical["args"]["label_noise"] == 0.0


def test_canonical_matches_the_generator(canonical, reference):
    np.testing.assert_array_equal(canonical["y"], reference["y"])
    np.testing.assert_array_equal(canonical["y_test"], reference["y_test"])
    for key in ("x", "x_test", "t"):
        np.testing.assert_allclose(canonical[key], reference[key], rtol=0, atol=1e-12)


def test_cache_hit_does_not_regenerate(canonical, monkeypatch, _cache):
    files = cache_files(_cache)

    def boom(*args, **kwargs):
        raise AssertionError("regenerated despite a cached copy")

    monkeypatch.setattr(mnist1d.data, "make_dataset", boom)
    again = load_mnist1d()
    for key in gs_mnist1d.ARRAY_KEYS:
        np.testing.assert_array_equal(again[key], canonical[key])
        assert again[key].dtype == canonical[key].dtype
    assert cache_files(_cache) == files


def test_different_args_different_cache_file(_cache):
    load_mnist1d(**SMALL)
    before = set(cache_files(_cache))
    small_b = load_mnist1d(**{**SMALL, "seed": 8})
    after = set(cache_files(_cache))
    assert len(after - before) == 1
    assert small_b["x"].shape == (160, 40) and small_b["x_test"].shape == (40, 40)
    assert not any(name.endswith(".tmp") for name in after)


def test_label_noise_does_not_change_cache_key(_cache):
    load_mnist1d(**SMALL)
    before = cache_files(_cache)
    load_mnist1d(**SMALL, label_noise=0.3)
    assert cache_files(_cache) == before


def test_equivalent_arg_spellings_share_a_file(_cache):
    load_mnist1d(**SMALL, padding=[36, 60])
    before = cache_files(_cache)
    load_mnist1d(**SMALL, padding=(36, 60))
    load_mnist1d(num_samples=np.int64(200), seed=7)
    assert cache_files(_cache) == before


def test_global_rng_state_untouched(monkeypatch, tmp_path):
    monkeypatch.setenv("GRADSCHOOL_CACHE", str(tmp_path))  # empty: the generator runs
    np.random.seed(1234)
    random.seed(99)
    np_state, py_state = np.random.get_state(), random.getstate()
    load_mnist1d(num_samples=100, seed=3)
    assert len(list((tmp_path / "mnist1d").glob("*.npz"))) == 1
    assert random.getstate() == py_state
    after = np.random.get_state()
    assert after[0] == np_state[0] and after[2:] == np_state[2:]
    np.testing.assert_array_equal(after[1], np_state[1])


def test_corrupt_cache_is_regenerated(monkeypatch, tmp_path):
    monkeypatch.setenv("GRADSCHOOL_CACHE", str(tmp_path))  # a folder with one file
    clean = load_mnist1d(**SMALL)
    [path] = (tmp_path / "mnist1d").glob("*.npz")
    for garbage in (b"not a zip file at all", path.read_bytes()[:100]):
        path.write_bytes(garbage)
        with pytest.warns(UserWarning, match="regenerating"):
            again = load_mnist1d(**SMALL)
        np.testing.assert_array_equal(again["x"], clean["x"])
        np.testing.assert_array_equal(again["y"], clean["y"])
        with np.load(path, allow_pickle=False) as f:  # the file was rewritten
            np.testing.assert_array_equal(f["y"], clean["y"])


@pytest.mark.parametrize("p", [0.0, 0.15, 0.5, 1.0])
def test_label_noise_exact_and_train_only(p):
    clean = load_mnist1d(**SMALL)
    noisy = load_mnist1d(**SMALL, label_noise=p)
    changed = noisy["y"] != clean["y"]
    n = len(clean["y"])
    assert changed.sum() == round(p * n)
    np.testing.assert_array_equal(changed, noisy["noisy"])
    assert noisy["y"].min() >= 0 and noisy["y"].max() <= 9 and noisy["y"].dtype == np.int64
    np.testing.assert_array_equal(noisy["y_test"], clean["y_test"])
    np.testing.assert_array_equal(noisy["x"], clean["x"])
    np.testing.assert_array_equal(noisy["x_test"], clean["x_test"])
    assert noisy["args"]["label_noise"] == p


def test_label_noise_reproducible_and_seed_dependent():
    a = load_mnist1d(**SMALL, label_noise=0.2)
    b = load_mnist1d(**SMALL, label_noise=0.2)
    np.testing.assert_array_equal(a["y"], b["y"])
    c = load_mnist1d(**{**SMALL, "seed": 8}, label_noise=0.2)
    assert not np.array_equal(a["noisy"], c["noisy"])


def test_label_noise_does_not_touch_global_rng():
    np.random.seed(5)
    expected = np.random.rand()
    np.random.seed(5)
    load_mnist1d(**SMALL, label_noise=0.4)
    assert np.random.rand() == expected


@pytest.mark.parametrize("bad", [-0.1, 1.5, "0.2", True, None])
def test_bad_label_noise(bad):
    with pytest.raises(ValueError, match="label_noise"):
        load_mnist1d(**SMALL, label_noise=bad)


def test_unknown_override_lists_valid_keys():
    with pytest.raises(ValueError, match="num_sample") as info:
        load_mnist1d(num_sample=100)
    assert "num_samples" in str(info.value) and "label_noise" in str(info.value)
    with pytest.raises(ValueError, match="url"):
        load_mnist1d(url="https://example.com")


@pytest.mark.parametrize("key,value", [
    ("num_samples", 5), ("num_samples", 100.0), ("train_split", 0.0), ("seed", -1),
    ("padding", [60, 36]), ("shuffle_seq", 1), ("iid_noise_scale", -1.0),
])
def test_bad_generator_args(key, value):
    with pytest.raises(ValueError, match=key):
        load_mnist1d(**{key: value})


def test_default_cache_dir(monkeypatch, tmp_path):
    monkeypatch.delenv("GRADSCHOOL_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert gs_mnist1d.cache_dir() == tmp_path / "gradschool" / "mnist1d"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert gs_mnist1d.cache_dir() == tmp_path / ".cache" / "gradschool" / "mnist1d"


def test_unwritable_cache_still_returns_data(monkeypatch, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("GRADSCHOOL_CACHE", str(blocker))
    with pytest.warns(UserWarning, match="could not write"):
        data = load_mnist1d(num_samples=50, seed=1)
    assert data["x"].shape == (40, 40)
    assert os.listdir(tmp_path) == ["file"]
