"""Checking a sweep's request before anything runs or is written.

`check_backend` is for the CLI: it does every check that can be done up front,
Ray's included (importable, and a cluster answering at the address), so that a
bad request is one line and exit status 2 before any cell runs. `run` calls the
same checks itself.
"""
from __future__ import annotations

import math
from typing import Any

from .backends import BACKENDS
from .backends.ray_cluster import CONNECT_TIMEOUT, connect, import_ray
from .errors import SweepUsageError


def check_arguments(backend: Any, workers: Any, address: Any,
                    timeout: Any = CONNECT_TIMEOUT) -> None:
    """Raise SweepUsageError for an unknown backend or a bad workers/address/timeout.

    Cheap and side-effect free: Ray is not imported.
    """
    if not isinstance(backend, str) or backend not in BACKENDS:
        raise SweepUsageError(f"sweep: unknown backend {backend!r}; choose one of "
                              f"{', '.join(BACKENDS)}")
    if workers is not None and (isinstance(workers, bool) or not isinstance(workers, int)):
        raise SweepUsageError(f"sweep: workers must be a whole number or None, got {workers!r}")
    if workers is not None and workers < 1:
        raise SweepUsageError(f"sweep: workers must be at least 1, got {workers}")
    if address is not None and (not isinstance(address, str) or not address.strip()):
        raise SweepUsageError(f"sweep: address must be 'HOST:PORT' or None, got {address!r}")
    if address is not None and backend != "ray":
        raise SweepUsageError(f"sweep: an address ({address}) is only used by backend 'ray', "
                              f"not {backend!r}")
    if (isinstance(timeout, bool) or not isinstance(timeout, (int, float))
            or not math.isfinite(timeout) or timeout <= 0):
        raise SweepUsageError(f"sweep: timeout must be a positive number of seconds, "
                              f"got {timeout!r}")


def check_backend(backend: str = "processes", workers: int | None = None,
                  address: str | None = None, *, timeout: float = CONNECT_TIMEOUT) -> None:
    """Raise SweepUsageError unless `backend` can run cells now; touches no store.

    For `ray` this imports Ray and connects it (`ray.init`: to `address` or
    $RAY_ADDRESS after checking, within `timeout` seconds, that a cluster answers
    there; with neither, a local instance starts). The sweep run afterwards in
    this process uses that connection.
    """
    check_arguments(backend, workers, address, timeout)
    if backend == "ray":
        import_ray()
        connect(address, timeout)
