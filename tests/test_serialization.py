"""gs.save / gs.load: safetensors round trips, atomic writes, clear errors."""
import os
import pickle

import numpy as np
import pytest
import torch
from safetensors import numpy as st_numpy
from safetensors import torch as st_torch

import gradschool as gs
from gradschool import serialization
from gradschool.serialization import load, save


def sample_state():
    rng = np.random.default_rng(0)
    return {
        "w32": gs.tensor(rng.standard_normal((3, 4)).astype(np.float32), requires_grad=True),
        "w64": gs.tensor(rng.standard_normal(5)),
        "steps": gs.tensor(np.array([1, 2, 3], dtype=np.int64)),
        "arr32": rng.standard_normal((2, 2)).astype(np.float32),
        "arr64": rng.standard_normal((2, 3, 1)),
        "arr_int": np.arange(4, dtype=np.int64),
        "scalar": np.array(2.5),
        "mask": np.array([True, False]),
        "strided": np.arange(12.0).reshape(3, 4).T,  # not contiguous
        "big_endian": np.arange(3, dtype=">i4"),
    }


def values(x):
    return x.detach().numpy() if isinstance(x, gs.Tensor) else x


def test_round_trip_keeps_values_dtypes_and_order(tmp_path):
    state = sample_state()
    path = tmp_path / "model.safetensors"
    save(state, path)
    loaded = load(path)
    assert list(loaded) == list(state)
    for key, value in state.items():
        assert isinstance(loaded[key], gs.Tensor)
        assert not loaded[key].requires_grad
        assert loaded[key].dtype == values(value).dtype.newbyteorder("="), key
        np.testing.assert_array_equal(loaded[key].numpy(), values(value))


def test_loaded_tensors_are_writable(tmp_path):
    save({"w": gs.tensor([1.0, 2.0])}, tmp_path / "a")
    w = load(str(tmp_path / "a"))["w"]
    w.data += 1
    np.testing.assert_array_equal(w.numpy(), [2.0, 3.0])


def test_files_interchange_with_torch(tmp_path):
    save({"weight": gs.tensor(np.ones((2, 3), np.float32))}, tmp_path / "gs.st")
    assert torch.equal(st_torch.load_file(tmp_path / "gs.st")["weight"], torch.ones(2, 3))
    st_torch.save_file({"bias": torch.arange(3.0, dtype=torch.float64)}, tmp_path / "pt.st")
    bias = load(tmp_path / "pt.st")["bias"]
    assert bias.dtype == np.float64 and bias.numpy().tolist() == [0.0, 1.0, 2.0]


def test_non_tensor_value_names_key(tmp_path):
    with pytest.raises(TypeError, match="'lr'"):
        save({"w": gs.tensor([1.0]), "lr": 0.1}, tmp_path / "x")
    with pytest.raises(TypeError, match="'state'"):
        save({"state": {"0": gs.tensor([1.0])}}, tmp_path / "x")
    with pytest.raises(TypeError, match="'names'"):
        save({"names": np.array(["a", "b"], dtype=object)}, tmp_path / "x")
    with pytest.raises(TypeError, match="keys must be str"):
        save({0: gs.tensor([1.0])}, tmp_path / "x")
    with pytest.raises(TypeError):
        save([gs.tensor([1.0])], tmp_path / "x")
    assert not os.listdir(tmp_path)


def test_missing_file(tmp_path):
    path = tmp_path / "nope.safetensors"
    with pytest.raises(FileNotFoundError, match="nope.safetensors"):
        load(path)


def test_save_into_missing_folder(tmp_path):
    with pytest.raises(FileNotFoundError, match="missing"):
        save({"w": gs.tensor([1.0])}, tmp_path / "missing" / "w.st")


def _corrupt_files(tmp_path):
    good = tmp_path / "good.st"
    save(sample_state(), good)
    data = good.read_bytes()
    files = {
        "truncated-header": data[:20],
        "truncated-data": data[:-7],
        "empty": b"",
        "random": np.random.default_rng(0).bytes(4096),
        "pickle": pickle.dumps({"w": np.ones(3)}),
        "text": b"this is a text file\n" * 20,
        "npz-zip": b"PK\x03\x04" + b"\x00" * 100,
        "bad-json": (16).to_bytes(8, "little") + b"{not json at all",
    }
    paths = []
    for name, content in files.items():
        path = tmp_path / f"{name}.st"
        path.write_bytes(content)
        paths.append(path)
    return paths


def test_invalid_files_raise_value_error_naming_path(tmp_path):
    for path in _corrupt_files(tmp_path):
        with pytest.raises(ValueError, match="not a valid gradschool/safetensors") as info:
            load(path)
        assert str(path) in str(info.value)


def test_a_pickle_is_never_executed(tmp_path):
    class Evil:
        def __reduce__(self):
            return (os.mkdir, (str(tmp_path / "pwned"),))

    path = tmp_path / "evil.pt"
    path.write_bytes(pickle.dumps(Evil()))
    with pytest.raises(ValueError):
        load(path)
    assert not (tmp_path / "pwned").exists()


def test_atomic_write_leaves_no_temp_files(tmp_path):
    path = tmp_path / "ckpt.safetensors"
    save({"w": gs.tensor([1.0])}, path)
    save({"w": gs.tensor([2.0])}, path)
    assert os.listdir(tmp_path) == ["ckpt.safetensors"]
    assert load(path)["w"].item() == 2.0


def test_failed_write_keeps_old_file(tmp_path, monkeypatch):
    path = tmp_path / "ckpt.safetensors"
    save({"w": gs.tensor([1.0])}, path)

    def fail(fd):  # the bytes are in the temp file, but it never reaches the disk
        raise OSError("disk full")

    monkeypatch.setattr(serialization.os, "fsync", fail)
    with pytest.raises(OSError, match="disk full"):
        save({"w": gs.tensor([2.0])}, path)
    assert os.listdir(tmp_path) == ["ckpt.safetensors"]
    assert load(path)["w"].item() == 1.0


def test_failed_serialisation_creates_nothing(tmp_path, monkeypatch):
    def fail(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(st_numpy, "save", fail)
    with pytest.raises(KeyboardInterrupt):
        save({"w": gs.tensor([2.0])}, tmp_path / "new.st")
    assert os.listdir(tmp_path) == []


def test_usual_file_permissions(tmp_path):
    path = tmp_path / "a.st"
    save({"w": gs.tensor([1.0])}, path)
    umask = os.umask(0)
    os.umask(umask)
    assert os.stat(path).st_mode & 0o777 == 0o666 & ~umask


def test_directory_path(tmp_path):
    with pytest.raises(IsADirectoryError):
        load(tmp_path)
