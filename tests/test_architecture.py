"""The package's shape: its modules import one another one way only, and the pipeline's stages know nothing of
the build cache (reuse is the layer around them, rebuild.py)."""
import ast
import inspect
from pathlib import Path

import pytest

from microsite import pipeline

PACKAGE = Path(pipeline.__file__).parent
STAGES = ("load", "model", "markup", "validate", "render", "built", "write", "pipeline", "quick")
REUSE_LAYER = {"rebuild", "serve", "cli"}  # the modules that may hold a BuildCache


def imports_at_run_time(module: Path) -> set[str]:
    """The package's modules that module imports when it is imported (not those only for type checkers)."""
    found = set()
    for node in ast.parse(module.read_text(encoding="utf-8")).body:  # top level only: not `if TYPE_CHECKING:`
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            found |= {node.module} if node.module else {alias.name for alias in node.names}
    return found


def graph() -> dict[str, set[str]]:
    return {path.stem: imports_at_run_time(path) for path in PACKAGE.glob("*.py")}


def cycle_from(start: str, edges: dict[str, set[str]]) -> list[str] | None:
    """A chain of imports that leads from start back to it, if there is one."""
    paths, seen = [[start]], set()
    while paths:
        path = paths.pop()
        for name in sorted(edges.get(path[-1], ())):
            if name == start:
                return path + [name]
            if name not in seen:
                seen.add(name)
                paths.append(path + [name])
    return None


def test_no_module_imports_itself_through_others():
    edges = graph()
    assert {name: cycle_from(name, edges) for name in edges if cycle_from(name, edges)} == {}


def test_the_cycle_finder_finds_a_cycle():
    assert cycle_from("a", {"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert cycle_from("a", {"a": {"b"}, "b": {"c"}, "c": set()}) is None


@pytest.mark.parametrize("stage", STAGES)
def test_a_stage_does_not_touch_the_cache(stage):
    source = (PACKAGE / f"{stage}.py").read_text(encoding="utf-8")
    assert "cache" not in imports_at_run_time(PACKAGE / f"{stage}.py")
    assert "BuildCache" not in source


def test_only_the_reuse_layer_holds_a_cache():
    holders = {path.stem for path in PACKAGE.glob("*.py")
               if "BuildCache" in path.read_text(encoding="utf-8") and path.stem != "cache"}
    assert holders <= REUSE_LAYER


def test_the_build_reads_as_its_stages():
    body = inspect.getsource(pipeline.build).split('"""')[-1].strip().splitlines()
    assert len(body) <= 12
    calls = [line.split("=")[-1].strip().split("(")[0] for line in body]
    assert [call for call in calls if call in {"load", "model", "validate", "render", "check", "write"}] == [
        "load", "model", "validate", "render", "check", "write"]
