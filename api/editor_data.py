"""The editor snapshots (:mod:`askdesk.analytics.snapshot`) of the current app: filters read from a
request against the app's languages, and one :class:`SnapshotCache` per app in its extensions, so
moving between dashboard pages does not read the ledger again."""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from flask import current_app

from askdesk.analytics.snapshot import Filters, Snapshot, SnapshotCache
from askdesk.analytics.snapshot import parse_filters as _parse_filters

CACHE_KEY = "askdesk.editor"


def parse_filters(args: Mapping) -> Filters:
    """The filters of a request's query arguments (a bad value is a 400 naming it)."""
    return _parse_filters(args, current_app.extensions["askdesk"].locales)


def snapshot(filters: Filters) -> Snapshot:
    """The current app's snapshot for ``filters``, from its cache when fresh."""
    cache = current_app.extensions.setdefault(CACHE_KEY, SnapshotCache())
    runtime = current_app.extensions["askdesk"]
    return cache.get(filters, lambda: Snapshot(filters, dt.datetime.now(dt.UTC), store=runtime.store,
                                               searcher=runtime.index.current(), encoder=runtime.encoder,
                                               thresholds=runtime.thresholds))
