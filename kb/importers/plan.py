"""From an export's articles to the Markdown files askdesk reads: ids, paths, front matter, links.

Pure: no file is read or written here (:mod:`askdesk.kb.importers.sync` writes). Translations of
one article (one ``SourceArticle.key``) share one id, taken from the title in the first configured
locale the article has (or the file name of a saved page), or the id an earlier import gave it (so a renamed article keeps its file).
Links to the old help center's articles become relative links to their files (the version in the
linking article's own locale when there is one); links that match no imported article are reported.
"""
from __future__ import annotations

import posixpath
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

import yaml

from askdesk.kb.importers.html_markdown import has_content, html_to_markdown
from askdesk.kb.importers.records import Skipped, SourceArticle, SourceExport, UnresolvedLink
from askdesk.kb.markdown_text import slugify
from askdesk.kb.old_urls import lookup_keys, url_path

MAX_ID_CHARS = 60


@dataclass(frozen=True)
class PlannedFile:
    """One article file to write: where, for which article, and its whole text."""
    path: str          # relative to the output folder, with '/'
    key: str           # the help desk's article id
    article_id: str
    locale: str
    status: str
    audience: str
    text: str


@dataclass(frozen=True)
class Plan:
    files: tuple[PlannedFile, ...]
    ids: dict[str, str]            # help desk article id → askdesk id (kept for the next import)
    skipped: tuple[Skipped, ...]
    unresolved: tuple[UnresolvedLink, ...]


def askdesk_locale(locale: str, locales: tuple[str, ...]) -> str | None:
    """``en-us`` → ``en`` when ``en`` is configured (an exact match first); None when no locale fits."""
    locale = locale.strip().lower().replace("_", "-")
    if locale in locales:
        return locale
    primary = locale.split("-")[0]
    return primary if primary in locales else None


def _kind(article: SourceArticle) -> str:
    return "a draft" if article.status == "draft" else "an internal article"


def _unique_id(wanted: str, key: str, used: set[str]) -> str:
    base = slugify(wanted)[:MAX_ID_CHARS].strip("-") or slugify(key.split(":")[-1]) or "article"
    article_id, n = base, 1
    while article_id in used:
        n += 1
        article_id = f"{base}-{n}"
    return article_id


def _front_matter(article_id: str, version: SourceArticle, locale: str, category: str) -> str:
    front = {"id": article_id, "title": version.title, "locale": locale, "category": category}
    if version.tags:
        front["tags"] = list(dict.fromkeys(version.tags))
    front |= {"audience": version.audience, "status": version.status}
    if version.updated:
        front["updated"] = version.updated
    old = list(dict.fromkeys(url_path(u) for u in version.old_urls if url_path(u).startswith("/")))
    if old:
        front["redirect_from"] = old
    return "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=1000) + "---\n"


def plan_import(export: SourceExport, locales: tuple[str, ...], known_ids: Mapping[str, str] | None = None,
                taken_ids: set[str] | frozenset[str] = frozenset(), relative_links: bool = False) -> Plan:
    """The files for ``export``. ``known_ids``: ids an earlier import gave; ``taken_ids``: ids other
    articles in the output folder use. ``relative_links``: resolve links without a scheme against the
    article's own old URL (saved HTML pages link to each other so)."""
    skipped = list(export.skipped)
    versions: dict[str, dict[str, SourceArticle]] = {}
    for version in export.articles:
        locale = askdesk_locale(version.locale, locales)
        if locale is None:
            skipped.append(Skipped(f"{version.key} ({version.locale or 'no locale'}) {version.title!r}",
                                   f"its locale is not one of {', '.join(locales)}; add it to the `locales` "
                                   "setting and import again"))
            continue
        if not has_content(version.body_html):
            skipped.append(Skipped(f"{version.key} ({version.locale}) {version.title!r}",
                                   "nothing is left of its body once unsafe HTML (scripts, frames) is removed"))
            continue
        by_locale = versions.setdefault(version.key, {})
        if locale not in by_locale or version.updated > by_locale[locale].updated:
            by_locale[locale] = version
    order = {locale: n for n, locale in enumerate(locales)}
    known, used = dict(known_ids or {}), set(taken_ids)
    ids: dict[str, str] = {}
    placed: dict[tuple[str, str], tuple[str, SourceArticle]] = {}   # (key, locale) → (path, version)
    for key, by_locale in versions.items():
        primary = by_locale[min(by_locale, key=lambda loc: order[loc])]
        article_id = known.get(key) if known.get(key) and known[key] not in used else \
            _unique_id(primary.slug or primary.title, key, used | set(known.values()))
        used.add(article_id)
        ids[key] = article_id
        category = slugify(primary.category) or "general"
        for locale, version in by_locale.items():
            placed[(key, locale)] = (f"{locale}/{category}/{article_id}.md", version)

    hosts = {urlsplit(u).netloc.lower() for _, v in placed.values() for u in v.old_urls if urlsplit(u).netloc}
    by_old_url: dict[str, tuple[str, str]] = {}   # lookup key → (article key, locale)
    for (key, locale), (_, version) in placed.items():
        for url in version.old_urls:
            for lookup in lookup_keys(url):
                by_old_url.setdefault(lookup, (key, locale))

    files, unresolved = [], []
    for (key, locale), (path, version) in placed.items():
        own_url = url_path(version.old_urls[0]) if version.old_urls else "/"
        public = version.audience == "public" and version.status == "published"

        def rewrite(tag: str, url: str, key=key, locale=locale, path=path, own_url=own_url, public=public):
            parts = urlsplit(url)
            if parts.scheme and parts.scheme not in ("http", "https") or url.startswith("#"):
                return url
            target_path = parts.path
            if parts.netloc and parts.netloc.lower() not in hosts \
                    and not any(k in by_old_url for k in lookup_keys(target_path)):
                return url   # another site (a help desk's own host is known by the article URLs it matches)
            if not parts.netloc and not target_path.startswith("/"):
                if not relative_links:
                    return url
                target_path = posixpath.normpath(posixpath.join(posixpath.dirname(own_url), target_path))
            if tag == "img":
                if parts.netloc:
                    return url
                unresolved.append(UnresolvedLink(path, url, "the image file is not imported; its alt text is kept"))
                return None
            found = next((by_old_url[k] for k in lookup_keys(target_path) if k in by_old_url), None)
            if found is None:
                unresolved.append(UnresolvedLink(path, url))
                return url if parts.netloc or url.startswith("/") else None
            target_key, url_locale = found
            target_path_out, target = placed.get((target_key, locale)) or placed[(target_key, url_locale)]
            if public and not (target.audience == "public" and target.status == "published"):
                unresolved.append(UnresolvedLink(path, url, f"it links to {_kind(target)} customers cannot "
                                                 "open; the link was removed, its text kept"))
                return None
            return posixpath.relpath(target_path_out, posixpath.dirname(path))

        body = html_to_markdown(version.body_html, rewrite, drop_title=version.title)
        if not body.strip():
            skipped.append(Skipped(f"{key} ({locale}) {version.title!r}",
                                   "nothing is left of its body once unsafe HTML (scripts, frames) is removed"))
            continue
        category = path.split("/")[1]
        files.append(PlannedFile(path, key, ids[key], locale, version.status, version.audience,
                                 _front_matter(ids[key], version, locale, category) + body + "\n"))
    files.sort(key=lambda f: f.path)
    return Plan(tuple(files), ids, tuple(skipped), tuple(unresolved))
