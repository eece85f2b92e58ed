"""The index a process serves, switched to a newer build without a restart.

``LiveIndex.current()`` returns a :class:`Searcher`; at most every ``check_seconds`` it looks at
the index folder's CURRENT pointer and, when it names a new build, loads that build in a
background thread and swaps it in once ready. Requests in flight keep the searcher they started
with; a build that fails to load is reported and the old one keeps serving.
"""
from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

from askdesk.core.errors import IndexMissing
from askdesk.indexer import layout
from askdesk.indexer.encoders import Encoder
from askdesk.indexer.search import Searcher

log = logging.getLogger(__name__)
RETIRE_AFTER_SECONDS = 60.0


class LiveIndex:
    def __init__(self, root: Path, encoder: Encoder, *, check_seconds: float = 2.0, **searcher_options):
        self.root = Path(root)
        self.encoder = encoder
        self.check_seconds = check_seconds
        self.searcher_options = searcher_options
        self._searcher: Searcher | None = None
        self._checked = 0.0
        self._loading = False
        self._lock = threading.Lock()
        self.last_error: str | None = None

    def load_now(self) -> Searcher:
        """Load the current build synchronously (start-up, CLI)."""
        build = layout.current_build(self.root)
        if build is None:
            raise IndexMissing(f"no index in {self.root}; build one with `askdesk index --index {self.root}`")
        if self._searcher is None or self._searcher.build != build:
            searcher = Searcher(build, self.encoder, **self.searcher_options)
            self.encoder.encode(["warm up"])  # first encode initialises the model
            self._searcher = searcher
        self._checked = time.monotonic()
        return self._searcher

    def current(self) -> Searcher:
        if self._searcher is None:
            with self._lock:
                if self._searcher is None:
                    return self.load_now()
        if time.monotonic() - self._checked >= self.check_seconds:
            self._maybe_reload()
        return self._searcher

    def _maybe_reload(self) -> None:
        with self._lock:
            if self._loading or time.monotonic() - self._checked < self.check_seconds:
                return
            self._checked = time.monotonic()
            build_id = layout.current_build_id(self.root)
            if build_id is None or build_id == self._searcher.build_id:
                return
            self._loading = True
        threading.Thread(target=self._reload, args=(build_id,), daemon=True, name="index-reload").start()

    def _reload(self, build_id: str) -> None:
        try:
            searcher = Searcher(layout.builds_dir(self.root) / build_id, self.encoder, **self.searcher_options)
            old, self._searcher = self._searcher, searcher  # an atomic swap: requests in flight keep the old one
            if old is not None:  # release its files once requests that started on it are surely done
                timer = threading.Timer(RETIRE_AFTER_SECONDS, old.close)
                timer.daemon = True
                timer.start()
            self.last_error = None
            log.info("now serving index build %s", build_id)
        except Exception as exc:  # keep serving the old build, say why the new one was refused
            self.last_error = f"build {build_id} could not be loaded: {exc}"
            log.error(self.last_error)
        finally:
            self._loading = False

    @property
    def ready(self) -> bool:
        return self._searcher is not None
