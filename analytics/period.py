"""Report periods as people type them: ``30d``, ``12w``, ``6h`` (back from now) or a date."""
from __future__ import annotations

import datetime as dt
import re

from askdesk.core.errors import BadRequest

_RELATIVE = re.compile(r"^(\d+)\s*([hdw])$")
_UNITS = {"h": "hours", "d": "days", "w": "weeks"}


def parse_moment(text: str, now: dt.datetime) -> dt.datetime:
    """``30d`` → 30 days before ``now``; ``2026-11-01`` or a full ISO time → that moment (UTC)."""
    text = (text or "").strip()
    match = _RELATIVE.match(text)
    if match:
        return now - dt.timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise BadRequest(f"{text!r} is not a period: use 30d, 12w, 6h or a date like 2026-11-01") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def window(since: str, until: str | None, now: dt.datetime | None = None) -> tuple[str, str]:
    """ISO-8601 UTC bounds [since, until) for the store."""
    now = now or dt.datetime.now(dt.UTC)
    start = parse_moment(since, now)
    end = parse_moment(until, now) if until else now
    if start >= end:
        raise BadRequest(f"the period is empty: {since!r} is not before {until or 'now'!r}")
    return start.astimezone(dt.UTC).isoformat(), end.astimezone(dt.UTC).isoformat()
