"""Linear algebra written for learners: randomized SVD and rank-k truncation.

    U, S, Vt = gs.linalg.randomized_svd(W, n_components=64, seed=0)
    W_k = gs.linalg.truncate(U, S, Vt, 64)
    gs.linalg.eckart_young_error(np.linalg.svd(W, compute_uv=False), 64)

Everything here takes NumPy arrays (or gs Tensors) and returns NumPy arrays.
"""
from .randomized_svd import randomized_svd
from .truncation import eckart_young_error, truncate

__all__ = ["eckart_young_error", "randomized_svd", "truncate"]
