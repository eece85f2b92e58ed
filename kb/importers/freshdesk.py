"""Freshdesk solutions: the API v2 responses (JSON arrays) saved as files in one folder.

Categories (``GET /api/v2/solutions/categories``), their folders
(``GET /api/v2/solutions/categories/{id}/folders``) and the folders' articles
(``GET /api/v2/solutions/folders/{id}/articles``), any file names; each object is told apart by its
fields (an article has ``folder_id``, a folder ``visibility``). Translations, on a multilingual
portal (``GET /api/v2/solutions/folders/{id}/articles/{language_code}``), go in a folder named by the
language code (``ru/``); they keep the article's ``id``, and so share its askdesk id. The default
language is the ``language`` of the articles' ``hierarchy`` (else ``en``).

Mapping: the folder's name → ``category``; ``tags`` → ``tags``; ``status`` 1 → draft, 2 →
published; a folder ``visibility`` other than 1 (all users: logged-in users, agents, companies,
segments, bots) → ``audience: internal``; ``updated_at`` → ``updated``; the portal's
``/support/solutions/articles/<id>`` → ``redirect_from``.
"""
from __future__ import annotations

import re
from pathlib import Path

from askdesk.kb.importers.export_files import day, json_files
from askdesk.kb.importers.records import Skipped, SourceArticle, SourceExport

STATUS = {1: "draft", 2: "published"}
ALL_USERS = 1
_LANGUAGE_DIR = re.compile(r"^[a-z]{2}(?:-[a-z]{2,4})?$", re.I)


def _objects(data: object) -> list[dict]:
    if isinstance(data, dict):
        data = [data]
    return [o for o in data if isinstance(o, dict)] if isinstance(data, list) else []


def _hierarchy_language(article: dict) -> str:
    for level in article.get("hierarchy") or ():
        language = (level.get("data") or {}).get("language") if isinstance(level, dict) else None
        if language:
            return str(language)
    return ""


def read(source: Path) -> SourceExport:
    folders: dict[int, dict] = {}
    articles: list[tuple[Path, str, dict]] = []   # (file, language folder or "", article)
    root = source if source.is_dir() else source.parent
    for path, data in json_files(source, "Freshdesk solutions"):
        relative = path.relative_to(root).parts
        translation = relative[0] if len(relative) > 1 and _LANGUAGE_DIR.match(relative[0]) else ""
        for obj in _objects(data):
            if "folder_id" in obj and "title" in obj:
                articles.append((path, translation, obj))
            elif "visibility" in obj and "name" in obj and not translation:
                folders[obj.get("id")] = obj
    default = next((_hierarchy_language(a) for _, t, a in articles if not t and _hierarchy_language(a)), "") or "en"
    found, skipped = [], []
    for path, translation, article in articles:
        language = str(article.get("language") or translation or default)
        item = f"freshdesk:{article.get('id')} ({language})"
        folder = folders.get(article.get("folder_id"))
        title = str(article.get("title") or "").strip()
        body = str(article.get("description") or "")
        status = STATUS.get(article.get("status"))
        if folder is None:
            skipped.append(Skipped(item, f"its folder {article.get('folder_id')} is not in the export; "
                                   "save the category's folders list too (GET /api/v2/solutions/categories/{id}/folders)"))
            continue
        if status is None:
            skipped.append(Skipped(item, f"unknown status {article.get('status')!r} (1 is draft, 2 published)"))
            continue
        if not title or not body.strip():
            skipped.append(Skipped(item, "it has no title" if not title else f"{title!r} has no body text"))
            continue
        prefix = f"/{translation}" if translation else ""
        found.append(SourceArticle(
            key=f"freshdesk:{article.get('id')}", locale=language, title=title, body_html=body,
            category=str(folder.get("name") or ""), tags=tuple(str(t) for t in article.get("tags") or () if str(t).strip()),
            status=status, audience="public" if folder.get("visibility", ALL_USERS) == ALL_USERS else "internal",
            updated=day(article.get("updated_at")),
            old_urls=(f"{prefix}/support/solutions/articles/{article.get('id')}",), source_file=path.name))
    return SourceExport(tuple(found), tuple(skipped))
