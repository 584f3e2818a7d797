"""Preprocessing: scikit-learn's transformers (names, arguments, fitted attributes) in NumPy.

    scaler = gs.data.preprocessing.StandardScaler().fit(X_train)
    Z_train, Z_test = scaler.transform(X_train), scaler.transform(X_test)

fit learns per-column statistics from training data; transform applies them
to any data; fit_transform does both; inverse_transform undoes transform.
Inputs are NumPy arrays or gs Tensors (returned as the same kind) of shape
(n_samples, n_features). Also: outlier masks (z-score, IQR) and augmentation
of 1-D signals such as MNIST-1D.
"""
from ._base import NotFittedError
from .augmentation import add_noise, flip, scale, shift
from .encoders import OneHotEncoder
from .imputers import KNNImputer, SimpleImputer, nan_euclidean_distances
from .outliers import iqr_outliers, zscore_outliers
from .scalers import MinMaxScaler, StandardScaler

__all__ = [
    "KNNImputer", "MinMaxScaler", "NotFittedError", "OneHotEncoder", "SimpleImputer",
    "StandardScaler", "add_noise", "flip", "iqr_outliers", "nan_euclidean_distances", "scale",
    "shift", "zscore_outliers",
]
