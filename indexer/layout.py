"""Where index builds live on disk, and how the current one is chosen atomically.

    <index>/builds/<build id>/   one complete build: manifest.json, articles.json, keyword/,
                                 vectors.faiss, units.json, classifier.npz, vocabulary.json
    <index>/CURRENT              the id of the build being served (replaced with os.replace)
    <index>/embeddings.sqlite    the embedding cache shared by builds

A build is written under ``builds/.tmp-…`` and renamed into place only when complete, then
CURRENT is switched; a failed build leaves CURRENT and the build it names untouched.
"""
from __future__ import annotations

import fcntl
import json
import os
import shutil
from contextlib import contextmanager
from pathlib import Path

FORMAT = 1
KEEP_BUILDS = 3


def builds_dir(root: Path) -> Path:
    return root / "builds"


def current_build_id(root: Path) -> str | None:
    try:
        build_id = (root / "CURRENT").read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    return build_id or None


def current_build(root: Path) -> Path | None:
    build_id = current_build_id(root)
    if build_id is None:
        return None
    path = builds_dir(root) / build_id
    return path if (path / "manifest.json").exists() else None


def read_manifest(build: Path) -> dict:
    return json.loads((build / "manifest.json").read_text(encoding="utf-8"))


def publish(root: Path, tmp: Path, build_id: str) -> Path:
    """Move a finished build into place and make it current, atomically."""
    final = builds_dir(root) / build_id
    os.replace(tmp, final)
    pointer = root / "CURRENT.tmp"
    with open(pointer, "w", encoding="utf-8") as handle:
        handle.write(build_id)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(pointer, root / "CURRENT")
    prune(root, keep=build_id)
    return final


def prune(root: Path, keep: str) -> None:
    """Delete old builds, keeping the newest few (a server may still be reading the previous one)."""
    if not builds_dir(root).is_dir():
        return
    builds = sorted((p for p in builds_dir(root).iterdir() if p.is_dir() and not p.name.startswith(".")),
                    key=lambda p: p.stat().st_mtime, reverse=True)
    for old in builds[KEEP_BUILDS:]:
        if old.name != keep:
            shutil.rmtree(old, ignore_errors=True)


def remove_stale_tmp(root: Path) -> None:
    """Leftovers of builds that crashed; call only while holding :func:`build_lock`."""
    for tmp in builds_dir(root).glob(".tmp-*"):
        shutil.rmtree(tmp, ignore_errors=True)


@contextmanager
def build_lock(root: Path):
    """One build at a time per index folder; a second one fails at once with a clear message."""
    root.mkdir(parents=True, exist_ok=True)
    builds_dir(root).mkdir(exist_ok=True)
    handle = open(root / ".build.lock", "w")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            from askdesk.core.errors import AskdeskError
            raise AskdeskError(f"another `askdesk index` is building {root}; wait for it to finish") from None
        yield
    finally:
        handle.close()
