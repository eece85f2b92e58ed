"""Zendesk Guide: the Help Center API's list responses, saved as JSON files in one folder.

Any ``*.json`` file may hold ``{"articles": [...]}`` (``GET /api/v2/help_center[/{locale}]/articles``),
``{"sections": [...]}``, ``{"categories": [...]}`` or ``{"translations": [...]}``
(``GET /api/v2/help_center/articles/{id}/translations``), one page each. An article listed in
several locales, and its translations, share the article ``id`` and so one askdesk id.

Mapping: the section's name (in its source locale) → ``category``; ``label_names`` → ``tags``;
``draft`` → ``status: draft``; a ``user_segment_id`` (or ``user_segment_ids``) — visible only to
signed-in users, agents or a segment — → ``audience: internal``; ``updated_at`` → ``updated``;
``html_url`` → ``redirect_from``.
"""
from __future__ import annotations

from pathlib import Path

from askdesk.kb.importers.export_files import day, json_files, records
from askdesk.kb.importers.records import Skipped, SourceArticle, SourceExport


def _names(objects: list[dict]) -> dict[int, str]:
    """id → name in the object's source locale (else any locale the export has)."""
    names: dict[int, str] = {}
    for obj in objects:
        name = str(obj.get("name") or "").strip()
        if obj.get("id") is None or not name:
            continue
        source = obj.get("source_locale")
        if obj["id"] not in names or (source and obj.get("locale") == source):
            names[obj["id"]] = name
    return names


def _restricted(article: dict) -> bool:
    return article.get("user_segment_id") is not None or bool(article.get("user_segment_ids"))


def read(source: Path) -> SourceExport:
    articles: list[tuple[Path, dict]] = []
    translations: list[tuple[Path, dict]] = []
    sections: list[dict] = []
    categories: list[dict] = []
    for path, data in json_files(source, "Zendesk Help Center"):
        articles += [(path, a) for a in records(data, "articles")]
        translations += [(path, t) for t in records(data, "translations")]
        sections += records(data, "sections")
        categories += records(data, "categories")
    section_names = _names(sections)
    category_of_section = {s["id"]: s.get("category_id") for s in sections if s.get("id") is not None}
    category_names = _names(categories)

    found: list[SourceArticle] = []
    skipped: list[Skipped] = []
    by_id: dict[int, dict] = {}
    for path, article in articles:
        if article.get("id") is None:
            skipped.append(Skipped(f"{path.name}: an article without id", "the API always gives one; re-export it"))
            continue
        by_id.setdefault(article["id"], article)
    versions = [(path, article, article) for path, article in articles if article.get("id") is not None]
    for path, translation in translations:
        if translation.get("source_type", "article") != "article":
            continue   # section and category translations: their names are not needed
        parent = by_id.get(translation.get("source_id"))
        if parent is None:
            skipped.append(Skipped(f"zendesk translation {translation.get('id')} ({translation.get('locale')}) in {path.name}",
                                   f"its article {translation.get('source_id')} is not in the export; "
                                   "export the articles list too"))
            continue
        versions.append((path, parent, translation))
    for path, article, version in versions:
        item = f"zendesk:{article['id']} ({version.get('locale') or 'no locale'})"
        title, body = str(version.get("title") or "").strip(), str(version.get("body") or "")
        if not title:
            skipped.append(Skipped(item, "it has no title"))
            continue
        if not body.strip():
            skipped.append(Skipped(item, f"{title!r} has no body text"))
            continue
        section = article.get("section_id")
        category = section_names.get(section) or category_names.get(category_of_section.get(section)) or ""
        found.append(SourceArticle(
            key=f"zendesk:{article['id']}", locale=str(version.get("locale") or article.get("locale") or ""),
            title=title, body_html=body, category=category,
            tags=tuple(str(label) for label in article.get("label_names") or () if str(label).strip()),
            status="draft" if version.get("draft") else "published",
            audience="internal" if _restricted(article) else "public",
            updated=day(version.get("updated_at") or version.get("edited_at")),
            old_urls=tuple(u for u in [version.get("html_url")] if u), source_file=path.name))
    return SourceExport(tuple(found), tuple(skipped))
