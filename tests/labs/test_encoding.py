"""Lab `encoding`: coding, scaling, imputation, outliers and augmentation, checked.

The quick preset runs once through the real runner; its metrics are checked against
independent computations: the designs rebuilt with scikit-learn's encoders and scalers,
condition numbers from np.linalg.cond, gradient-descent step counts from a plain NumPy
iteration, RMSEs from scikit-learn's imputers, precision and recall from
scikit-learn's metrics on masks computed by hand. The helpers are then checked on
their own (PyTorch for least squares and gradients, closed forms for the rest).
"""
import math

import numpy as np
import pytest
import torch
from sklearn.impute import KNNImputer, SimpleImputer
from sklearn.metrics import precision_score, recall_score
from sklearn.preprocessing import MinMaxScaler, OneHotEncoder, StandardScaler

from gradschool.labs.contract import SilentProgress
from gradschool.labs.encoding import PRESETS, Config, coding, imputation, outliers, run, scaling
from gradschool.labs.encoding import augmentation as aug
from tests.labs.lab_run import run_once

QUICK = PRESETS["quick"]


@pytest.fixture(scope="module")
def quick(tmp_path_factory):
    return run_once("encoding", tmp_path_factory.mktemp("encoding"))


def test_contract_metrics_and_figures(quick):
    m = quick["metrics"]
    for key in ("onehot_rank", "dummy_rank", "design_columns", "condition_number", "gd_steps",
                "imputation_rmse", "outlier_precision", "outlier_recall",
                "augmentation_accuracy"):
        assert key in m, key
    assert set(m["condition_number"]) >= {"raw", "scaled"}
    assert set(m["gd_steps"]) >= {"raw", "scaled"}
    assert set(m["imputation_rmse"]) == {"mean", "median", "knn"}
    assert set(m["outlier_precision"]) == set(m["outlier_recall"]) == {"zscore", "iqr"}
    assert set(m["augmentation_accuracy"]) == {"with", "without"}
    for name in ("scaling", "coding", "imputation", "outliers", "augmentation"):
        assert (quick["dir"] / f"{name}.svg").stat().st_size > 1000


# --- 1. one-hot against dummy coding ----------------------------------------------------


def test_onehot_design_is_rank_deficient_and_dummy_is_not(quick):
    """k = 4 seasons: one-hot + intercept has 5 columns and rank 4; dummy 4 and rank 4."""
    m = quick["metrics"]
    k = len(coding.SEASONS)
    assert m["design_columns"] == {"onehot": k + 1, "dummy": k}
    assert m["onehot_rank"] == k
    assert m["dummy_rank"] == k == m["design_columns"]["dummy"]
    # XᵀX: singular for one-hot (λ_min / λ_max at rounding level), well conditioned for dummy.
    assert abs(m["normal_eigenvalue_ratio"]["onehot"]) < 1e-12
    assert m["normal_eigenvalue_ratio"]["dummy"] > 1e-3


def test_onehot_least_squares_is_not_unique_and_dummy_recovers_group_means(quick):
    """Two one-hot solutions 10 apart give the same fit; the dummy solution is the first
    level's mean and each other level's difference from it (least squares on indicators)."""
    m = quick["metrics"]
    assert m["onehot_fit_difference"] < 1e-9
    assert m["onehot_coefficient_difference"] == pytest.approx(10.0)
    means, beta = m["group_means"], m["dummy_coefficients"]
    assert beta["intercept"] == pytest.approx(means["autumn"], rel=1e-10)
    for season in ("spring", "summer", "winter"):
        assert beta[season] == pytest.approx(means[season] - means["autumn"], rel=1e-9)


def test_design_matrix_matches_scikit_learn():
    seasons, _ = coding.season_sales(50, np.random.default_rng(0))
    for drop in (None, "first"):
        codes = OneHotEncoder(drop=drop, sparse_output=False).fit_transform(seasons[:, None])
        expected = np.column_stack([np.ones(50), codes])
        np.testing.assert_array_equal(coding.design_matrix(seasons, drop), expected)
    with pytest.raises(ValueError, match="n = 3"):
        coding.season_sales(3, np.random.default_rng(0))


def test_least_squares_against_torch_and_the_null_vector():
    """The minimum-norm solution matches torch.linalg.pinv; the null vector of the one-hot
    design is (1, -1, ..., -1) / sqrt(k + 1); the second solution has the same fit."""
    seasons, y = coding.season_sales(40, np.random.default_rng(1))
    X = coding.design_matrix(seasons, None)
    fit = coding.least_squares(X, y, t=3.0)
    pinv = torch.linalg.pinv(torch.from_numpy(X)) @ torch.from_numpy(y)
    np.testing.assert_allclose(fit.beta, pinv.numpy(), atol=1e-9)
    v = coding.null_vector(X)
    np.testing.assert_allclose(v, np.array([1, -1, -1, -1, -1]) / math.sqrt(5), atol=1e-12)
    assert not fit.unique and fit.rank == 4
    np.testing.assert_allclose(fit.beta_other - fit.beta, 3.0 * v, atol=1e-12)
    np.testing.assert_allclose(X @ fit.beta_other, X @ fit.beta, atol=1e-10)
    dummy = coding.least_squares(coding.design_matrix(seasons, "first"), y)
    assert dummy.unique and dummy.fit_difference == 0.0
    np.testing.assert_allclose(X[:, [0, 2, 3, 4]] @ dummy.beta, X @ fit.beta, atol=1e-9)


# --- 2. scaling and gradient descent -----------------------------------------------------


def _sklearn_designs(config: Config) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """The lab's scaling data (same seed), scaled by scikit-learn instead of gradschool."""
    F, y = scaling.two_scale_data(config.n_regression, config.feature_scale,
                                  np.random.default_rng([config.seed, 1]))
    ones = np.ones((len(F), 1))
    return {"raw": np.hstack([ones, F]),
            "minmax": np.hstack([ones, MinMaxScaler().fit_transform(F)]),
            "scaled": np.hstack([ones, StandardScaler().fit_transform(F)])}, y


def _numpy_gd_steps(X: np.ndarray, y: np.ndarray, tol: float) -> int:
    """Gradient descent with the closed-form gradient at lr = 2 / (λ_max + λ_min)."""
    n = len(y)
    lam = np.linalg.eigvalsh(X.T @ X / n)
    lr = 2 / (lam[-1] + lam[0])
    w_star = np.linalg.solve(X.T @ X, X.T @ y)
    w = np.zeros(X.shape[1])
    for t in range(1, 10**6):
        w -= lr * X.T @ (X @ w - y) / n
        if np.linalg.norm(w - w_star) <= tol * np.linalg.norm(w_star):
            return t
    raise AssertionError("no convergence")


def test_condition_numbers_match_np_linalg_cond(quick):
    """κ(XᵀX / n) = cond(X)²; raw ≫ min-max > z-scored ≈ 1 (independent features)."""
    kappa = quick["metrics"]["condition_number"]
    X, _ = _sklearn_designs(QUICK)
    for name, A in X.items():
        assert kappa[name] == pytest.approx(np.linalg.cond(A) ** 2, rel=1e-8), name
    assert kappa["raw"] > 100 > kappa["minmax"] > 10 > 2 > kappa["scaled"] >= 1
    by_scale = quick["metrics"]["condition_by_scale"]
    assert by_scale["1000"]["raw"] / by_scale["100"]["raw"] == pytest.approx(100, rel=0.1)
    assert by_scale["1000"]["scaled"] == pytest.approx(by_scale["1"]["scaled"], rel=1e-9)


def test_gradient_descent_steps_match_the_theory(quick):
    """Measured steps (gs autograd + SGD) = a NumPy iteration's = the spectral count, never
    above ceil(ln tol / ln ρ), and within 10 % of it for the ill-conditioned designs."""
    m = quick["metrics"]
    steps, bound, exact = m["gd_steps"], m["gd_steps_bound"], m["gd_steps_exact"]
    X, y = _sklearn_designs(QUICK)
    for name, A in X.items():
        assert abs(steps[name] - _numpy_gd_steps(A, y, QUICK.tol)) <= 1, name
        assert abs(steps[name] - exact[name]) <= 1, name
        rho = m["rate"][name]
        kappa = m["condition_number"][name]
        assert rho == pytest.approx((kappa - 1) / (kappa + 1), rel=1e-12)
        assert bound[name] == math.ceil(math.log(QUICK.tol) / math.log(rho))
        assert steps[name] <= bound[name]
    for name in ("raw", "minmax"):
        assert steps[name] >= 0.9 * bound[name], (name, steps[name], bound[name])
    assert steps["raw"] > 100 * steps["scaled"]
    assert steps["scaled"] <= 10
    assert m["gradient_error"] < 1e-10


def test_the_step_size_scan_is_best_at_the_optimal_rate(quick):
    """Every design needs fewest steps at lr* = 2/(λ_max+λ_min); past 2/λ_max = lr*(1 + 1/κ)
    (so at 1.1 lr* for κ > 10) gradient descent diverges."""
    scan = quick["metrics"]["lr_scan"]
    for name, steps in scan.items():
        reached = {float(f): s for f, s in steps.items() if s is not None}
        assert min(reached, key=reached.get) == 1.0, (name, steps)
        below = sorted(f for f in reached if f <= 1.0)
        assert [reached[f] for f in below] == sorted((reached[f] for f in below), reverse=True)
    for name in ("raw", "minmax"):
        assert all(s is None for f, s in scan[name].items() if float(f) > 1.0), scan[name]


def test_steps_exact_and_bound_against_a_plain_iteration():
    rng = np.random.default_rng(2)
    X = np.column_stack([np.ones(30), rng.uniform(0, 1, 30), rng.uniform(0, 5, 30)])
    y = rng.standard_normal(30)
    w_star = scaling.least_squares_solution(X, y)
    lr = scaling.optimal_lr(X)
    for f in (0.5, 1.0):
        exact = scaling.steps_exact(X, -w_star, f * lr, 1e-8, 10**6)
        assert exact == scaling.gradient_descent_numpy(X, y, f * lr, 1e-8, 10**6)
    kappa = scaling.condition_number(X)
    assert scaling.gradient_descent(X, y, lr, 1e-8, 10**5).steps == \
        scaling.steps_exact(X, -w_star, lr, 1e-8, 10**6) <= scaling.steps_bound(kappa, 1e-8)
    assert scaling.steps_exact(X, -w_star, lr, 1e-8, 3) is None
    assert scaling.steps_bound(1.0, 1e-6) == 1
    assert scaling.steps_bound(3.0, 1e-6) == math.ceil(math.log(1e-6) / math.log(0.5))
    with pytest.raises(ValueError, match="tol"):
        scaling.steps_bound(3.0, 1.5)
    with pytest.raises(ValueError, match=">= 1"):
        scaling.steps_bound(0.5, 1e-6)


def test_contraction_is_the_spectral_norm_of_the_iteration_matrix():
    X = np.random.default_rng(3).standard_normal((40, 4)) * [1, 3, 0.5, 2]
    H = scaling.hessian(X)
    kappa = scaling.condition_number(X)
    for f in (0.3, 1.0, 1.4, 2.5):
        M = np.eye(4) - f * scaling.optimal_lr(X) * H
        assert scaling.contraction(f, kappa) == pytest.approx(np.linalg.norm(M, 2), rel=1e-10)


def test_autograd_gradient_and_descent_match_torch():
    """loss_gradient against torch.autograd; 20 gs steps against 20 torch.optim.SGD steps."""
    rng = np.random.default_rng(4)
    X, y, w = rng.standard_normal((25, 3)), rng.standard_normal(25), rng.standard_normal(3)
    w_t = torch.tensor(w, requires_grad=True)
    loss = ((torch.from_numpy(X) @ w_t - torch.from_numpy(y)) ** 2).mean() / 2
    loss.backward()
    np.testing.assert_allclose(scaling.loss_gradient(X, y, w), w_t.grad.numpy(), atol=1e-12)
    lr = scaling.optimal_lr(X)
    run_gs = scaling.gradient_descent(X, y, lr, 1e-300, 20)
    w_t = torch.zeros(3, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.SGD([w_t], lr=lr)
    for _ in range(20):
        opt.zero_grad()
        (((torch.from_numpy(X) @ w_t - torch.from_numpy(y)) ** 2).mean() / 2).backward()
        opt.step()
    assert run_gs.steps is None and len(run_gs.errors) == 21
    np.testing.assert_allclose(run_gs.w, w_t.detach().numpy(), atol=1e-12)


# --- 3. imputation -----------------------------------------------------------------------


def test_imputation_rmse_matches_scikit_learn_and_knn_wins(quick):
    """Rebuild the data (same seed), impute with scikit-learn: the same RMSEs; kNN beats
    the mean and the median by a wide margin at every missing fraction."""
    m = quick["metrics"]
    rng = np.random.default_rng([QUICK.seed, 3])
    X = imputation.latent_data(QUICK.n_impute, QUICK.impute_features, rng)
    X_missing, mask = imputation.remove_at_random(X, QUICK.missing_fraction, rng)
    oracle = {"mean": SimpleImputer(strategy="mean"), "median": SimpleImputer(strategy="median"),
              "knn": KNNImputer(n_neighbors=QUICK.n_neighbors)}
    for method, imputer in oracle.items():
        filled = imputer.fit_transform(X_missing)
        expected = np.sqrt(np.mean((filled[mask] - X[mask]) ** 2))
        assert m["imputation_rmse"][method] == pytest.approx(expected, rel=1e-10), method
    rmse = m["imputation_rmse"]
    assert rmse["knn"] < 0.7 * rmse["mean"] and rmse["knn"] < 0.7 * rmse["median"]
    for fraction, errors in m["imputation_rmse_by_fraction"].items():
        assert errors["knn"] < errors["mean"], fraction


def test_remove_at_random_and_rmse():
    rng = np.random.default_rng(5)
    X = imputation.latent_data(2000, 4, rng)
    X_missing, mask = imputation.remove_at_random(X, 0.3, rng)
    assert np.array_equal(np.isnan(X_missing), mask)
    assert abs(mask.mean() - 0.3) < 4 * math.sqrt(0.3 * 0.7 / mask.size)
    np.testing.assert_array_equal(X_missing[~mask], X[~mask])
    tiny = np.arange(6.0).reshape(3, 2)
    _, mask = imputation.remove_at_random(tiny, 0.99, np.random.default_rng(0))
    assert not mask.all(axis=0).any()  # every column keeps a value
    assert imputation.rmse(X, X, mask=np.ones_like(X, bool)) == 0.0
    with pytest.raises(ValueError, match="fraction"):
        imputation.remove_at_random(X, 1.0, rng)
    with pytest.raises(ValueError, match="unknown method"):
        imputation.impute(X_missing, "mode")
    with pytest.raises(ValueError, match="no entry"):
        imputation.rmse(X, X, np.zeros_like(X, bool))


# --- 4. outliers -------------------------------------------------------------------------


def test_outlier_scores_match_hand_masks_and_scikit_learn(quick):
    """The lab's data (same seed): masks by hand (|x - μ| > 3σ; Tukey's fences), scored by
    scikit-learn, give the lab's precision and recall; masking leaves the z-score rule
    far behind IQR in recall."""
    m = quick["metrics"]
    x, kind = outliers.planted_outliers(QUICK.n_inliers, QUICK.n_moderate, QUICK.n_gross,
                                        QUICK.gross_size, np.random.default_rng([QUICK.seed, 4]))
    truth = kind != outliers.INLIER
    q1, q3 = np.percentile(x, [25, 75])
    masks = {"zscore": np.abs(x - x.mean()) > 3 * x.std(),
             "iqr": (x < q1 - 1.5 * (q3 - q1)) | (x > q3 + 1.5 * (q3 - q1))}
    for rule, mask in masks.items():
        assert m["outlier_precision"][rule] == pytest.approx(precision_score(truth, mask))
        assert m["outlier_recall"][rule] == pytest.approx(recall_score(truth, mask))
    recall = m["outlier_recall"]
    assert recall["iqr"] >= recall["zscore"]
    assert recall["iqr"] == 1.0 and recall["zscore"] < 0.5  # the moderate ones are masked
    assert m["outlier_precision"]["zscore"] == 1.0


def test_masking_grows_with_the_size_and_number_of_gross_outliers(quick):
    """Recall of the moderate outliers: the z-score rule's falls from ~0.9 to ~0 as the
    gross outliers grow or multiply; IQR's stays near 1 throughout."""
    m = quick["metrics"]
    for curve in (m["masking_recall_by_size"], m["masking_recall_by_count"]):
        points = sorted(curve, key=float)
        z = [curve[p]["zscore"] for p in points]
        assert z[0] > 0.8 and z[-1] < 0.1, z
        assert all(curve[p]["iqr"] >= 0.95 for p in points)
        assert all(curve[p]["iqr"] >= curve[p]["zscore"] for p in points)


def test_precision_recall_against_scikit_learn():
    rng = np.random.default_rng(6)
    for _ in range(50):
        truth = rng.random(30) < rng.uniform(0, 0.5)
        flagged = rng.random(30) < rng.uniform(0, 0.5)
        p, r = outliers.precision_recall(flagged, truth)
        assert p == pytest.approx(precision_score(truth, flagged, zero_division=0))
        assert r == pytest.approx(recall_score(truth, flagged, zero_division=0))
    assert outliers.precision_recall(np.zeros(5, bool), np.ones(5, bool)) == (0.0, 0.0)
    with pytest.raises(ValueError, match="shape"):
        outliers.precision_recall(np.zeros(3, bool), np.zeros(4, bool))


def test_planted_outliers_and_cutoffs():
    rng = np.random.default_rng(7)
    x, kind = outliers.planted_outliers(500, 20, 5, 40.0, rng)
    assert len(x) == 525 and np.bincount(kind).tolist() == [500, 20, 5]
    assert np.all((np.abs(x[kind == 1]) >= 4) & (np.abs(x[kind == 1]) <= 8))
    assert np.all((np.abs(x[kind == 2]) >= 40) & (np.abs(x[kind == 2]) <= 48))
    for rule, (lo, hi) in outliers.cutoffs(x).items():
        np.testing.assert_array_equal(outliers.flag(x, rule), (x < lo) | (x > hi))
    with pytest.raises(ValueError, match="unknown rule"):
        outliers.flag(x, "mad")
    with pytest.raises(ValueError, match="n >= 4"):
        outliers.planted_outliers(2, 1, 1, 10.0, rng)
    with pytest.raises(ValueError, match="2 gross counts but 1 sizes"):
        outliers.masking_curve(100, 5, [1, 2], [10.0], 1, rng)


# --- 5. augmentation ---------------------------------------------------------------------


def test_augmentation_helps_the_cnn(quick):
    """Both CNNs learn (far above the 10 % of chance); augmentation lifts test accuracy.

    The gain is large and was steady when this test was written: +16 to +25 points over
    the quick preset's 300 steps for 5 seeds of the training run and 6 of the subset;
    asserting 5 points leaves a wide margin.
    """
    accuracy = quick["metrics"]["augmentation_accuracy"]
    assert accuracy["without"] > 0.3 and accuracy["with"] > 0.3
    assert accuracy["with"] > accuracy["without"] + 0.05
    # Without augmentation 500 signals are memorised; the augmented set is harder to fit.
    train = quick["metrics"]["augmentation_train_accuracy"]
    assert train["without"] > train["with"]


def test_augmented_set_keeps_the_originals_and_labels():
    rng = np.random.default_rng(8)
    x = rng.standard_normal((6, 40))
    y = np.arange(6)
    setting = aug.Augmentation(copies=3)
    x_aug, y_aug = aug.augmented_set(x, y, setting, rng)
    assert x_aug.shape == (24, 40) and y_aug.tolist() == list(range(6)) * 4
    np.testing.assert_array_equal(x_aug[:6], x)
    # Without noise and with scale 1, an augmented copy is a circular shift of its signal.
    shifted = aug.augment_signals(x, aug.Augmentation(noise=0.0, low=1.0, high=1.0), rng)
    for original, copy in zip(x, shifted):
        assert any(np.array_equal(copy, np.roll(original, s)) for s in range(-3, 4))


def test_small_subset_checks_its_sizes():
    data = {"x": np.zeros((10, 4)), "y": np.arange(10), "x_test": np.ones((5, 4)),
            "y_test": np.arange(5)}
    subset = aug.small_subset(data, 3, 2, np.random.default_rng(0))
    assert subset["x"].shape == (3, 4) and len(set(subset["y"].tolist())) == 3
    assert subset["x_test"].shape == (2, 4)
    with pytest.raises(ValueError, match="n_train=11"):
        aug.small_subset(data, 11, 2, np.random.default_rng(0))


# --- bad configurations ------------------------------------------------------------------


@pytest.mark.parametrize("overrides, message", [
    ({"tol": 1.5}, "tol"),
    ({"n_days": 2}, "n_days"),
    ({"missing_fraction": 0.0}, "missing"),
    ({"lr_factors": (0.5, 0.9)}, "lr_factors"),
    ({"aug_scale": (1.2, 0.8)}, "aug_scale"),
    ({"gross_size": -1.0}, "gross_size"),
    ({"feature_scale": 1000.0, "max_steps": 10_000}, "max_steps"),
])
def test_bad_config_is_rejected_at_the_start(tmp_path, overrides, message):
    import dataclasses

    config = dataclasses.replace(QUICK, **overrides)
    with pytest.raises(ValueError, match=message):
        run(config, tmp_path, SilentProgress())
    assert not list(tmp_path.iterdir())  # nothing was computed or written
