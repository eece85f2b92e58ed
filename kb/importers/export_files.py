"""Reading an export from disk: its JSON files, and the dates they write."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from askdesk.core.errors import BadRequest


def json_files(source: Path, what: str) -> list[tuple[Path, object]]:
    """Every ``*.json`` file of ``source`` (a folder, searched recursively, or one file), parsed."""
    if not source.exists():
        raise BadRequest(f"{source} does not exist; pass the folder (or file) the {what} export was saved to")
    paths = [source] if source.is_file() else sorted(p for p in source.rglob("*.json") if p.is_file())
    if not paths:
        raise BadRequest(f"{source} holds no .json files; save the {what} API's responses there as .json files")
    loaded = []
    for path in paths:
        try:
            loaded.append((path, json.loads(path.read_text(encoding="utf-8-sig"))))
        except UnicodeDecodeError as exc:
            raise BadRequest(f"{path}: not UTF-8 text ({exc.reason}); save it as UTF-8") from exc
        except json.JSONDecodeError as exc:
            raise BadRequest(f"{path}:{exc.lineno}: not valid JSON ({exc.msg}); fix the file or remove it "
                             "from the export folder") from exc
    return loaded


def records(data: object, key: str) -> list[dict]:
    """The objects under ``key`` of an API response (``{"articles": [...]}``, or ``{"article": {...}}``
    for the singular key), or the response itself when it is a list of such objects."""
    if isinstance(data, dict):
        found = data.get(key)
        if found is None and key.endswith("s"):
            found = data.get(key[:-1])
            found = [found] if isinstance(found, dict) else found
        return [r for r in found if isinstance(r, dict)] if isinstance(found, list) else []
    return []


def day(value: object) -> str:
    """``YYYY-MM-DD`` of an ISO timestamp (``2026-05-12T09:13:44Z``) or Unix seconds; "" when neither."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0:
        return dt.datetime.fromtimestamp(value, dt.UTC).date().isoformat()
    if isinstance(value, str) and value.strip():
        try:
            return dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00")).date().isoformat()
        except ValueError:
            return ""
    return ""
