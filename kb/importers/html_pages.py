"""A folder of HTML pages (a saved help center or documentation site): one article a page.

The title is the page's ``<h1>`` (else its ``<title>``); the body its main content: ``<main>``,
``<article>``, ``[role=main]`` or ``<body>``, without navigation, header, footer or sidebars. The
locale is ``<html lang>``, else a first folder named by a configured locale (``ru/…``), else the first
configured locale; pages at the same path under two locale folders are one article translated.
The category is the page's folder (``billing/refunds.html`` → ``billing``). ``<meta
property="article:modified_time">`` gives ``updated``. Links between the pages become links between
the articles; the page's path is kept in ``redirect_from``. A page that is only links (an index)
is skipped.
"""
from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from askdesk.core.errors import BadRequest
from askdesk.kb.importers.export_files import day
from askdesk.kb.importers.plan import askdesk_locale
from askdesk.kb.importers.records import Skipped, SourceArticle, SourceExport

MAIN = ("main", "article", "[role=main]", "#main-content", ".article-body", "body")
CHROME = ("nav", "header", "footer", "aside", "[role=navigation]", "[role=banner]", "[role=contentinfo]",
          ".breadcrumbs", ".sidebar")
MIN_OWN_TEXT = 40   # characters of text outside links that make a page an article rather than an index


def _own_text(main) -> int:
    links = sum(len(a.get_text(" ", strip=True)) for a in main.find_all("a"))
    return len(main.get_text(" ", strip=True)) - links


def read(source: Path, locales: tuple[str, ...]) -> SourceExport:
    if not source.is_dir():
        raise BadRequest(f"{source} is not a folder; pass the folder the HTML pages were saved to")
    pages = sorted(p for p in source.rglob("*") if p.suffix.lower() in (".html", ".htm") and p.is_file())
    if not pages:
        raise BadRequest(f"{source} holds no .html pages")
    found, skipped = [], []
    for page in pages:
        relative = page.relative_to(source)
        try:
            soup = BeautifulSoup(page.read_text(encoding="utf-8", errors="replace"), "html.parser")
        except OSError as exc:
            skipped.append(Skipped(str(relative), f"cannot be read ({exc.strerror})"))
            continue
        parts = relative.with_suffix("").parts
        folder_locale = askdesk_locale(parts[0], locales) if len(parts) > 1 else None
        within = parts[1:] if folder_locale else parts
        html = soup.find("html")
        locale = askdesk_locale(str(html.get("lang") or ""), locales) if html is not None and html.get("lang") else None
        locale = locale or folder_locale or (html.get("lang") if html is not None and html.get("lang") else locales[0])
        main = next((m for m in (soup.select_one(s) for s in MAIN) if m is not None), None)
        if main is None:
            skipped.append(Skipped(str(relative), "it has no <body>"))
            continue
        for chrome in main.select(", ".join(CHROME)):
            chrome.decompose()
        h1 = main.find("h1") or soup.find("h1")
        title = (h1.get_text(" ", strip=True) if h1 else "") or (soup.title.get_text(" ", strip=True) if soup.title else "")
        if not title:
            skipped.append(Skipped(str(relative), "it has neither <h1> nor <title>"))
            continue
        if _own_text(main) - len(title) < MIN_OWN_TEXT:
            skipped.append(Skipped(str(relative), "a page of links only (an index), not an article"))
            continue
        modified = soup.find("meta", attrs={"property": "article:modified_time"})
        found.append(SourceArticle(
            key="html:" + "/".join(within).lower(), locale=str(locale), title=title, body_html=str(main),
            category=within[-2] if len(within) > 1 else "", updated=day(modified.get("content") if modified else ""),
            old_urls=("/" + relative.as_posix(),), source_file=relative.as_posix(), slug=within[-1]))
    return SourceExport(tuple(found), tuple(skipped))
