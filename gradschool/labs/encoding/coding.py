"""One-hot against dummy coding of a categorical column, in a linear model with an intercept.

A column with k levels c_1 < ... < c_k becomes, next to the intercept column 1:

    one-hot:  X = [1 | e_1 ... e_k]       (n, k + 1),  rank k      (e_1 + ... + e_k = 1)
    dummy:    X = [1 | e_2 ... e_k]       (n, k),      rank k      (full column rank)

The one-hot design has the null vector v = (1, -1, ..., -1): X v = 0, so if β solves
least squares so does β + t v for every t (same fitted values X β), and the normal
equations' matrix XᵀX is singular. Dummy coding drops e_1: then β is unique, the
intercept is the mean of y over level c_1 and β_j the difference of level c_j's mean
from it.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from gradschool.data.preprocessing import OneHotEncoder

SEASONS = ("autumn", "spring", "summer", "winter")
SEASON_MEANS = {"autumn": 40.0, "spring": 55.0, "summer": 90.0, "winter": 20.0}


def season_sales(n: int, rng: np.random.Generator, noise: float = 8.0
                 ) -> tuple[np.ndarray, np.ndarray]:
    """A toy data set: ice-cream sales y on n days, each with its season (a category).

    y = SEASON_MEANS[season] + noise · ε, ε ~ N(0, 1); every season appears at least once
    (the first four days are one of each), the rest are drawn uniformly.
    Shapes: -> seasons (n,) of str, y (n,) float64.
    """
    if n < len(SEASONS):
        raise ValueError(f"season_sales: n = {n} must be >= {len(SEASONS)} (one day per season)")
    seasons = np.concatenate([SEASONS, rng.choice(SEASONS, size=n - len(SEASONS))])
    y = np.array([SEASON_MEANS[s] for s in seasons]) + noise * rng.standard_normal(n)
    return seasons.astype(str), y


def design_matrix(categories: np.ndarray, drop: str | None) -> np.ndarray:
    """[1 | indicators]: an intercept column, then `OneHotEncoder(drop=drop)`'s columns.

    drop=None gives one-hot coding (k indicators), drop="first" dummy coding (k - 1).
    Shapes: categories (n,) -> (n, k + 1) or (n, k).
    """
    codes = OneHotEncoder(drop=drop).fit_transform(np.asarray(categories).reshape(-1, 1))
    return np.column_stack([np.ones(len(codes)), codes])


def null_vector(X: np.ndarray) -> np.ndarray:
    """A unit vector v with X v = 0: the right singular vector of X's smallest singular value.

    Shapes: X (n, p) -> v (p,), sign fixed so its first entry is >= 0.
    """
    v = np.linalg.svd(X)[2][-1]
    return v if v[0] >= 0 else -v


@dataclass
class LeastSquares:
    """What least squares does with one design: its rank, the normal matrix's conditioning,
    and (for a rank-deficient design) two different solutions with the same fitted values.

    normal_eigenvalue_ratio: λ_min / λ_max of XᵀX (0 for a singular matrix, up to rounding).
    beta: the minimum-norm solution (np.linalg.lstsq); beta_other: beta + t v with X v = 0
    (equal to beta when X has full column rank); fit_difference: max |X beta - X beta_other|.
    """

    columns: int
    rank: int
    normal_eigenvalue_ratio: float
    beta: np.ndarray
    beta_other: np.ndarray
    fit_difference: float
    unique: bool


def least_squares(X: np.ndarray, y: np.ndarray, t: float = 10.0) -> LeastSquares:
    """Fit y ≈ X β by least squares and look for a second solution β + t v, X v = 0.

    min_β ||X β - y||²: the solutions are the β with XᵀX β = Xᵀy (normal equations),
    unique exactly when rank X = p (columns). np.linalg.lstsq returns the one of least
    norm; a null vector of X, scaled by t, gives another with the same fitted values.
    """
    rank = int(np.linalg.matrix_rank(X))
    beta = np.linalg.lstsq(X, y, rcond=None)[0]
    unique = rank == X.shape[1]
    beta_other = beta if unique else beta + t * null_vector(X)
    eigenvalues = np.linalg.eigvalsh(X.T @ X)
    return LeastSquares(
        columns=X.shape[1], rank=rank,
        normal_eigenvalue_ratio=float(eigenvalues[0] / eigenvalues[-1]),
        beta=beta, beta_other=beta_other,
        fit_difference=float(np.max(np.abs(X @ beta - X @ beta_other))), unique=unique)


def group_means(categories: np.ndarray, y: np.ndarray) -> dict[str, float]:
    """The mean of y over each level (sorted), what dummy-coded least squares recovers."""
    categories = np.asarray(categories)
    return {str(c): float(y[categories == c].mean()) for c in np.unique(categories)}
