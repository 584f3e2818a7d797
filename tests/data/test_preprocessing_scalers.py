"""MinMaxScaler and StandardScaler against scikit-learn on hypothesis-drawn matrices with NaNs
and constant columns; Tensor in -> Tensor out; the error messages."""
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose, assert_array_equal
from sklearn import preprocessing as sk

import gradschool as gs
from gradschool.data import preprocessing as P

from .preprocessing_data import float_matrices, quiet

FEW = settings(max_examples=40, deadline=None)
TOL = {"rtol": 1e-12, "atol": 1e-12}
RANGES = st.sampled_from([(0, 1), (-1, 1), (2.5, 7.0), (-3, -2)])


def assert_same_attributes(ours, ref, names):
    for name in names:
        a, b = getattr(ours, name), getattr(ref, name)
        if b is None:
            assert a is None, name
        else:
            assert_allclose(np.asarray(a, dtype=float), np.asarray(b, dtype=float),
                            err_msg=name, **TOL)


@FEW
@given(X=float_matrices(observed=False), data=st.data(), feature_range=RANGES,
       clip=st.booleans())
def test_minmax_matches_sklearn(X, data, feature_range, clip):
    Y = 3.0 * data.draw(float_matrices(cols=X.shape[1]))  # new data, partly out of range
    ours = P.MinMaxScaler(feature_range, clip=clip).fit(X)
    with quiet():
        ref = sk.MinMaxScaler(feature_range=feature_range, clip=clip).fit(X)
        expected_X, expected_Y = ref.transform(X), ref.transform(Y)
        expected_back = ref.inverse_transform(expected_Y)
    assert_same_attributes(ours, ref, ["data_min_", "data_max_", "data_range_", "scale_",
                                       "min_", "n_samples_seen_", "n_features_in_"])
    assert_allclose(ours.transform(X), expected_X, **TOL)
    assert_allclose(ours.fit_transform(X), expected_X, **TOL)
    assert_allclose(ours.transform(Y), expected_Y, **TOL)
    assert_allclose(ours.inverse_transform(ours.transform(Y)), expected_back, **TOL)
    assert_array_equal(np.isnan(ours.transform(X)), np.isnan(X))  # NaNs kept


@FEW
@given(X=float_matrices(observed=False), data=st.data(), with_mean=st.booleans(),
       with_std=st.booleans())
def test_standard_scaler_matches_sklearn(X, data, with_mean, with_std):
    Y = data.draw(float_matrices(cols=X.shape[1])) - 5.0
    ours = P.StandardScaler(with_mean=with_mean, with_std=with_std).fit(X)
    with quiet():
        ref = sk.StandardScaler(with_mean=with_mean, with_std=with_std).fit(X)
        expected_X, expected_Y = ref.transform(X), ref.transform(Y)
        expected_back = ref.inverse_transform(expected_Y)
    assert_same_attributes(ours, ref, ["mean_", "var_", "scale_", "n_samples_seen_",
                                       "n_features_in_"])
    assert_allclose(ours.transform(X), expected_X, **TOL)
    assert_allclose(ours.transform(Y), expected_Y, **TOL)
    assert_allclose(ours.inverse_transform(ours.transform(Y)), expected_back, **TOL)
    assert_array_equal(np.isnan(ours.transform(X)), np.isnan(X))


def test_standard_scaler_closed_form_and_population_std():
    X = np.array([[1.0, 10.0], [2.0, 10.0], [6.0, 10.0], [np.nan, 10.0]])
    s = P.StandardScaler().fit(X)
    assert_allclose(s.mean_, [3.0, 10.0])
    assert_allclose(s.var_, [((1 - 3) ** 2 + (2 - 3) ** 2 + (6 - 3) ** 2) / 3, 0.0])
    assert_allclose(s.scale_, [np.sqrt(14 / 3), 1.0])  # constant column: scale 1
    assert_array_equal(s.n_samples_seen_, [3, 4])
    Z = s.transform(X)
    assert_allclose(Z[:3, 0], (X[:3, 0] - 3) / np.sqrt(14 / 3))
    assert_allclose(Z[:, 1], 0.0)
    assert np.isnan(Z[3, 0])


def test_minmax_closed_form_and_constant_column():
    X = np.array([[0.0, 5.0], [2.0, 5.0], [4.0, 5.0]])
    m = P.MinMaxScaler((-1, 1)).fit(X)
    assert_allclose(m.transform(X), [[-1, -1], [0, -1], [1, -1]])  # constant -> a
    assert_allclose(m.transform([[8.0, 5.0]]), [[3.0, -1.0]])  # outside the training range
    assert_allclose(P.MinMaxScaler((-1, 1), clip=True).fit(X).transform([[8.0, 5.0]]),
                    [[1.0, -1.0]])


@pytest.mark.parametrize("cls", [P.MinMaxScaler, P.StandardScaler])
def test_tensor_in_tensor_out_keeps_float_dtype(cls):
    X = np.random.default_rng(0).normal(size=(20, 3))
    for dtype in (np.float32, np.float64):
        t = gs.tensor(X.astype(dtype))
        out = cls().fit(t).transform(t)
        assert isinstance(out, gs.Tensor) and out.dtype == dtype
        assert_allclose(out.data, cls().fit_transform(X), rtol=1e-5 if dtype == np.float32
                        else 1e-12)
        back = cls().fit(t).inverse_transform(out)
        assert isinstance(back, gs.Tensor) and back.dtype == dtype
    out = cls().fit_transform(X.astype(np.float32))
    assert type(out) is np.ndarray and out.dtype == np.float32
    ints = cls().fit_transform(np.arange(6).reshape(3, 2))
    assert ints.dtype == np.float64


def test_input_is_not_modified():
    X = np.array([[1.0, 2.0], [3.0, 5.0]])
    copy = X.copy()
    for cls in (P.MinMaxScaler, P.StandardScaler):
        scaler = cls().fit(X)
        scaler.inverse_transform(scaler.transform(X))
        assert_array_equal(X, copy)


# ----- errors --------------------------------------------------------------------------------
@pytest.mark.parametrize("cls", [P.MinMaxScaler, P.StandardScaler])
def test_errors(cls):
    name = cls.__name__
    X = np.ones((4, 3))
    for method in ("transform", "inverse_transform"):
        with pytest.raises(P.NotFittedError, match=f"{name}: call fit before {method}"):
            getattr(cls(), method)(X)
    scaler = cls().fit(X)
    with pytest.raises(ValueError, match=re.escape(
            f"{name}.transform: X has 2 columns, but {name} was fitted on 3")):
        scaler.transform(np.ones((4, 2)))
    with pytest.raises(ValueError, match=r"expected a 2-D array .* got shape \(4,\); use "
                                         r"x.reshape\(-1, 1\)"):
        cls().fit(np.ones(4))
    with pytest.raises(ValueError, match=r"needs at least 1 sample .* shape \(0, 3\)"):
        cls().fit(np.ones((0, 3)))
    with pytest.raises(ValueError, match=r"infinity \(inf\) at row 1, column 2"):
        cls().fit(np.array([[0.0, 0, 0], [0, 0, np.inf]]))
    with pytest.raises(TypeError, match="X must be numeric, got dtype <U1"):
        cls().fit(np.array([["a"]]))


@pytest.mark.parametrize("bad", [(1, 0), (1, 1), (0, np.inf), (0,), "ab"])
def test_minmax_bad_feature_range(bad):
    with pytest.raises(ValueError, match=re.escape("feature_range must ") + ".*"
                       + re.escape(repr(bad))):
        P.MinMaxScaler(bad)


def test_repr_shows_the_arguments_that_differ_from_the_defaults():
    assert repr(P.StandardScaler()) == "StandardScaler()"
    assert (repr(P.MinMaxScaler((-1, 1), clip=True))
            == "MinMaxScaler(feature_range=(-1, 1), clip=True)")
    assert repr(P.OneHotEncoder(drop="first")) == "OneHotEncoder(drop='first')"
    assert repr(P.SimpleImputer(strategy="median")) == "SimpleImputer(strategy='median')"
    assert repr(P.KNNImputer(n_neighbors=3)) == "KNNImputer(n_neighbors=3)"
