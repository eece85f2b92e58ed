"""Intercom articles: the REST API's list responses saved as JSON files in one folder.

``GET /articles`` (``{"type": "list", "data": [{"type": "article", ...}]}``, one page a file) and
``GET /help_center/collections`` (``{"type": "list", "data": [{"id", "name", ...}]}``). An
article's ``translated_content`` holds its other languages (``{"ru": {"type": "article_content",
"title", "body", "state", "updated_at", "url"}}``): one askdesk id for all of them.

Mapping: the parent collection's name (in its ``default_locale``) → ``category``; ``state`` →
``status``; ``updated_at`` (Unix seconds) → ``updated``; ``url`` → ``redirect_from``. Intercom's
articles API says nothing of an audience, so every article is public.
"""
from __future__ import annotations

from pathlib import Path

from askdesk.kb.importers.export_files import day, json_files
from askdesk.kb.importers.records import Skipped, SourceArticle, SourceExport

STATES = ("published", "draft")


def _items(data: object) -> list[dict]:
    if isinstance(data, dict) and data.get("type") != "list":
        return [data]
    items = data.get("data") if isinstance(data, dict) else data
    return [i for i in items if isinstance(i, dict)] if isinstance(items, list) else []


def _is_article(item: dict) -> bool:
    return item.get("type") == "article"


def _is_collection(item: dict) -> bool:
    return item.get("type") in (None, "collection") and "name" in item and "title" not in item


def read(source: Path) -> SourceExport:
    articles: list[tuple[Path, dict]] = []
    collections: dict[str, dict] = {}
    for path, data in json_files(source, "Intercom articles"):
        articles += [(path, a) for a in _items(data) if _is_article(a)]
        collections.update({str(c.get("id")): c for c in _items(data) if _is_collection(c)})
    found, skipped = [], []
    for path, article in articles:
        default = str(article.get("default_locale") or "en")
        collection = collections.get(str(article.get("parent_id"))) if article.get("parent_id") is not None else None
        category = str((collection or {}).get("name") or "")
        versions = {default: article}
        translated = article.get("translated_content") or {}
        for locale, content in translated.items() if isinstance(translated, dict) else ():
            if isinstance(content, dict) and content.get("type") == "article_content" and locale != default:
                versions[locale] = content
        for locale, content in versions.items():
            item = f"intercom:{article.get('id')} ({locale})"
            title, body = str(content.get("title") or "").strip(), str(content.get("body") or "")
            state = content.get("state") or "draft"
            if state not in STATES:
                skipped.append(Skipped(item, f"unknown state {state!r} (published or draft)"))
                continue
            if not title or not body.strip():
                skipped.append(Skipped(item, "it has no title" if not title else f"{title!r} has no body text"))
                continue
            found.append(SourceArticle(
                key=f"intercom:{article.get('id')}", locale=locale, title=title, body_html=body, category=category,
                status=state, updated=day(content.get("updated_at")),
                old_urls=tuple(u for u in [content.get("url")] if u), source_file=path.name))
    return SourceExport(tuple(found), tuple(skipped))
