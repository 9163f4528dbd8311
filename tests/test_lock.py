"""lock.py and the swap, for real: builds at once take turns, and a build killed at any instant leaves a whole
site (the old or the new), whose leftovers the next build removes."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from sitekit import REPO, make_site, page_md, snapshot

BUILD = [sys.executable, str(REPO / "build.py")]


def start(root, out, *args):
    return subprocess.Popen([*BUILD, "--source", str(root), "--out", str(out), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(process) -> tuple[int, str, str]:
    stdout, stderr = process.communicate(timeout=120)
    return process.returncode, stdout, stderr


def write_home(root, text):
    (root / "content/fi/index.md").write_text(page_md("Etusivu", text), encoding="utf-8")


def reference(tmp_path, text) -> dict[str, bytes]:
    """The site as a lone, cold build makes it with this home page text."""
    root = make_site(tmp_path / f"reference-{len(text)}")
    write_home(root, text)
    out = tmp_path / f"reference-{len(text)}" / "dist"
    assert finish(start(root, out, "--no-cache"))[0] == 0
    return snapshot(out)


def test_builds_at_once_take_turns(tmp_path):
    root = make_site(tmp_path)
    out = tmp_path / "public" / "dist"
    expected = reference(tmp_path, "Tervetuloa.")
    for options in ([], ["--no-cache"]):
        processes = [start(root, out, *options) for _ in range(3)]
        results = [finish(process) for process in processes]
        for code, stdout, stderr in results:
            assert code == 0, stderr
            assert "Traceback" not in stderr
            assert stdout.startswith("Built ")
        assert snapshot(out) == expected
        assert sorted(entry.name for entry in out.parent.iterdir()) == ["dist"]


def test_a_waiting_build_says_so(tmp_path):
    from microsite.lock import output_lock
    root = make_site(tmp_path)
    out = tmp_path / "dist"
    with output_lock(out, on_wait=lambda: None):
        process = start(root, out)
        time.sleep(1.5)
        assert process.poll() is None  # waits while the lock is held
    code, _, stderr = finish(process)
    assert code == 0
    assert stderr.splitlines()[0] == f"Another build into {out} is running: waiting for it to finish…"


def test_a_build_killed_at_any_instant_leaves_a_whole_site(tmp_path):
    root = make_site(tmp_path)
    out = tmp_path / "public" / "dist"
    texts = ["Ensimmäinen teksti.", "Toinen, pidempi teksti."]
    sites = [reference(tmp_path, text) for text in texts]
    write_home(root, texts[0])
    assert finish(start(root, out))[0] == 0
    for attempt in range(16):
        write_home(root, texts[(attempt + 1) % 2])
        process = start(root, out, *(["--no-cache"] if attempt % 4 == 3 else []))
        time.sleep(0.05 * attempt)  # from at once to later than a small build takes
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert snapshot(out) in sites, f"attempt {attempt}: neither the old site nor the new one"
    code, _, stderr = finish(start(root, out))
    assert code == 0, stderr
    assert snapshot(out) == sites[(16) % 2]
    assert sorted(entry.name for entry in out.parent.iterdir()) == ["dist"]
    assert not [path for path in (root / ".cache").iterdir() if path.name.endswith(".tmp")]


def test_private_folders_of_dead_processes_are_removed_and_live_ones_kept(tmp_path, monkeypatch):
    from microsite import lock
    monkeypatch.setattr(lock.tempfile, "tempdir", str(tmp_path))
    dead, recent = tmp_path / "kasvu-test-dead", tmp_path / "kasvu-test-recent"
    for folder in (dead, recent):
        (folder / "site").mkdir(parents=True)
    os.utime(dead, (time.time() - 3600,) * 2)
    with lock.private_folder("kasvu-test-") as live:
        os.utime(live, (time.time() - 3600,) * 2)  # old, but its process is alive and holds its lock
        with lock.private_folder("kasvu-test-") as other:
            assert sorted(path.name for path in tmp_path.iterdir()) == sorted(
                [recent.name, live.name, other.name])
        assert live.is_dir()
    assert sorted(path.name for path in tmp_path.iterdir()) == [recent.name]
