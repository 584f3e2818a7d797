"""Running a lab the way `gradschool run <id>` does, for the lab tests."""
import json

import pytest

from gradschool.runner import run_labs


@pytest.fixture
def run_lab(tmp_path):
    """run_lab(lab_id, preset="quick", **overrides) -> metrics.json as a dict.

    The lab runs through the real runner into a temporary directory; a lab
    that fails makes the test fail with its error.
    """
    def run(lab_id: str, preset: str = "quick", **overrides):
        records = run_labs([lab_id], preset=preset, out_dir=tmp_path, overrides=overrides)
        record = json.loads((tmp_path / lab_id / "metrics.json").read_text())
        assert records[0]["status"] == "ok", record.get("error")
        record["dir"] = tmp_path / lab_id
        return record
    return run
