"""Faults of the machine and hostile input, each caused for real or at the seam where it would happen: one clear
line, the right exit status, no traceback, the previous site byte for byte (or the new one complete), and
nothing left behind."""
from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from microsite import assets, cache, pipeline, quick, rebuild, render, write
from sitekit import REPO, make_site, page_md, run_cli, snapshot

KEPT = "the previous site was left as it was"


@pytest.fixture
def site(tmp_path):
    """A site already built into tmp_path/public/dist, and that output as it is."""
    root = make_site(tmp_path, {"content/files/report.pdf": b"%PDF-1.4"})
    out = tmp_path / "public" / "dist"
    return root, out


def build(monkeypatch, capsys, root, out, *args):
    return run_cli(monkeypatch, capsys, root, "--out", str(out), *args)


def built(monkeypatch, capsys, root, out) -> dict[str, bytes]:
    code, _, err = build(monkeypatch, capsys, root, out)
    assert code == 0, err
    return snapshot(out)


def edit(root):
    (root / "content/fi/index.md").write_text(page_md("Etusivu", "Uusi teksti."), encoding="utf-8")


def beside(out) -> list[str]:
    return sorted(entry.name for entry in out.parent.iterdir())


def assert_clean_failure(err, before, out, status, code, line):
    assert code == status
    assert err.splitlines()[-1] == line
    assert "Traceback" not in err
    assert snapshot(out) == before
    assert beside(out) == ["dist"]


STAGES = {"full build": (pipeline, "render_site", "--no-cache"), "quick rebuild": (quick, "validate", "")}


@pytest.mark.parametrize("signum,status,how", [(signal.SIGINT, 130, "Ctrl+C"), (signal.SIGTERM, 143, "SIGTERM")])
@pytest.mark.parametrize("stage", STAGES)
def test_a_signal_mid_build_stops_it_and_keeps_the_old_site(site, monkeypatch, capsys, signum, status, how, stage):
    root, out = site
    before = built(monkeypatch, capsys, root, out)
    edit(root)
    module, name, option = STAGES[stage]
    real = getattr(module, name)

    def signalled(*args, **kwargs):
        os.kill(os.getpid(), signum)  # delivered for real, to this process, half-way through the build
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, signalled)
    code, _, err = build(monkeypatch, capsys, root, out, *filter(None, [option]))
    assert_clean_failure(err, before, out, status, code, f"Stopped ({how}): {KEPT}.")


def test_an_interrupt_after_the_swap_is_a_success(site, monkeypatch, capsys):
    root, out = site
    built(monkeypatch, capsys, root, out)
    edit(root)
    real = rebuild.save_cache

    def interrupted(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGINT)
        return real(*args, **kwargs)

    monkeypatch.setattr(rebuild, "save_cache", interrupted)
    code, _, err = build(monkeypatch, capsys, root, out)
    assert code == 0
    assert err.splitlines()[-1] == "Stopped (Ctrl+C) after the new site was in place: it is complete."
    assert "Uusi teksti." in (out / "fi/index.html").read_text()
    assert beside(out) == ["dist"]
    monkeypatch.undo()
    fresh = make_site(root.parent / "fresh", {"content/files/report.pdf": b"%PDF-1.4"})
    edit(fresh)
    assert snapshot(out) == built(monkeypatch, capsys, fresh, root.parent / "fresh" / "dist")


@pytest.mark.parametrize("code,message", [
    (errno.ENOSPC, "The disk is full (writing {where}): free some space and build again; " + KEPT + "."),
    (errno.EACCES, "No permission to use {where}: check who owns it, or build into another folder with --out; "
                   + KEPT + "."),
    (errno.EROFS, "{where} is on a read-only disk: build into another folder with --out; " + KEPT + "."),
])
def test_a_failed_write_keeps_the_old_site(site, monkeypatch, capsys, code, message):
    root, out = site
    before = built(monkeypatch, capsys, root, out)
    edit(root)
    real, failed = Path.write_bytes, []

    def failing(self, content):
        if not failed and self.suffix == ".html" and self.parent.name == "fi":
            failed.append(out / "fi" / self.name)  # the error names the file as it will be published
            raise OSError(code, os.strerror(code), str(self))
        return real(self, content)

    monkeypatch.setattr(Path, "write_bytes", failing)
    status, _, err = build(monkeypatch, capsys, root, out, "--no-cache")
    assert_clean_failure(err, before, out, 1, status, message.format(where=failed[0]))


def no_permission_for_a_folder(prefix, dir):
    raise PermissionError(errno.EACCES, "Permission denied", dir)


def busy_mount_point(first, second):
    raise OSError(errno.EBUSY, "Device or resource busy", str(second))


OUTPUT_FOLDER_FAULTS = [
    pytest.param(write.tempfile, "mkdtemp", no_permission_for_a_folder,
                 "No permission to use {out.parent}: check who owns it, or build into another folder with --out; "
                 + KEPT + ".", id="no permission beside the output"),
    pytest.param(write, "exchange", busy_mount_point,
                 "{out} cannot be replaced: it is a mount point or on another disk than the folder around it. "
                 "Build into a folder inside it, such as --out {out}/site; " + KEPT + ".",
                 id="an output folder that is a mount point"),
]


@pytest.mark.parametrize("owner, name, fault, message", OUTPUT_FOLDER_FAULTS)
def test_an_output_folder_that_cannot_be_replaced_keeps_the_old_site(site, monkeypatch, capsys, owner, name, fault,
                                                                     message):
    root, out = site
    before = built(monkeypatch, capsys, root, out)
    edit(root)
    monkeypatch.setattr(owner, name, fault)
    code, _, err = build(monkeypatch, capsys, root, out, "--no-cache")
    assert_clean_failure(err, before, out, 1, code, message.format(out=out))


def test_a_file_that_vanishes_mid_build(site, monkeypatch, capsys):
    root, out = site
    before = built(monkeypatch, capsys, root, out)
    edit(root)
    real = assets._files_under
    report = root / "content/files/report.pdf"

    def vanishing(folder):
        listed = real(folder)
        if report in listed:
            report.unlink()  # after the files were listed, before they are read
        return listed

    monkeypatch.setattr(assets, "_files_under", vanishing)
    code, _, err = build(monkeypatch, capsys, root, out, "--no-cache")
    assert_clean_failure(err, before, out, 1, code,
                         f"{report} disappeared during the build (moved or deleted meanwhile?): build again; {KEPT}.")


def test_a_cache_folder_that_cannot_be_written_is_a_warning(site, monkeypatch, capsys):
    root, out = site
    (root / ".cache").write_text("a file where the cache folder goes")
    code, stdout, err = build(monkeypatch, capsys, root, out)
    assert code == 0
    assert "content/" not in err.split("warning")[0]
    assert ".cache/: warning: the build cache cannot be written (File exists) (the site was built without it, " \
           "which takes longer)" in err.splitlines()
    assert stdout.startswith("Built ")
    assert (out / "fi/index.html").is_file()


def test_a_cache_that_cannot_be_saved_is_a_warning_and_the_next_build_is_right(site, monkeypatch, capsys):
    root, out = site
    built(monkeypatch, capsys, root, out)
    edit(root)

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(rebuild, "save_cache", full)
    code, _, err = build(monkeypatch, capsys, root, out)
    assert code == 0
    assert ".cache/: warning: the build cache could not be saved (No space left on device) (the site is built; " \
           "the next build will take longer)" in err.splitlines()
    assert "Uusi teksti." in (out / "fi/index.html").read_text()
    monkeypatch.undo()
    (root / "content/fi/index.md").write_text(page_md("Etusivu", "Kolmas teksti."), encoding="utf-8")
    built(monkeypatch, capsys, root, out)
    assert "Kolmas teksti." in (out / "fi/index.html").read_text()


def test_compiled_templates_on_a_full_disk_are_skipped_not_a_failure(site, monkeypatch, capsys):
    root, out = site
    mkstemp = render.tempfile.mkstemp

    def full_under_templates(*args, dir=None, **kwargs):
        if dir is not None and Path(dir).name == "templates":
            raise OSError(errno.ENOSPC, "No space left on device")
        return mkstemp(*args, dir=dir, **kwargs)

    monkeypatch.setattr(render.tempfile, "mkstemp", full_under_templates)
    code, stdout, err = build(monkeypatch, capsys, root, out)
    assert (code, err) == (0, "")
    assert stdout.startswith("Built ")
    assert not list((root / ".cache/templates").iterdir())
    edit(root)
    built(monkeypatch, capsys, root, out)
    assert "Uusi teksti." in (out / "fi/index.html").read_text()


def test_a_bug_in_the_tool_says_so_and_how_to_report_it(site, monkeypatch, capsys):
    root, out = site
    before = built(monkeypatch, capsys, root, out)
    edit(root)

    def broken(*args, **kwargs):
        raise TypeError("unsupported operand type(s) for +: 'int' and 'str'")

    monkeypatch.setattr(pipeline, "validate_site", broken)
    code, _, err = build(monkeypatch, capsys, root, out, "--no-cache")
    assert_clean_failure(err, before, out, 70, code,
                         "Internal error in the site tool, not in your content: TypeError: unsupported operand "
                         "type(s) for +: 'int' and 'str'. Run the same command with --debug to see the details, and "
                         "report it to the site's developers (an issue in its repository), with the command and "
                         "what it printed.")
    code, _, err = build(monkeypatch, capsys, root, out, "--no-cache", "--debug")
    assert code == 70
    assert err.startswith("Traceback (most recent call last):")
    assert snapshot(out) == before


def test_an_engine_error_below_a_template_is_not_called_a_template_error(site, monkeypatch, capsys):
    """A TypeError raised in code a template calls (here the inline Markdown filter) is the tool's bug."""
    root = make_site(site[0].parent / "other", {"templates/page.html": "{{ page.title|inline_md }}"})
    out = site[1]

    def engine_bug(text):
        raise TypeError("Markdown engine failed")

    monkeypatch.setattr(render, "inline_markdown", engine_bug)
    code, _, err = build(monkeypatch, capsys, root, out, "--no-cache")
    assert code == 70
    assert "template error" not in err
    assert err.splitlines()[-1].startswith("Internal error in the site tool, not in your content: TypeError: "
                                           "Markdown engine failed.")


def test_a_template_that_adds_text_to_a_number_is_still_a_template_error(site, monkeypatch, capsys):
    root = make_site(site[0].parent / "other", {"templates/page.html": "{{ page.title + 1 }}"})
    code, _, err = build(monkeypatch, capsys, root, site[1], "--no-cache")
    assert code == 1
    assert err.splitlines()[0].startswith("templates/page.html:1: template error: ")


def test_leftovers_of_killed_builds_are_removed_by_the_next(site, monkeypatch, capsys):
    root, out = site
    built(monkeypatch, capsys, root, out)
    for name in (".dist.new-x1", ".dist.old-x2"):
        (out.parent / name / "fi").mkdir(parents=True)
        (out.parent / name / "fi" / "index.html").write_text("half a site")
    saved = sorted(path.name for path in (root / ".cache").iterdir())
    manifest = next(root / ".cache" / name for name in saved if name.endswith(".manifest"))
    manifest.with_name(manifest.name + ".k1ll3d" + cache.TEMPORARY).write_bytes(b"half a cache file")
    edit(root)
    built(monkeypatch, capsys, root, out)
    assert beside(out) == ["dist"]
    assert sorted(path.name for path in (root / ".cache").iterdir()) == saved


def test_a_committed_dist_link_is_refused_and_its_target_kept(tmp_path, monkeypatch, capsys):
    root = make_site(tmp_path)
    victim = tmp_path / "home"
    victim.mkdir()
    (victim / "important.txt").write_text("precious")
    (root / "dist").symlink_to(victim)
    code, _, err = run_cli(monkeypatch, capsys, root)
    assert code == 1
    assert err.splitlines() == [
        f"{root / 'dist'}: the output folder is a link to another folder, which the build would replace "
        "(remove the link, or give --out the folder itself)",
        f"Build failed: 1 problem; {KEPT}."]
    assert snapshot(victim) == {"important.txt": b"precious"}


@pytest.mark.parametrize("where", [".", "content", "content/fi", "templates", "i18n", ".git", ".cache", ".."])
def test_an_output_folder_over_the_sources_is_refused(tmp_path, monkeypatch, capsys, where):
    root = make_site(tmp_path)
    (root / ".git").mkdir()
    before = snapshot(tmp_path)
    out = root / where
    code, _, err = build(monkeypatch, capsys, root, out)
    assert code == 1
    assert err.splitlines() == [
        f"{out.as_posix()}: the output folder would replace the site's sources (build into a folder of its own, "
        "such as dist/, the default)",
        f"Build failed: 1 problem; {KEPT}."]
    assert snapshot(tmp_path) == before


def test_a_planted_cache_is_never_unpickled_or_run(site, monkeypatch, capsys, tmp_path):
    """Cache files are sealed with a key outside the checkout: one committed to the project is not used."""
    import pickle
    root, out = site
    built(monkeypatch, capsys, root, out)
    proof = tmp_path / "ran"

    class Payload:
        def __reduce__(self):
            return (os.system, (f"touch {proof}",))

    planted = list((root / ".cache").glob("build-*")) + list((root / ".cache" / "templates").iterdir())
    assert planted
    for path in planted:
        path.write_bytes(bytes(32) + pickle.dumps(Payload()))
    edit(root)
    assert built(monkeypatch, capsys, root, out)["fi/index.html"].count(b"Uusi teksti.") == 1
    assert not proof.exists()
    for path in planted:  # the same files again: trusted, they would have run
        path.write_bytes(bytes(32) + pickle.dumps(Payload()))
    monkeypatch.setattr(cache, "is_sealed", lambda stream: stream.seek(32) >= 0)
    cache._read(planted[0])
    assert proof.exists()


def test_a_cache_folder_that_is_a_link_is_not_used(site, monkeypatch, capsys, tmp_path):
    root, out = site
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (root / ".cache").symlink_to(elsewhere)
    code, _, err = build(monkeypatch, capsys, root, out)
    assert code == 0
    assert (".cache/: warning: the build cache folder is a link, which is not used (the site was built without it, "
            "which takes longer; delete the link)") in err.splitlines()
    assert list(elsewhere.iterdir()) == []


WORKERS_THEN_WAIT = """
import os, sys, time
from microsite import parallel
parallel.JOBS_PER_WORKER = 1
parallel.os.sched_getaffinity = lambda pid: {0, 1}
def job(index):
    os.write(1, f"{os.getpid()}\\n".encode())  # each worker says who it is (in one write), then works a long time
    time.sleep(30)
parallel.map_jobs(job, 2)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_workers_end_with_a_build_killed_outright(tmp_path):
    build = subprocess.Popen([sys.executable, "-c", WORKERS_THEN_WAIT], cwd=REPO, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    workers = {int(build.stdout.readline()), int(build.stdout.readline())}
    os.kill(build.pid, signal.SIGKILL)
    build.wait()
    deadline = time.monotonic() + 5
    while workers and time.monotonic() < deadline:
        workers = {pid for pid in workers if Path(f"/proc/{pid}").exists() and "Z" not in _state(pid)}
        time.sleep(0.05)
    assert workers == set()
    assert build.stderr.read() == ""


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "Z"


def _run_then(site, after: str) -> subprocess.CompletedProcess:
    """Run a build as the whole process (as build.py does), then the Python lines after."""
    root, out = site
    script = ("import os, signal, sys, time\nfrom pathlib import Path\nfrom microsite import cli\n"
              f"cli.ROOT = Path({str(root)!r})\n"
              f"status = cli.main(['build', '--out', {str(out)!r}], whole_process=True)\n{after}")
    return subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=60)


def test_ctrl_c_after_the_command_is_done_changes_nothing(site):
    """The command ignores a Ctrl+C that comes after it is done: the exit status stays the build's, not
    'killed by SIGINT'."""
    done = _run_then(site, "os.kill(os.getpid(), signal.SIGINT)\ntime.sleep(0.2)\nsys.exit(status)\n")
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith("Built ")


def test_a_second_ctrl_c_ends_an_exit_that_hangs(site):
    """Should the process hang after the command (here a sleep stands in), a second Ctrl+C ends it at once,
    with the build's status and its output written."""
    started = time.monotonic()
    done = _run_then(site, "os.kill(os.getpid(), signal.SIGINT)\nos.kill(os.getpid(), signal.SIGINT)\n"
                           "time.sleep(30)\n")
    assert time.monotonic() - started < 20
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith("Built ")
