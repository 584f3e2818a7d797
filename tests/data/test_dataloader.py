"""TensorDataset and DataLoader: batch shapes, lengths, shuffling, errors."""
import numpy as np
import pytest

import gradschool as gs
from gradschool.data import DataLoader, Dataset, TensorDataset, dataloader
from gradschool.random import default_generator


def make_ds(n=10):
    X = gs.tensor(np.arange(n * 3, dtype=np.float32).reshape(n, 3))
    y = gs.tensor(np.arange(n))
    return TensorDataset(X, y)


def ids(loader):
    """The sample ids (labels) of one epoch, batch by batch."""
    return [y.numpy().tolist() for _, y in loader]


class Squares(Dataset):
    """A non-tensor data set: the generic (per-sample) path."""

    def __init__(self, n):
        self.n = n

    def __getitem__(self, i):
        return np.array([i, i * i], dtype=np.float64), i

    def __len__(self):
        return self.n


def test_tensor_dataset_items_and_len():
    ds = make_ds(5)
    assert len(ds) == 5
    x, y = ds[2]
    assert isinstance(x, gs.Tensor) and isinstance(y, gs.Tensor)
    np.testing.assert_array_equal(x.numpy(), [6, 7, 8])
    assert y.item() == 2
    assert isinstance(ds[1], tuple)


def test_tensor_dataset_accepts_arrays():
    ds = TensorDataset(np.zeros((4, 2)), np.arange(4))
    assert len(ds) == 4 and isinstance(ds.tensors[0], gs.Tensor)


def test_tensor_dataset_size_mismatch_names_sizes():
    with pytest.raises(ValueError, match=r"\[4, 3\]"):
        TensorDataset(gs.tensor(np.zeros((4, 2))), gs.tensor(np.zeros(3)))
    with pytest.raises(ValueError):
        TensorDataset()
    with pytest.raises(ValueError, match="0-d"):
        TensorDataset(gs.tensor(1.0))
    with pytest.raises(TypeError):
        TensorDataset([1, 2, 3])


def test_dataset_is_abstract():
    with pytest.raises(TypeError):
        Dataset()


@pytest.mark.parametrize("n,bs,drop_last,expected", [
    (10, 3, False, [3, 3, 3, 1]), (10, 3, True, [3, 3, 3]), (10, 5, False, [5, 5]),
    (10, 5, True, [5, 5]), (10, 20, False, [10]), (10, 20, True, []), (10, 1, False, [1] * 10),
])
def test_batch_shapes_len_and_drop_last(n, bs, drop_last, expected):
    loader = DataLoader(make_ds(n), batch_size=bs, drop_last=drop_last)
    batches = list(loader)
    assert len(loader) == len(expected) == len(batches)
    assert [len(y) for _, y in batches] == expected
    for X, y in batches:
        assert isinstance(X, gs.Tensor) and X.shape == (len(y), 3)
        assert X.dtype == np.float32 and y.dtype == np.int64


def test_no_shuffle_keeps_order():
    assert ids(DataLoader(make_ds(7), batch_size=3)) == [[0, 1, 2], [3, 4, 5], [6]]


def test_batches_are_copies():
    ds = make_ds(4)
    X, _ = next(iter(DataLoader(ds, batch_size=4)))
    X.data[:] = -1
    assert ds.tensors[0].numpy().min() == 0


def test_shuffle_every_sample_once_per_epoch():
    loader = DataLoader(make_ds(23), batch_size=4, shuffle=True, seed=1)
    for _ in range(3):
        epoch = sum(ids(loader), [])
        assert sorted(epoch) == list(range(23))


def test_shuffle_drop_last_drops_only_the_tail():
    loader = DataLoader(make_ds(23), batch_size=4, shuffle=True, drop_last=True, seed=1)
    epoch = sum(ids(loader), [])
    assert len(epoch) == 20 and len(set(epoch)) == 20


def test_shuffle_with_seed_is_reproducible_and_new_each_epoch():
    a = DataLoader(make_ds(50), batch_size=8, shuffle=True, seed=3)
    b = DataLoader(make_ds(50), batch_size=8, shuffle=True, seed=3)
    a1, a2 = ids(a), ids(a)
    assert a1 == ids(b) and a2 == ids(b)
    assert a1 != a2
    assert a1 != ids(DataLoader(make_ds(50), batch_size=8, shuffle=True, seed=4))
    assert sum(a1, []) != list(range(50))


def test_seeded_loader_ignores_global_generator():
    a = DataLoader(make_ds(30), batch_size=30, shuffle=True, seed=5)
    gs.manual_seed(1)
    first = ids(a)
    b = DataLoader(make_ds(30), batch_size=30, shuffle=True, seed=5)
    gs.manual_seed(2)
    assert ids(b) == first


def test_shuffle_without_seed_follows_manual_seed():
    loader = DataLoader(make_ds(40), batch_size=7, shuffle=True)
    gs.manual_seed(11)
    first = ids(loader)
    second = ids(loader)
    gs.manual_seed(11)
    assert ids(loader) == first and ids(loader) == second
    assert first != second


def test_order_drawn_at_iter_time():
    """As in PyTorch, iter(loader) fixes the epoch's order, not the first next()."""
    loader = DataLoader(make_ds(40), batch_size=40, shuffle=True)
    gs.manual_seed(0)
    it = iter(loader)
    gs.manual_seed(0)
    expected = default_generator().permutation(40)
    gs.manual_seed(1)
    np.testing.assert_array_equal(next(it)[1].numpy(), expected)


def test_fast_path_does_not_fetch_samples_one_by_one(monkeypatch):
    ds = make_ds(12)

    def boom(self, i):
        raise AssertionError("per-sample __getitem__ called")

    monkeypatch.setattr(TensorDataset, "__getitem__", boom)
    batches = list(DataLoader(ds, batch_size=5, shuffle=True, seed=0))
    assert sorted(sum((y.numpy().tolist() for _, y in batches), [])) == list(range(12))


@pytest.mark.parametrize("bad", [0, -2, 1.5, "4", None, True])
def test_bad_batch_size_names_value(bad):
    with pytest.raises(ValueError, match=repr(bad).replace(".", r"\.")):
        DataLoader(make_ds(4), batch_size=bad)


def test_bad_seed():
    with pytest.raises(ValueError, match="seed"):
        DataLoader(make_ds(4), seed=-1)


def test_numpy_integer_batch_size():
    assert len(DataLoader(make_ds(10), batch_size=np.int64(4))) == 3


def test_generic_dataset_collates():
    loader = DataLoader(Squares(5), batch_size=2)
    batches = list(loader)
    assert len(loader) == len(batches) == 3
    x, i = batches[1]
    assert x.shape == (2, 2) and x.dtype == np.float64
    np.testing.assert_array_equal(x.numpy(), [[2, 4], [3, 9]])
    assert i.dtype == np.int64 and i.numpy().tolist() == [2, 3]


def test_subclass_with_custom_getitem_uses_it():
    class Doubled(TensorDataset):
        def __getitem__(self, i):
            x, y = super().__getitem__(i)
            return x * 2, y

    ds = Doubled(gs.tensor(np.ones((4, 2))), gs.tensor(np.arange(4)))
    X, _ = next(iter(DataLoader(ds, batch_size=4)))
    assert X.numpy().max() == 2


def test_generic_matches_fast_path():
    class Rows(Dataset):
        def __init__(self, ds):
            self.ds = ds

        def __getitem__(self, i):
            return self.ds[i]

        def __len__(self):
            return len(self.ds)

    ds = make_ds(17)
    fast = DataLoader(ds, batch_size=5, shuffle=True, seed=9)
    slow = DataLoader(Rows(ds), batch_size=5, shuffle=True, seed=9)
    for (xf, yf), (xs, ys) in zip(fast, slow, strict=True):
        np.testing.assert_array_equal(xf.numpy(), xs.numpy())
        np.testing.assert_array_equal(yf.numpy(), ys.numpy())
        assert xf.dtype == xs.dtype and yf.dtype == ys.dtype


@pytest.mark.parametrize("gather_bytes", [1, 200, 1 << 22])
@pytest.mark.parametrize("bs,drop_last", [(1, False), (4, False), (4, True), (6, True),
                                          (40, False)])
def test_gathered_batches_match_the_generic_path(monkeypatch, gather_bytes, bs, drop_last):
    """However many batches one gather holds (one, a few, all), the batches are the
    generic path's: same samples, same order, the short or dropped tail included."""
    monkeypatch.setattr(dataloader, "_GATHER_BYTES", gather_bytes)

    class Rows(Dataset):
        def __init__(self, ds):
            self.ds = ds

        def __getitem__(self, i):
            return self.ds[i]

        def __len__(self):
            return len(self.ds)

    ds = make_ds(23)
    fast = DataLoader(ds, batch_size=bs, shuffle=True, drop_last=drop_last, seed=2)
    slow = DataLoader(Rows(ds), batch_size=bs, shuffle=True, drop_last=drop_last, seed=2)
    for _ in range(2):
        batches = list(fast)
        assert len(batches) == len(fast)
        for (xf, yf), (xs, ys) in zip(batches, slow, strict=True):
            np.testing.assert_array_equal(xf.numpy(), xs.numpy())
            np.testing.assert_array_equal(yf.numpy(), ys.numpy())


def test_batches_of_one_gather_are_independent():
    ds = make_ds(12)
    first, second = list(DataLoader(ds, batch_size=6))
    rows = np.arange(36, dtype=np.float32).reshape(12, 3)
    first[0].data[:] = -1
    np.testing.assert_array_equal(second[0].numpy(), rows[6:])
    np.testing.assert_array_equal(ds.tensors[0].numpy(), rows)
    ds.tensors[0].data[:] = 7
    np.testing.assert_array_equal(second[0].numpy(), rows[6:])
