"""What to do when a tool the browser and validator tests need is missing: fail saying what to install,
or skip (announced on one line) where the developer said this machine cannot have it."""
from __future__ import annotations

import os

import pytest


def skip_allowed() -> bool:
    """True where the developer said this machine cannot have the browser tools (KASVU_SKIP_BROWSER=1)."""
    return os.environ.get("KASVU_SKIP_BROWSER", "").lower() in ("1", "true", "yes")


def require(request: pytest.FixtureRequest, missing: list[str], what: str, hint: str) -> None:
    """Fail when a tool is missing, saying what to install; skip (announced on one line) only if allowed."""
    if not missing:
        return
    message = f"{what}: {', '.join(missing)} missing; install with: {hint}"
    if not skip_allowed():
        pytest.fail(f"{message} (or set KASVU_SKIP_BROWSER=1 to skip these tests)", pytrace=False)
    announce(request.config, f"skipping {message}")
    pytest.skip(message)


def announce(config: pytest.Config, line: str) -> None:
    """Write one line to the terminal, outside pytest's output capture."""
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    capture = config.pluginmanager.get_plugin("capturemanager")
    if reporter is None or capture is None:
        return
    with capture.global_and_fixture_disabled():
        reporter.ensure_newline()
        reporter.write_line(line)
