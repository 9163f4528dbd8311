"""The floors CI installs (.ci/floors.txt) are exactly the lowest versions pyproject.toml allows."""
from __future__ import annotations

import re
import tomllib

from conftest import ROOT


def test_the_ci_floors_are_the_floors_in_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    requirements = project["dependencies"] + project["optional-dependencies"]["test"]
    floors = {re.match(r"[\w.-]+", r).group(0).lower(): re.search(r"(>=|==)([\w.]+)", r).group(2)
              for r in requirements}
    lines = [line for line in (ROOT / ".ci/floors.txt").read_text("utf-8").splitlines() if not line.startswith("#")]
    assert dict(line.split("==") for line in lines) == floors
