"""The README's first lines are the two commands CI runs, and they set up a virtual environment git ignores."""
from __future__ import annotations

import re
import subprocess

from conftest import ROOT


def readme_lines() -> list[str]:
    """The commands of the README's first shell block, without their comments (as .ci/run reads them)."""
    block = re.search(r"^```sh\n(.*?)^```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S | re.M).group(1)
    return [re.sub(r"\s*#.*$", "", line) for line in block.splitlines()]


def test_the_first_lines_build_and_test_in_a_virtual_environment():
    build_line, test_line = readme_lines()
    for line in (build_line, test_line):
        assert line.startswith("python3 -m venv .venv && . .venv/bin/activate && ")  # a stock Debian has no `python`
    assert build_line.endswith("pip install -e . && python build.py")
    assert test_line.endswith('pip install -e ".[test]" && npm ci && python -m pytest')


def test_ci_runs_exactly_the_readme_lines():
    ci = (ROOT / ".ci/run").read_text(encoding="utf-8")
    assert 'bash -c "$(readme_line 1)"' in ci and 'bash -c "$(readme_line 2)"' in ci
    extract = re.search(r"^readme_line\(\) \{ (.*); \}$", ci, re.M).group(1)
    lines = [subprocess.run(["bash", "-c", extract.replace("$1", str(n))], cwd=ROOT, capture_output=True, text=True,
                            check=True).stdout.strip() for n in (1, 2)]
    assert lines == readme_lines()


def test_git_ignores_the_virtual_environment():
    done = subprocess.run(["git", "check-ignore", "-q", ".venv/bin/python"], cwd=ROOT)
    assert done.returncode == 0
