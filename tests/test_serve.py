"""The live preview, for real: start it, fetch a page, edit, break and fix a file, and see each served."""
from __future__ import annotations

import http.client
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT

TIMEOUT_SECONDS = 30


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(url: str, condition) -> BeautifulSoup:
    """Poll the page until condition(soup) holds; fail after TIMEOUT_SECONDS."""
    deadline, soup = time.monotonic() + TIMEOUT_SECONDS, None
    while time.monotonic() < deadline:
        text = fetch(url)
        soup = BeautifulSoup(text, "html.parser") if text else None
        if soup is not None and condition(soup):
            return soup
        time.sleep(0.3)
    pytest.fail(f"{url} never showed what was expected; last: {soup.get_text(' ', strip=True)[:300] if soup else None}")


@pytest.fixture
def preview(tmp_path):
    for folder in ("content", "templates", "i18n"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    port = free_port()
    process = subprocess.Popen([sys.executable, "build.py", "serve", "--source", str(tmp_path), "--port", str(port)],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        yield tmp_path, f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def h1(soup: BeautifulSoup) -> str:
    return soup.h1.get_text(strip=True) if soup.h1 else ""


def test_preview_rebuilds_shows_errors_and_recovers(preview):
    site, base = preview
    page = f"{base}/fi/teemat/"
    assert h1(wait_for(page, lambda s: s.h1 is not None)) == "Kasvuallianssin teemat"
    time.sleep(1.5)  # let the watcher take its first look before the first edit
    themes = site / "content/fi/themes.md"
    themes.write_text(themes.read_text(encoding="utf-8").replace("title: Kasvuallianssin teemat", "title: Teemat nyt"),
                      encoding="utf-8")
    wait_for(page, lambda s: h1(s) == "Teemat nyt")
    settings = site / "content/site.yaml"
    good = settings.read_text(encoding="utf-8")
    settings.write_text(good + "tittle: oops\n", encoding="utf-8")
    broken = wait_for(page, lambda s: s.select("ol.errors li"))
    line = len(good.splitlines()) + 1
    assert [li.get_text() for li in broken.select("ol.errors li")] == [
        f"content/site.yaml:{line}: unknown setting 'tittle' (known settings: base_url, name, languages, footer)"]
    settings.write_text(good, encoding="utf-8")
    assert h1(wait_for(page, lambda s: s.h1 is not None and not s.select("ol.errors"))) == "Teemat nyt"


def test_preview_shows_drafts_marked(preview):
    _, base = preview
    listing = wait_for(f"{base}/fi/ajankohtaista/", lambda s: s.h1 is not None)
    assert h1(listing) == "Ajankohtaista"
    post = wait_for(f"{base}/fi/ajankohtaista/esimerkkiuutinen/", lambda s: s.h1 is not None)
    assert post.select_one("main .notice--draft") is not None


def listening_addresses(port: int) -> set[str]:
    """The local addresses on which something listens on port (Linux's /proc/net: IPv4 and IPv6)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as rows:
            for row in list(rows)[1:]:
                local, state = row.split()[1], row.split()[3]
                address, hex_port = local.rsplit(":", 1)
                if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                    found.add(address)
    return found


def test_preview_listens_on_loopback_only_and_serves_nothing_outside_the_site(preview):
    _, base = preview
    wait_for(f"{base}/fi/", lambda s: s.h1 is not None)
    port = int(base.rsplit(":", 1)[1])
    assert listening_addresses(port) == {"0100007F"}  # 127.0.0.1, as /proc/net/tcp writes it
    for path in ("/../../../../etc/passwd", "/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2f..%2fetc%2fpasswd",
                 "//etc/passwd", "/fi/../../../../../etc/hostname"):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read()
        connection.close()
        assert response.status in (400, 403, 404), (path, response.status)
        assert b"root:" not in body


def test_a_second_preview_on_a_busy_port_says_so_before_building(tmp_path):
    port = free_port()
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", port))
        holder.listen()
        started = time.monotonic()
        result = subprocess.run([sys.executable, "build.py", "serve", "--port", str(port)], cwd=ROOT,
                                capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"Cannot serve on port {port}: the port is already in use. Is a preview already running? Use it, or start "
        f"this one on another port: python build.py serve --port {port + 1}"]
    assert time.monotonic() - started < 5  # no build first


def test_the_preview_is_kept_in_memory_only_where_there_is_room(monkeypatch):
    from types import SimpleNamespace
    from microsite import serve as preview
    if not preview.Path("/dev/shm").is_dir():
        pytest.skip("no /dev/shm on this system: the preview uses the default temporary folder")
    monkeypatch.setattr(preview.os, "statvfs", lambda path: SimpleNamespace(f_bavail=16 * 1024, f_frsize=4096))
    assert preview.memory_folder() is None  # 64 MB, as a container's: the disk instead
    monkeypatch.setattr(preview.os, "statvfs", lambda path: SimpleNamespace(f_bavail=2**20, f_frsize=4096))
    assert preview.memory_folder() == preview.Path("/dev/shm")
