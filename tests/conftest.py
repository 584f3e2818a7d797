"""Shared test set-up: hypothesis profile, the PyTorch oracle's settings, a headless browser.

The `browser` fixture is a headless Chromium driven over the DevTools Protocol
(tests/browser.py). Where Chromium is missing, the set-up installs Debian's
`chromium` with apt-get when it can (root); where no browser can be had the
test is skipped with the reason, except under CI (CI=true), where that is a
failure.
"""
import os
import shutil
import subprocess
import warnings

import pytest
import torch
from hypothesis import HealthCheck, settings

from tests.browser import Chromium, find_chromium

settings.register_profile(
    "gradschool", max_examples=25, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.load_profile("gradschool")
torch.set_num_threads(1)


@pytest.fixture(autouse=True)
def _seeded():
    """Every test starts from the same random state."""
    import gradschool as gs
    gs.seed_everything(0)
    torch.manual_seed(0)
    yield


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def _unavailable(reason: str) -> None:
    """Skip loudly with `reason`; under CI, fail instead."""
    if _in_ci():
        pytest.fail(f"CI=true but no headless browser for the report test: {reason}")
    warnings.warn(f"the HTML report was NOT checked in a browser: {reason}", stacklevel=2)
    pytest.skip(f"REPORT NOT CHECKED IN A BROWSER: {reason}")


def _install_chromium() -> str:
    """Install Debian's chromium with apt-get; returns '' or why it could not."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return "chromium is not installed and we are not root to apt-get install it"
    if shutil.which("apt-get") is None:
        return "chromium is not installed and there is no apt-get"
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command, timeout in ((["apt-get", "update"], 300),
                             (["apt-get", "install", "-y", "chromium"], 900)):
        try:
            done = subprocess.run(command, env=env, capture_output=True, text=True,
                                  timeout=timeout)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return f"{' '.join(command)}: {exc}"
        if done.returncode != 0:
            return f"{' '.join(command)} exited {done.returncode}: {done.stderr.strip()[-400:]}"
    return ""


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    """A headless Chromium driven over CDP (installed with apt-get if missing and root)."""
    try:
        import websocket  # noqa: F401 - websocket-client, from the test extra
    except ImportError:
        _unavailable("the websocket-client package is missing (pip install -e '.[test]')")
    binary = find_chromium()
    if binary is None:
        reason = _install_chromium()
        binary = find_chromium()
        if binary is None:
            _unavailable(reason or "apt-get installed chromium but no binary was found")
    try:
        chromium = Chromium.start(binary, tmp_path_factory.mktemp("chromium-profile"))
    except Exception as exc:
        _unavailable(f"{binary} did not start: {exc}")
    yield chromium
    chromium.close()
