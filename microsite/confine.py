"""Nothing outside the project is read or published: a link under content/, templates/ or i18n/ must lead to a
place inside its own folder.

Git keeps symbolic links, so a pull request can add one that points at a secret of the machine that builds it
(`content/files/key -> ~/.ssh/id_rsa`); followed, it would be copied into the site. Such links are refused
before any file is read; links that stay inside their folder are fine.
"""
from __future__ import annotations

import os
from pathlib import Path

from .errors import ContentError
from .messages import N_

INPUT_FOLDERS = ("content", "templates", "i18n")


def escaping_links(root: Path) -> list[ContentError]:
    """An error for each link under the input folders that leads outside its folder, or nowhere it can tell."""
    errors = []
    root = root.resolve()
    for folder in INPUT_FOLDERS:
        top = root / folder
        if top.is_symlink() and not leads_inside(top, root):
            errors.append(ContentError(folder, None, N_("the folder {folder}/ is a link to a place outside the "
                                                        "project; it is not read or published"),
                                       N_("put the file itself in the project instead of a link to it"),
                                       (("folder", folder),)))
            continue
        for link in _links_under(top):
            if not leads_inside(link, top.resolve()):
                shown = link.relative_to(root).as_posix()
                errors.append(ContentError(shown, None, N_("{file} is a link to a place outside {folder}/; it is not "
                                                           "read or published"),
                                           N_("put the file itself in {folder}/ instead of a link to it"),
                                           (("file", shown), ("folder", folder))))
    return errors


def leads_inside(link: Path, folder: Path) -> bool:
    """True if the link's final target is in folder (folder already resolved); a loop leads nowhere."""
    try:
        target = link.resolve()
    except (OSError, RuntimeError):  # RuntimeError: a loop of links (Python 3.11)
        return False
    return target == folder or folder in target.parents


def _links_under(top: Path):
    """Every symbolic link under top, which is walked without following links."""
    folders = [str(top)]
    while folders:
        try:
            entries = list(os.scandir(folders.pop()))
        except (FileNotFoundError, NotADirectoryError):
            continue
        for entry in entries:
            if entry.is_symlink():
                yield Path(entry.path)
            elif entry.is_dir():
                folders.append(entry.path)

