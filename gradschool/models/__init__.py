"""Reference models used by the tests, examples and labs."""
from .mnist1d import CNN, GRU, MLP, Logistic

__all__ = ["CNN", "GRU", "MLP", "Logistic"]
