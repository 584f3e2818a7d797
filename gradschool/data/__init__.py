"""Data: data sets, mini-batch loading and MNIST-1D.

    ds = gs.data.TensorDataset(X, y)
    for X_B, y_B in gs.data.DataLoader(ds, batch_size=64, shuffle=True):
        ...
"""
from . import functions, preprocessing
from .dataloader import DataLoader, default_collate
from .dataset import Dataset, TensorDataset
from .mnist1d import load_mnist1d
from .toy import low_rank_matrix, make_moons

__all__ = ["DataLoader", "Dataset", "TensorDataset", "default_collate", "load_mnist1d"]
__all__ += ["functions"]
__all__ += ["low_rank_matrix", "make_moons"]
__all__ += ["preprocessing"]
