"""Reference models used by the tests, examples and labs."""
from .mnist1d import MLP

__all__ = ["MLP"]
