"""write.py: the new site goes to a temporary folder and is swapped in; a failure leaves the old one."""
from __future__ import annotations

import errno
from pathlib import Path

import pytest

from microsite.assets import collect_assets
from microsite import write
from microsite.write import replace_files, safe_target, tidy_beside, write_site
from sitekit import snapshot

FILES = {
    "index.html": b"<!DOCTYPE html><title>root</title>",
    "fi/index.html": "<p>Hyvää päivää</p>".encode(),
    "fi/teemat/index.html": b"<p>teemat</p>",
    "robots.txt": b"User-agent: *\n",
}


STYLE_CSS = "static/style.eac0e79057.css"  # the first 10 hex digits of the sha256 of "body { margin: 0; }\n"
LOGO_SVG = "static/img/logo.d4dc566691.svg"  # ... of b"<svg/>"


def write_tree(folder: Path, files: dict[str, bytes]) -> Path:
    """Write files (by path relative to folder) under folder and return it."""
    for relative, content in files.items():
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_bytes(content)
    return folder


@pytest.fixture
def static(tmp_path) -> Path:
    return write_tree(tmp_path / "templates" / "static",
                      {"style.css": b"body { margin: 0; }\n", "img/logo.svg": b"<svg/>", "robots-extra.txt": b"kept as is"})


@pytest.fixture
def editor_files(tmp_path) -> Path:
    return write_tree(tmp_path / "content" / "files", {"map.png": b"\x89PNG", "reports/2026.pdf": b"%PDF"})


@pytest.fixture
def published(tmp_path) -> Path:
    """An output folder from an earlier build."""
    return write_tree(tmp_path / "public" / "dist",
                      {"index.html": b"old root", "fi/index.html": b"old fi", "stale.html": b"a page since removed"})


def siblings(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir())


def test_static_files_are_fingerprinted_and_editors_files_copied(static, editor_files):
    assets = collect_assets(static, editor_files)
    assert assets.paths == {
        "img/logo.svg": LOGO_SVG,
        "robots-extra.txt": "static/robots-extra.txt",  # only cacheable kinds of file get a fingerprint
        "style.css": STYLE_CSS,
    }
    assert assets.files == {
        LOGO_SVG: b"<svg/>",
        "static/robots-extra.txt": b"kept as is",
        STYLE_CSS: b"body { margin: 0; }\n",
        "files/map.png": b"\x89PNG",
        "files/reports/2026.pdf": b"%PDF",
    }


def test_writes_files_and_static(tmp_path, static, editor_files):
    out = tmp_path / "new" / "dist"
    write_site({**FILES, **collect_assets(static, editor_files).files}, out=out)
    assert snapshot(out) == {
        **FILES,
        LOGO_SVG: b"<svg/>",
        "static/robots-extra.txt": b"kept as is",
        STYLE_CSS: b"body { margin: 0; }\n",
        "files/map.png": b"\x89PNG",
        "files/reports/2026.pdf": b"%PDF",
    }
    assert siblings(out) == ["dist"]
    assert out.stat().st_mode & 0o777 == 0o755


def test_without_static_folder_only_files_are_written(tmp_path):
    out = tmp_path / "dist"
    assets = collect_assets(tmp_path / "no-such-folder", tmp_path / "no-files-either")
    assert (assets.files, assets.paths) == ({}, {})
    write_site({**FILES, **assets.files}, out=out)
    assert snapshot(out) == FILES


def test_replaces_the_previous_site_whole(published):
    write_site(FILES, out=published)
    written = snapshot(published)
    assert "stale.html" not in written
    assert written["fi/index.html"] == FILES["fi/index.html"]
    assert siblings(published) == ["dist"]


@pytest.mark.parametrize("escaping", ["zz/../../outside.html", "../outside.html", "/tmp/outside.html"])
def test_path_escaping_the_output_leaves_the_old_site(published, escaping):
    before = snapshot(published)
    with pytest.raises(ValueError, match="refusing to write outside the output folder"):
        write_site({**FILES, escaping: b"evil"}, out=published)
    assert snapshot(published) == before
    assert siblings(published) == ["dist"]
    assert not (published.parent / "outside.html").exists()


@pytest.mark.parametrize("exception", [OSError("disk full"), KeyboardInterrupt()])
def test_failure_mid_way_leaves_the_old_site(published, monkeypatch, exception):
    before = snapshot(published)
    real_write_bytes = Path.write_bytes
    calls = []

    def failing_write_bytes(self, data):
        calls.append(self)
        if len(calls) == 3:
            raise exception
        return real_write_bytes(self, data)

    monkeypatch.setattr(Path, "write_bytes", failing_write_bytes)
    with pytest.raises(type(exception)):
        write_site(FILES, out=published)
    monkeypatch.undo()
    assert len(calls) == 3  # two files were written to the temporary folder first
    assert snapshot(published) == before
    assert siblings(published) == ["dist"]


def test_file_clashing_with_a_folder_leaves_the_old_site(published):
    before = snapshot(published)
    with pytest.raises(FileExistsError):  # "fi" is written as a file, then needed as the folder of fi/index.html
        write_site({**FILES, "fi": b"a file where a folder goes"}, out=published)
    assert snapshot(published) == before
    assert siblings(published) == ["dist"]


def test_failed_exchange_keeps_the_old_site(published, monkeypatch):
    before = snapshot(published)

    def failing(first, second):
        raise OSError(errno.EIO, "input/output error", str(second))

    monkeypatch.setattr(write, "exchange", failing)
    with pytest.raises(OSError):
        write_site(FILES, out=published)
    assert snapshot(published) == before
    assert siblings(published) == ["dist"]


def test_the_swap_is_one_atomic_exchange_where_the_system_has_it(published, monkeypatch):
    """The old folder is never renamed away first: there is no instant without a site."""
    renamed = []
    real_rename = Path.rename
    monkeypatch.setattr(Path, "rename", lambda self, target: renamed.append(self.name) or real_rename(self, target))
    write_site(FILES, out=published)
    assert renamed == []
    assert snapshot(published) == FILES
    assert siblings(published) == ["dist"]


def test_without_exchange_a_failed_second_rename_puts_the_old_site_back(published, monkeypatch):
    before = snapshot(published)
    real_rename = Path.rename

    def rename(self, target):
        if Path(target) == published.resolve() and self.name.startswith(".dist.new-"):
            raise OSError("rename failed")
        return real_rename(self, target)

    monkeypatch.setattr(write, "exchange", lambda first, second: False)
    monkeypatch.setattr(Path, "rename", rename)
    with pytest.raises(OSError):
        write_site(FILES, out=published)
    monkeypatch.undo()
    assert snapshot(published) == before
    assert siblings(published) == ["dist"]


def test_a_kill_between_the_two_renames_is_repaired_by_the_next_build(published, monkeypatch):
    """Where the system cannot exchange, a build killed after moving the old site away leaves no out; the next
    build puts the old site back before anything else, and removes the dead build's folders."""
    before = snapshot(published)
    real_rename = Path.rename

    def killed(self, target):
        if Path(target) == published.resolve():
            raise SystemExit("killed")  # stands for kill -9: nothing after this line runs
        return real_rename(self, target)

    monkeypatch.setattr(write, "exchange", lambda first, second: False)
    monkeypatch.setattr(Path, "rename", killed)
    monkeypatch.setattr(write.shutil, "rmtree", lambda *args, **kwargs: None)  # a killed build cleans up nothing
    with pytest.raises(SystemExit):
        write_site(FILES, out=published)
    monkeypatch.undo()
    assert not published.exists()
    assert sorted(name.split("-")[0] for name in siblings(published)) == [".dist.new", ".dist.old"]
    tidy_beside(published)
    assert snapshot(published) == before
    assert siblings(published) == ["dist"]


def test_tidy_removes_only_leftovers_of_this_output(published):
    for name in (".dist.new-abc", ".dist.old-def", ".other.new-x", "dist.new-keep"):
        (published.parent / name / "fi").mkdir(parents=True)
    (published.parent / ".dist.new-file").write_text("a file, not a build folder")
    before = snapshot(published)
    tidy_beside(published)
    assert snapshot(published) == before
    assert siblings(published) == [".dist.new-file", ".other.new-x", "dist", "dist.new-keep"]


def test_replacing_files_in_place_writes_nothing_into_the_output_before_its_rename(published, monkeypatch):
    written = []
    real_write_bytes = Path.write_bytes

    def record(self, data):
        written.append(self)
        if len(written) == 2:
            raise KeyboardInterrupt
        return real_write_bytes(self, data)

    before = snapshot(published)
    monkeypatch.setattr(Path, "write_bytes", record)
    with pytest.raises(KeyboardInterrupt):
        replace_files(published, {"index.html": b"new root", "fi/index.html": b"new fi"})
    monkeypatch.undo()
    assert all(published.resolve() not in path.parents for path in written)
    assert snapshot(published) == before
    assert siblings(published) == ["dist"]
    replace_files(published, {"index.html": b"new root", "fi/index.html": b"new fi"})
    assert snapshot(published) == {**before, "index.html": b"new root", "fi/index.html": b"new fi"}
    assert siblings(published) == ["dist"]


def test_safe_target_accepts_paths_inside(tmp_path):
    assert safe_target(tmp_path, "fi/teemat/index.html") == tmp_path.resolve() / "fi" / "teemat" / "index.html"
    assert safe_target(tmp_path, "fi/../en/index.html") == tmp_path.resolve() / "en" / "index.html"


@pytest.mark.parametrize("relative", ["../x", "fi/../../x", "/etc/passwd", "", "."])
def test_safe_target_refuses_paths_outside(tmp_path, relative):
    with pytest.raises(ValueError) as excinfo:
        safe_target(tmp_path / "out", relative)
    assert str(excinfo.value) == f"refusing to write outside the output folder: {relative}"


def test_in_place_replaces_the_written_files_and_removes_the_rest_and_their_empty_folders(published):
    (published / "gone").mkdir()
    (published / "gone" / "index.html").write_bytes(b"a page since moved")
    previous = ["index.html", "fi/index.html", "stale.html", "gone/index.html"]
    with write.InPlace(published, previous) as staging:
        staging.write("fi/index.html", b"new fi")
        staging.write("fi/uusi/index.html", b"a new page")
        staging.keep("index.html")
        assert snapshot(published)["fi/index.html"] == b"old fi"  # nothing changes before commit
        staging.commit()
    assert snapshot(published) == {"index.html": b"old root", "fi/index.html": b"new fi",
                                   "fi/uusi/index.html": b"a new page"}
    assert not (published / "gone").exists()
    assert siblings(published) == ["dist"]


def test_in_place_takes_files_written_by_forked_workers(published):
    import os
    with write.InPlace(published) as staging:  # no list of previous files: out is walked
        child = os.fork()
        if child == 0:  # as a render worker does
            staging.write("fi/index.html", b"from a worker")
            os._exit(0)
        assert os.waitpid(child, 0)[1] == 0
        staging.commit()
    assert snapshot(published) == {"fi/index.html": b"from a worker"}


def test_in_place_failure_before_commit_leaves_the_output_as_it_was(published):
    before = snapshot(published)
    with pytest.raises(ValueError, match="refusing to write outside"):
        with write.InPlace(published) as staging:
            staging.write("fi/index.html", b"new fi")
            staging.write("../outside.html", b"x")
            staging.commit()
    assert snapshot(published) == before
    assert siblings(published) == ["dist"]
