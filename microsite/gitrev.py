"""Git for `review`: which revision to compare with, and a temporary checkout of it that is always removed."""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .errors import ContentError, ContentErrors
from .messages import N_

MAIN_BRANCHES = ("main", "origin/main")


@dataclass(frozen=True)
class Revision:
    """A commit to compare with: as the editor named it (or how it was chosen), and its full hash."""

    name: str
    commit: str
    reason: str = ""  # why this one was chosen when none was named (a message, translated where shown)

    @property
    def short(self) -> str:
        return self.commit[:10]


def git(folder: Path, *args: str) -> subprocess.CompletedProcess:
    """Run git in folder; its output as text, never raising on a failing status."""
    return subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True)


def _problem(message: str, hint: str, **values: str) -> ContentErrors:
    return ContentErrors([ContentError("git", None, message, hint, tuple(values.items()))])


def repository_of(root: Path) -> tuple[Path, str]:
    """The top folder of the git repository holding root, and root's path inside it ('' at the top)."""
    if shutil.which("git") is None:
        raise _problem(N_("git is not installed"), N_("install git; review compares git revisions"))
    top = git(root, "rev-parse", "--show-toplevel")
    if top.returncode != 0:
        raise _problem(N_("{folder} is not in a git repository"),
                       N_("review compares the working tree with a git revision; run it in a clone of the site"),
                       folder=str(root))
    prefix = git(root, "rev-parse", "--show-prefix").stdout.strip()
    return Path(top.stdout.strip()), prefix


def resolve(root: Path, name: str | None) -> Revision:
    """The revision to compare with: the one named, else HEAD if the working tree has uncommitted changes,
    else the merge base with main."""
    repository_of(root)
    if name is None:
        return _default_revision(root)
    # --end-of-options: a name that starts with "-" is looked up as a revision, never read as an option.
    found = git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", name + "^{commit}")
    if found.returncode == 0:
        return Revision(name, found.stdout.strip())
    if git(root, "rev-parse", "--is-shallow-repository").stdout.strip() == "true":
        raise _problem(N_("the revision {name} is not in this shallow clone"),
                       N_("fetch the history first: git fetch --unshallow (in a workflow, actions/checkout with "
                          "fetch-depth: 0)"), name=name)
    raise _problem(N_("there is no revision {name}"),
                   N_("name a branch, a tag or a commit, such as main or HEAD~1"), name=name)


def _default_revision(root: Path) -> Revision:
    if uncommitted(root):
        return Revision("HEAD", resolve(root, "HEAD").commit, N_("the working tree has uncommitted changes"))
    for branch in MAIN_BRANCHES:
        if git(root, "rev-parse", "--verify", "--quiet", branch + "^{commit}").returncode != 0:
            continue
        base = git(root, "merge-base", "HEAD", branch)
        if base.returncode == 0:
            return Revision(branch, base.stdout.strip(), N_("the merge base with the main branch"))
    raise _problem(N_("there is no branch main to compare with"),
                   N_("name the revision to compare with: python build.py review REVISION"))


def uncommitted(root: Path) -> bool:
    """True when the working tree under root differs from HEAD (files git ignores do not count)."""
    return bool(git(root, "status", "--porcelain", "--untracked-files=all", "--", ".").stdout.strip())


def changed_paths(root: Path, commit: str) -> list[str]:
    """The paths under root that differ between commit and the working tree, untracked files included."""
    # -z: names as they are (without it git quotes a name with "ä" or a line break in it, "microsite/\303\244.py")
    tracked = git(root, "diff", "--name-only", "-z", "--relative", commit, "--", ".").stdout.split("\0")
    untracked = git(root, "ls-files", "-z", "--others", "--exclude-standard", "--", ".").stdout.split("\0")
    return sorted({path for path in tracked + untracked if path})


@contextmanager
def checkout(root: Path, revision: Revision) -> Iterator[Path]:
    """A temporary worktree of revision (detached); yields the folder that holds the site there, as root does
    in the working tree. The worktree is removed afterwards, however the block ends."""
    top, prefix = repository_of(root)
    folder = Path(tempfile.mkdtemp(prefix="kasvu-review-"))
    tree = folder / "tree"
    added = git(top, "worktree", "add", "--detach", "--quiet", str(tree), revision.commit)
    try:
        if added.returncode != 0:
            raise _problem(N_("git could not check out {name}: {error}"), N_("is the clone complete?"),
                           name=revision.name, error=(added.stderr.strip().splitlines() or [""])[-1])
        yield tree / prefix
    finally:
        git(top, "worktree", "remove", "--force", str(tree))
        shutil.rmtree(folder, ignore_errors=True)
        git(top, "worktree", "prune")
