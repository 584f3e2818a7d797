"""Lab `dot-product`: the identities hold to 1e-12 (checked again here against PyTorch), the
shape error names the shapes, gs.matmul gives NumPy's result, and the timings are positive
numbers (their size is never asserted: it is the machine's, not the code's).
"""
import math

import numpy as np
import pytest
import torch

import gradschool as gs
from gradschool.labs.contract import SilentProgress
from gradschool.labs.dot_product import Config, run, timing
from gradschool.labs.dot_product import identities as ids
from tests.labs.lab_run import run_once

IDENTITIES = {"dot_sum", "dot_gs", "cosine_law", "frobenius_trace", "frobenius_elementwise",
              "correlation", "transpose_of_product", "matmul_grid", "gs_matmul"}


@pytest.fixture(scope="module")
def quick(tmp_path_factory):
    # Smaller timing sizes than the preset keep the test fast; the code path is the same.
    return run_once("dot-product", tmp_path_factory.mktemp("dot_product"),
                    sizes=(16, 64, 128), repeats=2, min_seconds=0.0)


def test_identities_hold_to_1e_12(quick):
    errors = quick["metrics"]["identity_errors"]
    assert set(errors) == IDENTITIES
    for name, error in errors.items():
        assert 0.0 <= error < 1e-12, (name, error)
    assert errors["dot_gs"] == errors["gs_matmul"] == 0.0  # gs.matmul is NumPy's product
    assert quick["metrics"]["python_loop_error"] < 1e-12
    # AB != BA: the commutator is of the size of the entries, nowhere near rounding.
    assert quick["metrics"]["ab_minus_ba"]["max_abs_ab_minus_ba"] > 0.1
    assert quick["metrics"]["ab_minus_ba"]["relative"] > 0.1


def test_shape_error_names_the_shapes(quick):
    messages = quick["metrics"]["shape_error"]
    assert messages["gradschool"] == "matmul: (2, 3) @ (4, 5): inner dimensions 3 and 4 differ"
    assert messages["numpy"]  # NumPy refuses too, in its own words
    with pytest.raises(RuntimeError):  # and so does PyTorch
        torch.ones(2, 3) @ torch.ones(4, 5)


def test_timings_are_positive_numbers(quick):
    m, config = quick["metrics"], quick["config"]
    sizes = {str(n) for n in config["sizes"]}
    assert set(m["gflops"]) == set(m["numpy_gflops"]) == {"float32", "float64"}
    for table in (m["gflops"], m["numpy_gflops"], m["gs_over_numpy_by_dtype"]):
        for dtype, series in table.items():
            assert set(series) == sizes, dtype
            assert all(math.isfinite(v) and v > 0 for v in series.values()), series
    assert m["gs_over_numpy"] == m["gs_over_numpy_by_dtype"]["float32"]
    assert m["gs_numpy_max_difference"] == {"float32": 0.0, "float64": 0.0}
    loops = m["python_loop_seconds"]
    assert set(loops) == {"16", "32", "64"}
    assert all(math.isfinite(v) and v > 0 for v in loops.values())
    for n, seconds in loops.items():  # the two metrics are the same measurement
        assert m["python_loop_gflops"][n] == pytest.approx(2 * int(n) ** 3 / seconds / 1e9)
    for name in ("matmul_grid.svg", "gflops.svg", "dot_geometry.svg"):
        assert (quick["dir"] / name).stat().st_size > 5000, name


# --- the helpers on their own -----------------------------------------------------------


def test_helpers_match_torch():
    rng = np.random.default_rng(0)
    A, B = rng.standard_normal((2, 7, 5))
    tA, tB = torch.from_numpy(A), torch.from_numpy(B)
    assert ids.frobenius(A, B) == pytest.approx(torch.trace(tA.T @ tB).item(), abs=1e-12)
    X = rng.standard_normal((200, 3)) @ rng.standard_normal((3, 3))
    np.testing.assert_allclose(ids.correlation_matrix(X), torch.corrcoef(torch.from_numpy(X.T)),
                               atol=1e-12)
    G, H = rng.standard_normal((4, 6)), rng.standard_normal((6, 3))
    np.testing.assert_allclose(ids.python_matmul(G.tolist(), H.tolist()),
                               (torch.from_numpy(G) @ torch.from_numpy(H)).numpy(), atol=1e-12)
    a, b = rng.standard_normal((2, 9))
    assert ids.dot_loop(a.tolist(), b.tolist()) == pytest.approx(
        torch.dot(torch.from_numpy(a), torch.from_numpy(b)).item(), abs=1e-12)
    assert ids.cosine_similarity(a, b) == pytest.approx(torch.nn.functional.cosine_similarity(
        torch.from_numpy(a), torch.from_numpy(b), dim=0).item(), abs=1e-12)
    assert ids.angle_degrees(np.array([1.0, 0.0]), np.array([0.0, 2.0])) == pytest.approx(90.0)
    # arccos near 1 turns a rounding of cos into ~sqrt(2 eps) rad, about 1e-6 degrees.
    assert ids.angle_degrees(np.array([1.0, 1.0]), np.array([2.0, 2.0])) == pytest.approx(
        0.0, abs=1e-5)


def test_gs_matmul_matches_torch_in_both_dtypes():
    rng = np.random.default_rng(1)
    for dtype in ("float32", "float64"):
        A = rng.standard_normal((33, 17)).astype(dtype)
        B = rng.standard_normal((17, 9)).astype(dtype)
        got = gs.matmul(gs.tensor(A), gs.tensor(B)).numpy()
        tol = 1e-5 if dtype == "float32" else 1e-12
        np.testing.assert_allclose(got, (torch.from_numpy(A) @ torch.from_numpy(B)).numpy(),
                                   rtol=tol, atol=tol)
        assert got.dtype == np.dtype(dtype)


def test_timing_helpers_return_positive_seconds():
    rng = np.random.default_rng(2)
    t = timing.time_matmul(8, "float64", rng, repeats=2, min_seconds=0.0)
    assert t["numpy_seconds"] > 0 and t["gs_seconds"] > 0 and t["gs_over_numpy"] > 0
    assert t["max_abs_difference"] == 0.0
    loop = timing.time_python_loop(4, rng)
    assert loop["seconds"] > 0 and loop["max_abs_error"] < 1e-14
    assert timing.flops(10) == 2000


def test_bad_input_is_refused(tmp_path):
    with pytest.raises(ValueError, match="shapes"):
        ids.frobenius(np.ones((2, 3)), np.ones((3, 2)))
    with pytest.raises(ValueError, match="lengths 2 and 3 differ"):
        ids.dot_loop([1.0, 2.0], [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="rows must have 2 entries"):
        ids.python_matmul([[1.0, 2.0, 3.0]], [[1.0], [2.0]])
    with pytest.raises(ValueError, match="zero vector"):
        ids.cosine_similarity(np.zeros(3), np.ones(3))
    with pytest.raises(ValueError, match=r"dtypes must be float32 and/or float64, got \('int8',\)"):
        run(Config(dtypes=("int8",)), tmp_path, SilentProgress())
    with pytest.raises(ValueError, match="sizes must be sizes >= 1"):
        run(Config(sizes=(0, 64)), tmp_path, SilentProgress())
    with pytest.raises(ValueError, match="repeats must be >= 1, got 0"):
        run(Config(repeats=0), tmp_path, SilentProgress())
