"""The Nu Html Checker (vnu-jar, run with Java) over a built folder: its report by file, and the errors in it."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

from site_under_test import ROOT

VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
VALIDATOR_HINT = "npm ci and a Java 17+ runtime (apt-get install -y default-jre-headless)"


def missing_validator_tools() -> list[str]:
    """What the HTML validator needs and this machine lacks."""
    missing = []
    if shutil.which("java") is None:
        missing.append("java")
    if not VNU_JAR.is_file():
        missing.append("vnu-jar (node_modules)")
    return missing


def vnu_report(folder: Path) -> dict[str, list[dict]]:
    """Run the Nu Html Checker over folder (HTML, CSS and SVG); return its messages by relative path."""
    command = ["java", "-jar", str(VNU_JAR), "--skip-non-html", "--also-check-css", "--also-check-svg", "--format", "json", "--stdout",
               str(folder)]
    run = subprocess.run(command, capture_output=True, text=True, timeout=300)
    if run.returncode not in (0, 1) or not run.stdout.strip():
        raise RuntimeError(f"vnu failed ({run.returncode}): {run.stderr[-2000:]}")
    report: dict[str, list[dict]] = {}
    base = folder.resolve()
    for message in json.loads(run.stdout)["messages"]:
        url = message.get("url", "")
        path = Path(unquote(urlsplit(url).path)) if url.startswith("file:") else None
        relative = path.relative_to(base).as_posix() if path and path.is_relative_to(base) else url
        report.setdefault(relative, []).append(message)
    return report


def vnu_errors(messages: list[dict]) -> list[str]:
    """The errors among one file's messages, one line each (warnings and info are left out)."""
    return [f"{m.get('lastLine', '?')}:{m.get('firstColumn', '?')}: {m['message']} [{m.get('extract', '').strip()}]"
            for m in messages if m.get("type") in ("error", "non-document-error")]
