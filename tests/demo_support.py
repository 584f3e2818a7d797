"""Put the demo labs (tests/demo_lab.py) in the registry for one test, then take them out.

The demo labs reach the runner the way any extra lab does, through the
`GRADSCHOOL_EXTRA_LABS` hook; afterwards they leave the registry again, so
tests that walk every registered lab never see them. This module must not
import `tests.demo_lab` itself (that would register the labs for good).
"""
from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from gradschool.labs import REGISTRY, load_all
from gradschool.runner import EXTRA_LABS_ENV

DEMO_MODULE = "tests.demo_lab"
DEMO_IDS = ("demo-sine", "demo-fragile", "demo-sweep")


@contextmanager
def demo_labs(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """While inside: the runner (and `gradschool`) also loads the demo labs."""
    load_all()  # the real labs are registered first and stay registered
    monkeypatch.setenv(EXTRA_LABS_ENV, DEMO_MODULE)
    try:
        yield
    finally:
        for lab_id in DEMO_IDS:
            REGISTRY.pop(lab_id, None)
        sys.modules.pop(DEMO_MODULE, None)
