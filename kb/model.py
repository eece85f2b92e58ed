"""The content model: articles, their passages, and problems found while reading them."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, fields

AUDIENCES = ("public", "internal")
STATUSES = ("published", "draft")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the content, located precisely enough to fix."""
    path: str
    line: int
    message: str
    severity: str = "error"  # "error" stops the article from being indexed; "warning" does not

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.severity}: {self.message}"


@dataclass(frozen=True)
class Passage:
    """A section of an article, split at a heading; ``anchor`` makes a deep link."""
    heading: str
    anchor: str
    text: str
    position: int


@dataclass
class Article:
    id: str
    locale: str
    title: str
    body_markdown: str
    path: str
    category: str = ""
    tags: list[str] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    redirect_from: list[str] = field(default_factory=list)  # old URL paths (an imported help center's)
    audience: str = "public"
    status: str = "published"
    updated: str = ""
    summary: str = ""
    passages: list[Passage] = field(default_factory=list)
    links: list[tuple[int, str]] = field(default_factory=list)  # (line, target) of relative links

    @property
    def key(self) -> str:
        """Unique within a knowledge base: the same ``id`` in two locales is one article translated."""
        return f"{self.locale}:{self.id}"

    @property
    def is_public(self) -> bool:
        return self.audience == "public" and self.status == "published"

    def phrasings(self) -> list[str]:
        """Short texts that state what the article answers: title, questions, aliases, summary."""
        seen: list[str] = []
        for text in [self.title, *self.questions, *self.aliases, self.summary]:
            text = (text or "").strip()
            if text and text not in seen:
                seen.append(text)
        return seen

    def fingerprint(self) -> str:
        """Changes whenever anything that is indexed changes (passages include resolved fragments)."""
        digest = hashlib.sha256()
        for part in (self.id, self.locale, self.title, self.category, self.audience, self.status, self.updated,
                     self.summary, *self.tags, "\x01", *self.questions, "\x01", *self.aliases, "\x01", self.body_markdown,
                     *(f"{p.heading}\x02{p.anchor}\x02{p.text}" for p in self.passages),
                     *(("\x03", *self.redirect_from) if self.redirect_from else ())):
            digest.update(part.encode("utf-8"))
            digest.update(b"\x00")
        return digest.hexdigest()[:16]

    def to_dict(self) -> dict:
        """Everything but ``links`` (only ``check`` needs them, and it reads the files)."""
        data = {f.name: getattr(self, f.name) for f in fields(self) if f.name not in ("passages", "links")}
        data["passages"] = [{"heading": p.heading, "anchor": p.anchor, "text": p.text, "position": p.position}
                            for p in self.passages]
        return data

    @classmethod
    def from_dict(cls, data: dict) -> Article:
        data = dict(data)
        data["passages"] = [Passage(**p) for p in data.get("passages", [])]
        return cls(**data)
