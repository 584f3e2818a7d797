"""zscore_outliers and iqr_outliers against scipy's z-scores and NumPy's percentiles, closed
forms, the z-score bound sqrt(n - 1), and the error messages."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_array_equal
from scipy import stats

import gradschool as gs
from gradschool.data import preprocessing as P

from .preprocessing_data import MODERATE, float_matrices, quiet

FEW = settings(max_examples=40, deadline=None)


@FEW
@given(X=float_matrices(observed=False, values=MODERATE),
       threshold=st.sampled_from([0.5, 1.0, 1.5, 2.0, 3.0]))
def test_zscore_matches_scipy(X, threshold):  # scipy's std underflows to 0 for x ~ 1e-200
    with quiet():
        z = stats.zscore(X, axis=0, ddof=0, nan_policy="omit")
    expected = np.abs(np.nan_to_num(z, nan=0.0)) > threshold
    for j in range(X.shape[1]):
        if len(set(X[~np.isnan(X[:, j]), j])) == 1:
            expected[:, j] = False  # a constant column has no outliers
    ours = P.zscore_outliers(X, threshold)
    assert ours.dtype == np.bool_ and ours.shape == X.shape
    decided = ~(np.abs(np.abs(z) - threshold) < 1e-9)  # rounding may put |z| = 1 on either side
    assert_array_equal(ours[decided], expected[decided])
    assert_array_equal(P.zscore_outliers(X[:, 0], threshold), P.zscore_outliers(X[:, :1],
                                                                                threshold)[:, 0])


@FEW
@given(X=float_matrices(observed=False), k=st.sampled_from([0.5, 1.5, 3.0]))
def test_iqr_matches_numpy_percentiles(X, k):
    expected = np.zeros(X.shape, dtype=bool)
    for j in range(X.shape[1]):
        x = X[:, j][~np.isnan(X[:, j])]
        if x.size:
            q1, q3 = np.percentile(x, 25), np.percentile(x, 75)
            expected[:, j] = (X[:, j] < q1 - k * (q3 - q1)) | (X[:, j] > q3 + k * (q3 - q1))
    assert_array_equal(P.iqr_outliers(X, k), expected)


@FEW
@given(x=float_matrices(max_rows=30, max_cols=1, nans=False, constant=False))
def test_no_z_score_exceeds_the_bound(x):
    """With the population std, max |z| <= sqrt(n - 1): n <= 10 never passes 3."""
    bound = np.sqrt(len(x) - 1)
    assert not P.zscore_outliers(x[:, 0], bound * (1 + 1e-9)).any()
    one_apart = np.zeros(len(x))
    one_apart[0] = 1.0  # the extreme case: |z| = sqrt(n - 1) exactly
    assert P.zscore_outliers(one_apart, bound * (1 - 1e-9))[0]


def test_closed_forms_and_masking():
    x = np.array([1.0, 2.0, 3.0, 4.0, 100.0])  # Q1 = 2, Q3 = 4, fences -1 and 7
    assert_array_equal(P.iqr_outliers(x), [False, False, False, False, True])
    assert not P.zscore_outliers(x).any()  # n = 5: |z| <= sqrt(4) < 3
    bulk = np.random.default_rng(0).normal(size=200)
    planted = np.concatenate([bulk, [8.0]])
    assert P.zscore_outliers(planted)[-1] and P.iqr_outliers(planted)[-1]
    masked = np.concatenate([bulk, np.full(20, 8.0)])  # 20 outliers inflate the std
    assert not P.zscore_outliers(masked)[-20:].any()
    assert P.iqr_outliers(masked)[-20:].all()


def test_nans_and_constant_columns_are_never_flagged_and_tensors():
    X = np.array([[1.0, 5.0], [np.nan, 5.0], [1.2, 5.0], [0.9, 5.0], [30.0, 5.0]])
    for rule in (P.zscore_outliers, P.iqr_outliers):
        mask = rule(X, 1.0)
        assert not mask[1, 0] and not mask[:, 1].any()
        t = rule(gs.tensor(X.astype(np.float32)), 1.0)
        assert isinstance(t, gs.Tensor) and t.dtype == np.bool_
        assert_array_equal(t.data, mask)


@pytest.mark.parametrize("rule, name", [(P.zscore_outliers, "threshold"), (P.iqr_outliers, "k")])
def test_errors(rule, name):
    for bad in (0, -1.0, np.inf, np.nan, "3"):
        with pytest.raises(ValueError, match=f"{rule.__name__}: {name} must be a finite number "
                                             "> 0"):
            rule(np.ones(5), bad)
    with pytest.raises(ValueError, match=r"expected a 1-D array .* got shape \(2, 2, 2\)"):
        rule(np.ones((2, 2, 2)))
    with pytest.raises(ValueError, match=r"x contains infinity at index \(1,\)"):
        rule(np.array([0.0, np.inf]))
    with pytest.raises(TypeError, match="x must be numeric, got dtype <U1"):
        rule(np.array(["a", "b"]))
