"""Running a lab the way `gradschool run <id>` does, for the lab tests."""
import pytest

from tests.labs.lab_run import run_once


@pytest.fixture
def run_lab(tmp_path):
    """run_lab(lab_id, preset="quick", **overrides) -> metrics.json as a dict.

    The lab runs through the real runner into a temporary directory; a lab
    that fails makes the test fail with its error. (Tests that share one run
    across a module call `tests.labs.lab_run.run_once` from a module fixture.)
    """
    def run(lab_id: str, preset: str = "quick", **overrides):
        return run_once(lab_id, tmp_path, preset, **overrides)
    return run
