"""Where cells run: `serial` (here), `processes` (a local pool), `ray` (a Ray cluster)."""
from __future__ import annotations

from .base import Backend, Event, Finished, Started, Task
from .processes import ProcessesBackend, default_workers
from .ray_cluster import RayBackend
from .serial import SerialBackend

BACKENDS = ("serial", "processes", "ray")


def make_backend(name: str, workers: int | None, address: str | None,
                 timeout: float) -> Backend:
    """The backend called `name` (arguments already checked by `check_arguments`)."""
    if name == "serial":
        return SerialBackend()
    if name == "processes":
        return ProcessesBackend(workers)
    return RayBackend(workers, address, timeout)


__all__ = ["BACKENDS", "Backend", "Event", "Finished", "ProcessesBackend", "RayBackend",
           "SerialBackend", "Started", "Task", "default_workers", "make_backend"]
