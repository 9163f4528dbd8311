"""File-change notifications for the preview, so that every save is seen at once and none is dropped.

livereload polls the files every 0.8 s, and its poller ignores a change that comes within three seconds of
the previous reload. So the preview gives livereload a watcher of its own (its documented extension point:
`Server(watcher=…)`, whose `start()` returning True means "I will call you"): the system's notifications
(inotify, FSEvents, ReadDirectoryChangesW, through watchfiles) arrive on a thread, are handed to the server's
event loop, and there the preview rebuilds and tells the browsers itself, after every rebuild.
"""
from __future__ import annotations

import threading
from pathlib import Path
from typing import Callable

import watchfiles
from livereload.watcher import Watcher
from tornado.ioloop import IOLoop

QUIET_MS = 15  # a burst of saves (an editor's temporary file and rename, a git checkout) is taken as one
LONGEST_MS = 300  # but a stream of changes is still handed on at least this often


class NotifyingWatcher(Watcher):
    """A livereload watcher that calls on_change(paths) in the server's event loop for each batch of changes."""

    def __init__(self, folders: list[Path], on_change: Callable[[set[str]], None]):
        super().__init__()
        self.folders = [folder for folder in folders if folder.is_dir()]
        self.on_change = on_change
        self.stop = threading.Event()

    def start(self, callback) -> bool:
        """Start listening (livereload calls this in its event loop's thread); True: livereload need not poll."""
        loop = IOLoop.current()
        threading.Thread(target=self._listen, args=(loop,), name="preview-watch", daemon=True).start()
        return True

    def examine(self):
        """Nothing for livereload's own poller to reload: the preview reloads the browsers after each rebuild."""
        return None, None

    def _listen(self, loop: IOLoop) -> None:
        for changes in watchfiles.watch(*self.folders, debounce=LONGEST_MS, step=QUIET_MS, stop_event=self.stop,
                                        raise_interrupt=False):
            loop.add_callback(self.on_change, {path for _, path in changes})
