"""Reading JSON Lines files with errors that name the file and line."""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from askdesk.core.errors import BadRequest


def read_objects(path: Path) -> Iterator[tuple[int, dict]]:
    """(line number, object) for each non-blank line; a line that is not a JSON object stops it."""
    path = Path(path)
    if not path.exists():
        raise BadRequest(f"{path} does not exist")
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                raise BadRequest(f"{path}:{number}: not valid JSON ({exc.msg}); one JSON object a line") from exc
            if not isinstance(data, dict):
                raise BadRequest(f"{path}:{number}: expected a JSON object, got {type(data).__name__}")
            yield number, data
