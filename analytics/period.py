"""Report periods as people type them: ``30d``, ``12w``, ``6h`` (back from now) or a date.

Every moment is checked against the range a report can cover (:data:`EARLIEST` to :data:`LATEST`,
at most :data:`MAX_BACK` back), so a period of ``99999999d`` or ``9999-12-31`` is a clear 400 that
names the parameter and the range, not an ``OverflowError``.
"""
from __future__ import annotations

import datetime as dt
import re

from askdesk.core.errors import BadRequest

_RELATIVE = re.compile(r"^(\d+)\s*([hdw])$")
_UNITS = {"h": "hours", "d": "days", "w": "weeks"}
EARLIEST = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
LATEST = dt.datetime(9999, 12, 31, tzinfo=dt.UTC)     # the end of the last whole date, 9999-12-30
MAX_BACK = dt.timedelta(days=36500)                   # a hundred years
FORMS = "30d, 12w, 6h or a date like 2026-11-01"
RANGE = (f"at most {MAX_BACK.days}d, {MAX_BACK.days // 7}w or {MAX_BACK.days * 24}h back, or a date from "
         f"{EARLIEST:%Y-%m-%d} to {LATEST - dt.timedelta(days=1):%Y-%m-%d}")


def out_of_range(name: str, text: str) -> BadRequest:
    """The error for a period parameter ``name`` whose value ``text`` is outside what a report covers."""
    return BadRequest(f"`{name}` is {text!r}, outside the periods a report covers: use {RANGE}")


def parse_moment(text: str, now: dt.datetime, name: str = "since") -> dt.datetime:
    """``30d`` → 30 days before ``now``; ``2026-11-01`` or a full ISO time → that moment (UTC).
    ``name`` is the parameter's, for the errors."""
    text = (text or "").strip()
    match = _RELATIVE.match(text)
    if match:
        amount, unit = int(match.group(1)), _UNITS[match.group(2)]
        if amount > MAX_BACK / dt.timedelta(**{unit: 1}):
            raise out_of_range(name, text)
        return now - dt.timedelta(**{unit: amount})
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise BadRequest(f"`{name}`: {text!r} is not a period: use {FORMS}") from None
    try:
        moment = (moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)).astimezone(dt.UTC)
    except OverflowError:
        raise out_of_range(name, text) from None
    if not EARLIEST <= moment <= LATEST:
        raise out_of_range(name, text)
    return moment


def window(since: str, until: str | None, now: dt.datetime | None = None) -> tuple[str, str]:
    """ISO-8601 UTC bounds [since, until) for the store."""
    now = now or dt.datetime.now(dt.UTC)
    start = parse_moment(since, now, "since")
    end = parse_moment(until, now, "until") if until else now
    if start >= end:
        raise BadRequest(f"the period is empty: {since!r} is not before {until or 'now'!r}")
    return start.astimezone(dt.UTC).isoformat(), end.astimezone(dt.UTC).isoformat()
