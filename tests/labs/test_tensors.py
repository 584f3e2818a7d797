"""Lab `tensors`: dtype costs, machine epsilon, the float32 integer limit, summation errors and
views, against NumPy's finfo, PyTorch (element sizes, finfo, float32 rounding, which
operations share storage) and exact sums (`math.fsum`, PyTorch float64).

The quick preset runs once (module fixture); the helpers are tested on their own below.
"""
import math

import numpy as np
import pytest
import torch

from gradschool.labs.contract import SilentProgress
from gradschool.labs.tensors import Config, images, run
from gradschool.labs.tensors import dtypes as dt
from gradschool.labs.tensors import summation as sm
from tests.labs.lab_run import run_once

TORCH_DTYPES = {"float16": torch.float16, "float32": torch.float32, "float64": torch.float64,
                "int8": torch.int8, "int32": torch.int32, "int64": torch.int64,
                "bool": torch.bool}


@pytest.fixture(scope="module")
def quick(tmp_path_factory):
    return run_once("tensors", tmp_path_factory.mktemp("tensors"))


# --- the lab, quick preset ------------------------------------------------------------


def test_bytes_and_megabytes_match_torch_element_sizes(quick):
    m = quick["metrics"]
    assert set(m["bytes_per_element"]) == set(TORCH_DTYPES)
    for name, torch_dtype in TORCH_DTYPES.items():
        size = torch.empty(0, dtype=torch_dtype).element_size()
        assert m["bytes_per_element"][name] == size == np.dtype(name).itemsize
    assert set(m["matrix_megabytes"]) == {"768", "10000"}
    for n, table in m["matrix_megabytes"].items():
        for name, mb in table.items():
            assert mb == pytest.approx(np.dtype(name).itemsize * int(n) ** 2 / 1e6, rel=1e-15)
    assert m["matrix_megabytes"]["10000"]["float32"] == 400.0  # MB = 10^6 bytes
    assert m["matrix_megabytes"]["768"]["float64"] == pytest.approx(4.718592)
    # The 768 x 768 numbers are what NumPy actually allocates.
    for name in TORCH_DTYPES:
        nbytes = np.zeros((768, 768), dtype=name).nbytes
        assert m["matrix_megabytes"]["768"][name] == pytest.approx(nbytes / 1e6, rel=1e-15)


def test_machine_epsilon_and_the_float32_integer_limit(quick):
    m = quick["metrics"]
    for name in ("float16", "float32", "float64"):
        assert m["eps"][name] == float(np.finfo(name).eps) == torch.finfo(TORCH_DTYPES[name]).eps
    limit = m["float32_exact_int_limit"]
    assert limit == 2**24 == m["exact_int_limit"]["float32"]
    assert torch.tensor(limit + 1, dtype=torch.float32).item() == limit  # 2^24 + 1 rounds
    assert torch.tensor(limit - 1, dtype=torch.float32).item() == limit - 1
    assert m["exact_int_limit"] == {"float16": 2**11, "float32": 2**24, "float64": 2**53}
    sums = m["point_one_plus_point_two"]
    assert sums["float64_equal"] is False and sums["float64_sum"] == 0.1 + 0.2
    assert sums["float64_error"] == pytest.approx(2**-54, rel=1e-12)
    f32 = torch.tensor(0.1, dtype=torch.float32) + torch.tensor(0.2, dtype=torch.float32)
    assert sums["float32_equal"] is bool(f32 == torch.tensor(0.3, dtype=torch.float32))


def test_sum_errors_are_ordered_naive_pairwise_kahan(quick):
    m, config = quick["metrics"], quick["config"]
    x = np.random.default_rng(config["seed"]).random(config["n_sum"], dtype=np.float32)
    exact = torch.from_numpy(x).double().sum().item()  # an independent float64 oracle
    assert exact == pytest.approx(math.fsum(x.astype(np.float64)), rel=1e-14)
    ulp = float(np.spacing(np.float32(exact)))  # 1/32 at ~500 000
    err = m["sum_error"]
    assert err["naive"] > 10 * err["pairwise"]
    assert err["naive"] == pytest.approx(abs(float(np.add.accumulate(x)[-1]) - exact), rel=1e-6)
    assert err["pairwise"] == pytest.approx(abs(float(x.sum()) - exact), rel=1e-6, abs=1e-9)
    assert err["kahan"] <= err["pairwise"]
    assert err["kahan"] <= ulp  # within one float32 step of the exact sum
    const = m["sum_error_constant"]
    total = config["n_sum"] * float(np.float32(config["constant"]))
    assert const["naive"] > 0.005 * total  # the naive float32 sum drifts by about 1%
    assert const["pairwise"] < 1e-6 * total
    assert const["kahan"] <= float(np.spacing(np.float32(total)))


def test_image_objects_and_views_match_torch(quick):
    m = quick["metrics"]
    image = images.load_image()
    assert m["image_shape"] == list(image.shape) == [600, 512, 3]
    assert [o["order"] for o in m["objects"].values()] == [0, 1, 2, 3]
    for obj in m["objects"].values():
        assert obj["numpy_ndim"] == obj["gs_ndim"] == obj["order"] == len(obj["shape"])
        assert obj["gs_shape"] == obj["shape"]
    assert m["objects"]["matrix"]["shape"] == [600, 512]

    def shares(a, b):
        return a.untyped_storage().data_ptr() == b.untyped_storage().data_ptr()

    t = torch.from_numpy(image)
    torch_ops = {
        "x[:, :, 0]": lambda x: x[:, :, 0], "x[100:300, 50:250]": lambda x: x[100:300, 50:250],
        "x[::2, ::2]": lambda x: x[::2, ::2], "x.transpose(1, 0, 2)": lambda x: x.permute(1, 0, 2),
        "x.transpose(2, 0, 1)": lambda x: x.permute(2, 0, 1),
        "x.reshape(-1, 3)": lambda x: x.reshape(-1, 3), "x.ravel()": lambda x: x.reshape(-1),
        "x.transpose(1, 0, 2).reshape(-1)": lambda x: x.permute(1, 0, 2).reshape(-1),
        "x[[0, 2, 4]]": lambda x: x[[0, 2, 4]], "x[x > 128]": lambda x: x[x > 128],
        "x.astype(np.float32)": lambda x: x.to(torch.float32),
    }
    views = m["views"]
    assert set(views) == set(torch_ops) | {"x.flatten()"}
    assert views["x.flatten()"]["shares_memory"] is False  # NumPy's flatten always copies
    for code, op in torch_ops.items():
        y = op(t)
        assert views[code]["shares_memory"] is shares(y, t), code
        assert views[code]["shape"] == list(y.shape), code
        if views[code]["shares_memory"]:  # uint8: NumPy's byte strides are torch's
            assert views[code]["strides"] == list(y.stride()), code
    tt = torch.tensor(image)
    torch_gs = {
        "t[:, :, 0]": lambda x: x[:, :, 0], "t.permute(2, 0, 1)": lambda x: x.permute(2, 0, 1),
        "t.reshape(-1, 3)": lambda x: x.reshape(-1, 3),
        "t.transpose(0, 1).reshape(-1)": lambda x: x.transpose(0, 1).reshape(-1),
        "t[[0, 2, 4]]": lambda x: x[[0, 2, 4]], "t.float()": lambda x: x.float(),
    }
    assert m["gs_views"]["gs.tensor(x)"]["shares_memory"] is shares(tt, t) is False
    for code, op in torch_gs.items():
        assert m["gs_views"][code]["shares_memory"] is shares(op(tt), tt), code


def test_figures_are_written(quick):
    for name in ("image_tensor.png", "memory_layout.svg", "dtype_memory.svg",
                 "summation_error.svg"):
        assert (quick["dir"] / name).stat().st_size > 5000, name


# --- the helpers on their own -----------------------------------------------------------


def test_naive_sum_is_the_left_to_right_loop():
    x = np.random.default_rng(1).random(5000, dtype=np.float32)
    s = np.float32(0)
    for v in x:
        s = s + v
    assert sm.naive_sum(x) == s
    assert sm.naive_sum(np.zeros(0, np.float32)) == 0
    assert sm.pairwise_sum(x) == np.sum(x)


@pytest.mark.parametrize("lanes", [1, 7, 1024])
def test_kahan_sum_is_within_a_few_ulps(lanes):
    rng = np.random.default_rng(2)
    magnitudes = 10.0 ** rng.integers(-3, 4, 20_000)
    # Positive numbers over 7 decades: Kahan is within a few ulps of the exact sum.
    x = (rng.random(20_000) * magnitudes).astype(np.float32)
    exact = math.fsum(x.astype(np.float64))
    total = sm.kahan_sum(x, lanes=lanes)
    assert total.dtype == np.float32
    assert abs(float(total) - exact) <= 2 * float(np.spacing(np.float32(exact)))
    assert abs(float(total) - exact) < abs(float(sm.naive_sum(x)) - exact)
    # With cancellation the bound is relative to sum |x|: |error| <= 2 eps sum |x|.
    y = (rng.standard_normal(20_000) * magnitudes).astype(np.float32)
    bound = 2 * np.finfo(np.float32).eps * np.abs(y.astype(np.float64)).sum()
    assert abs(float(sm.kahan_sum(y, lanes=lanes)) - math.fsum(y.astype(np.float64))) <= bound


def test_dtype_helpers_against_finfo():
    for name in ("float16", "float32", "float64"):
        assert dt.machine_epsilon(name) == float(np.finfo(name).eps)
        assert dt.exact_int_limit(name) == 2 ** (np.finfo(name).nmant + 1)
    assert dt.bytes_per_element(("int8", "bool")) == {"int8": 1, "bool": 1}
    assert dt.matrix_megabytes(1000, ("float64",)) == {"float64": 8.0}


def test_grayscale_is_the_luma_dot_product():
    image = np.random.default_rng(3).integers(0, 256, (4, 5, 3), dtype=np.uint8)
    gray = images.grayscale(image)
    expected = torch.einsum("hwc,c->hw", torch.from_numpy(image).double(),
                            torch.tensor([0.299, 0.587, 0.114], dtype=torch.float64))
    np.testing.assert_allclose(gray, expected.numpy(), rtol=1e-12)


def test_bad_input_is_refused(tmp_path):
    with pytest.raises(TypeError, match="floating-point"):
        sm.kahan_sum(np.arange(5))
    with pytest.raises(ValueError, match="lanes must be >= 1, got 0"):
        sm.kahan_sum(np.ones(5, np.float32), lanes=0)
    with pytest.raises(ValueError, match="n must be >= 1, got 0"):
        dt.matrix_megabytes(0)
    with pytest.raises(ValueError, match="int32 is not a floating-point"):
        dt.machine_epsilon("int32")
    with pytest.raises(TypeError, match="not a NumPy dtype"):
        dt.bytes_per_element(("float17",))
    with pytest.raises(ValueError, match=r"\(H, W, 3\) image, got shape \(4, 5\)"):
        images.grayscale(np.zeros((4, 5)))
    with pytest.raises(FileNotFoundError, match="no sample image"):
        images.load_image("no_such_picture.png")
    with pytest.raises(ValueError, match="n_sum must be >= 10, got 5"):
        run(Config(n_sum=5), tmp_path, SilentProgress())
    with pytest.raises(ValueError, match="matrix_sizes"):
        run(Config(matrix_sizes=(0,)), tmp_path, SilentProgress())
