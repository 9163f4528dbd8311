"""confine.py: a link under content/, templates/ or i18n/ that leads outside its folder is refused, never read."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from sitekit import REPO, make_site, run_cli, snapshot

SECRET = "do-not-publish-7f3a"


@pytest.fixture
def outside(tmp_path):
    """A secret of the machine, outside the project."""
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    return secret


def built(monkeypatch, capsys, root, out):
    code, _, err = run_cli(monkeypatch, capsys, root, "--out", str(out))
    assert code == 0, err
    return snapshot(out)


@pytest.mark.parametrize("link,target", [
    ("content/files/secret.txt", "{secret}"),
    ("content/fi/salainen.md", "{secret}"),
    ("content/themes.yaml", "{secret}"),
    ("content/files/home", "{home}"),  # a folder outside
    ("templates/static/key.css", "{secret}"),
    ("templates/partials/outer.html", "../../../secret.txt"),  # relative, climbing out
    ("i18n/fi/LC_MESSAGES/messages.po", "{secret}"),
    ("content/files/loop", "loop"),  # a link to itself leads nowhere
])
def test_a_link_leading_outside_is_refused_and_the_old_site_kept(tmp_path, monkeypatch, capsys, outside, link,
                                                                   target):
    root = make_site(tmp_path)
    out = tmp_path / "public" / "dist"
    before = built(monkeypatch, capsys, root, out)
    path = root / link
    path.unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(target.format(secret=outside, home=tmp_path), path)
    for args in (("--out", str(out)), ("--out", str(out), "--no-cache")):
        code, stdout, err = run_cli(monkeypatch, capsys, root, *args)
        folder = link.split("/")[0]
        assert code == 1
        assert err.splitlines() == [
            f"{link}: {link} is a link to a place outside {folder}/; it is not read or published "
            f"(put the file itself in {folder}/ instead of a link to it)",
            "Build failed: 1 problem; the previous site was left as it was.",
        ]
        assert snapshot(out) == before
        assert sorted(p.name for p in out.parent.iterdir()) == ["dist"]


def test_an_input_folder_that_is_a_link_outside_is_refused(tmp_path, monkeypatch, capsys):
    root = make_site(tmp_path)
    os.rename(root / "templates", tmp_path / "elsewhere")
    os.symlink(tmp_path / "elsewhere", root / "templates")
    code, _, err = run_cli(monkeypatch, capsys, root, "--out", str(tmp_path / "dist"))
    assert code == 1
    assert err.splitlines()[0] == ("templates: the folder templates/ is a link to a place outside the project; it is "
                                   "not read or published (put the file itself in the project instead of a link "
                                   "to it)")


def test_a_link_inside_its_folder_is_fine(tmp_path, monkeypatch, capsys):
    root = make_site(tmp_path, {"content/files/report.pdf": b"%PDF-1.4"})
    os.symlink("report.pdf", root / "content/files/raportti.pdf")
    out = tmp_path / "dist"
    files = built(monkeypatch, capsys, root, out)
    assert files["files/raportti.pdf"] == b"%PDF-1.4"


def test_the_target_is_never_opened(tmp_path, outside):
    """The target is a named pipe: opening it for reading would block the build, which the timeout would end."""
    root = make_site(tmp_path)
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    (root / "content/files").mkdir()
    os.symlink(pipe, root / "content/files/pipe.txt")
    out = tmp_path / "dist"
    for extra in ([], ["--no-cache"], [], ["status"]):
        command = [sys.executable, str(REPO / "build.py"), *extra[:1], "--source", str(root)]
        if not extra or extra[0] != "status":
            command += ["--out", str(out), *extra]
        result = subprocess.run(command, capture_output=True, text=True, timeout=60)
        assert result.returncode == 1, result.stderr
        assert "content/files/pipe.txt is a link to a place outside content/" in result.stderr
        assert "Traceback" not in result.stderr
    assert not out.exists()
