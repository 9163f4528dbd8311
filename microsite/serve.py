"""`python build.py serve`: build with drafts, serve on 127.0.0.1, rebuild and reload the browser on every edit."""
from __future__ import annotations

import errno
import html
import logging
import os
import socket
import sys
from pathlib import Path

from .errors import WARNING, ContentError, ContentErrors
from .failures import explain_os_error
from .cache import BuildCache
from .lock import private_folder
from .messages import N_, Number, _, current, ngettext_
from .options import Options
from .rebuild import build
from .reloads import Reloader
from .watch import NotifyingWatcher
from .write import write_site

WATCHED = ("content", "templates", "i18n")
MEMORY_FOLDER_ROOM = 512 * 2**20  # free bytes /dev/shm must have to hold the preview


class Preview:
    """The preview's state: where it is written, and the pages of the last good build (to show errors at)."""

    def __init__(self, root: Path, out: Path, port: int):
        self.options = Options(root, out, base_url=f"http://127.0.0.1:{port}/", drafts=True, preview=True)
        self.pages: list[str] = ["index.html", "404.html"]
        self.cache = BuildCache()  # kept in memory between rebuilds: an edit redoes only what it affects
        self.showing_errors = False
        self.reload_path = "*"
        self.reloader = Reloader()

    def changed(self, paths: set[str]) -> None:
        """Files changed: rebuild once for all changes noted so far, then reload the browsers if anything
        they show changed. Runs in the server's event loop, so rebuilds never overlap, and a change noted
        during one is picked up by the next."""
        if self.rebuild():
            self.reloader.reload(self.reload_path)
        elif self.showing_errors:
            self.reloader.reload("*")

    def rebuild(self) -> bool:
        """Build into the preview folder; on content errors, print them and show them on every page instead.
        True if files the browser may show were written."""
        self.reload_path = "*"
        try:
            result = build(self.options, self.cache)
        except ContentErrors as exc:
            self.show_errors(exc.errors)
            return False
        except OSError as exc:
            print(explain_os_error(exc, published=False), file=sys.stderr)
            return False
        self.showing_errors = False
        written = result.files
        if written and all(path.endswith(".css") for path in written):
            self.reload_path = written[0]  # livereload.js swaps a stylesheet without reloading the page
        self.pages = sorted(set(self.pages) | {path for path in [*result.files, *result.reused] if path.endswith(".html")})
        for warning in result.warnings:
            print(warning.as_line(WARNING), file=sys.stderr)
        print(ngettext_("Built {count} page (files written: {written}, kept: {kept}); the preview is up to date.",
                        "Built {count} pages (files written: {written}, kept: {kept}); the preview is up to date.",
                        result.summary.pages, written=Number(len(result.files)), kept=Number(len(result.reused))),
              file=sys.stderr)
        return bool(written)

    def show_errors(self, errors: list[ContentError]) -> None:
        for error in errors:
            print(error, file=sys.stderr)
        print(ngettext_("{count} problem: fix it and save; the preview shows it until then.",
                        "{count} problems: fix them and save; the preview shows them until then.", len(errors)),
              file=sys.stderr)
        self.showing_errors = True
        page = error_page(errors).encode()
        write_site({path: page for path in self.pages}, self.options.out)
        self.cache.forget_output()  # the pages are gone: the next build makes them all


def error_page(errors: list[ContentError]) -> str:
    """A page naming every problem, shown in the browser at the address being previewed, in the tool's language."""
    items = "\n".join(f"<li><code>{html.escape(str(error))}</code></li>" for error in errors)
    title, heading, advice = (html.escape(_(text)) for text in (
        N_("Content error"), N_("The site has an error and cannot be previewed"),
        N_("Fix the lines below and save the file: the page reloads by itself.")))
    return f"""<!DOCTYPE html>
<html lang="{current()}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>body{{font:1.1rem/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem}}
h1{{color:#a30000}}code{{white-space:pre-wrap}}li{{margin:.5rem 0}}</style></head>
<body><main>
<h1>{heading}</h1>
<p>{advice}</p>
<ol class="errors">
{items}
</ol>
</main></body>
</html>
"""


def serve(root: Path, port: int) -> int:
    """Serve the preview until interrupted; errors never stop the server."""
    busy = port_problem(port)
    if busy:  # said before anything else, rather than after a first build
        print(_("Cannot serve on port {port}: {error}. Is a preview already running? Use it, or start this one "
                "on another port: python build.py serve --port {next}", port=port, error=busy, next=port + 1),
              file=sys.stderr)
        return 1
    with private_folder("kasvu-preview-", memory_folder()) as folder:
        return _serve(root, port, folder / "site")


def memory_folder() -> Path | None:
    """A folder in memory for the preview's output where the system has one (Linux's /dev/shm): a rebuild
    links thousands of unchanged files into a new folder and removes the old, which on a disk takes longer
    than the rebuild itself (a title edit at 1,000 pages: 1.2 s on disk, 0.6 s in memory). None: the default."""
    shm = Path("/dev/shm")
    if not (shm.is_dir() and os.access(shm, os.W_OK | os.X_OK)):
        return None
    room = os.statvfs(shm)
    return shm if room.f_bavail * room.f_frsize >= MEMORY_FOLDER_ROOM else None  # a container's is often 64 MB


def port_problem(port: int) -> str | None:
    """Why the preview could not listen on 127.0.0.1:port, or None if it can."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server will: a closed one's port is free
        try:
            probe.bind(("127.0.0.1", port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return _("the port is already in use")
            return exc.strerror or str(exc)
    return None


def _serve(root: Path, port: int, out: Path) -> int:
    from livereload import Server
    preview = Preview(root, out, port)
    preview.rebuild()
    watcher = NotifyingWatcher([root / folder for folder in WATCHED], preview.changed)
    server = Server(watcher=watcher)
    logging.getLogger("livereload").setLevel(logging.WARNING)
    print(_("Preview: {address} (drafts included; Ctrl+C stops)", address=f"http://127.0.0.1:{port}/"), file=sys.stderr)
    try:
        server.serve(root=str(out), host="127.0.0.1", port=port, open_url_delay=None)  # it ends on an interrupt
    except OSError as exc:
        print(_("Cannot serve on port {port}: {error}. Try another: python build.py serve --port {next}",
                port=port, error=exc.strerror, next=port + 1), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        pass  # raised outside livereload's own loop, which catches the rest
    finally:
        watcher.stop.set()
    print(_("Preview stopped."), file=sys.stderr)
    return 0
