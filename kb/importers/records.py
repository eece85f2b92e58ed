"""The records an import passes along: what a help desk's export holds, and what came of it."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class SourceArticle:
    """One language version of one article, as the help desk's export has it.

    ``key`` is the help desk's id of the article, shared by its translations (they become one
    askdesk article id); ``locale`` is the help desk's own (``en-us``); ``category`` the name of its
    section, folder or collection in the article's source language, shared by its translations."""
    key: str
    locale: str
    title: str
    body_html: str
    category: str = ""
    tags: tuple[str, ...] = ()
    status: str = "published"      # or "draft"
    audience: str = "public"       # or "internal" (restricted to agents, signed-in users or segments)
    updated: str = ""              # YYYY-MM-DD
    old_urls: tuple[str, ...] = ()  # where the old help center showed it (full URLs or paths)
    source_file: str = ""          # the export file it came from, for the report
    slug: str = ""                 # the id it would like (a saved page's file name); else one from the title


@dataclass(frozen=True)
class Skipped:
    """Something in the export that was not imported, and why."""
    item: str
    reason: str

    def __str__(self) -> str:
        return f"{self.item}: {self.reason}"


@dataclass(frozen=True)
class SourceExport:
    """What a reader found in an export."""
    articles: tuple[SourceArticle, ...]
    skipped: tuple[Skipped, ...] = ()


@dataclass(frozen=True)
class UnresolvedLink:
    """A link in an imported article to the old help center that matches no imported article."""
    path: str      # the article file (relative to the output folder)
    target: str    # the link as the export had it
    reason: str = "no imported article has this URL"


@dataclass(frozen=True)
class ImportReport:
    """What ``askdesk import`` did: counts, what was skipped and why, links left as they were, files."""
    source: str
    vendor: str
    out: str
    counts: dict[str, dict[str, int]]                 # locale → status → articles
    audiences: dict[str, int]                          # audience → articles
    created: list[str] = field(default_factory=list)  # files, relative to ``out``
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    unresolved: list[UnresolvedLink] = field(default_factory=list)

    @property
    def articles(self) -> int:
        return sum(sum(by_status.values()) for by_status in self.counts.values())

    def to_dict(self) -> dict:
        return {"source": self.source, "from": self.vendor, "out": self.out, "articles": self.articles,
                "counts": self.counts, "audiences": self.audiences, "created": self.created,
                "updated": self.updated, "unchanged": self.unchanged, "removed": self.removed,
                "skipped": [{"item": s.item, "reason": s.reason} for s in self.skipped],
                "unresolved_links": [{"path": u.path, "target": u.target, "reason": u.reason}
                                     for u in self.unresolved]}
