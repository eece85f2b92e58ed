"""Draft articles for topics nothing in the knowledge base answers: Markdown with front matter in the
content format (README, "Content"), ``status: draft``, the customers' questions as its phrasings and a
body of TODO headings, so an editor starts from the questions rather than from a blank page."""
from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

import yaml

from askdesk.analytics.gaps import WRITE_NEW, Topic, label_of
from askdesk.kb.markdown_text import slugify

ID_CHARS = 60
SKELETON = {
    "en": ("TODO: answer the question in one or two sentences; the bot shows this part first.",
           [("Steps", "TODO: what the customer does, step by step."),
            ("If it does not work", "TODO: the usual problems, what to do, and when to contact support.")]),
    "ru": ("TODO: ответьте на вопрос в одном-двух предложениях; бот показывает эту часть первой.",
           [("Что сделать", "TODO: что делает клиент, по шагам."),
            ("Если не получилось", "TODO: частые проблемы, что делать и когда писать в поддержку.")]),
}


@dataclass(frozen=True)
class Draft:
    id: str
    locale: str
    category: str
    text: str

    @property
    def relative_path(self) -> Path:
        return Path(self.locale) / self.category / f"{self.id.replace('/', '-')}.md"


def draft_id(label: str, taken: Collection[str]) -> str:
    """A slug of ``label`` (cut at a hyphen), made unique against ``taken`` with a numeric suffix."""
    slug = slugify(label)
    if len(slug) > ID_CHARS:
        slug = slug[:ID_CHARS].rsplit("-", 1)[0]
    slug = slug or "new-article"
    candidate, n = slug, 1
    while candidate in taken:
        n += 1
        candidate = f"{slug}-{n}"
    return candidate


def draft_article(topic: Topic, today: dt.date, taken: Collection[str] = ()) -> Draft:
    """The draft for a topic: in its main language, titled by its most central question in that
    language, in the category of the nearest articles, with its other examples as the phrasings."""
    locale = topic.locale
    texts = [q.text for q in topic.examples if q.locale == locale] or [topic.label]
    label = label_of(texts[0])
    article_id = draft_id(label, taken)
    title = label[:1].upper() + label[1:]
    questions = texts[1:] or [texts[0]]
    category = slugify(topic.categories[0]) if topic.categories else ""
    front = {"id": article_id, "title": title, "locale": locale, "category": category or "general",
             "status": "draft", "audience": "public", "questions": questions, "updated": today}
    lead, sections = SKELETON.get(locale, SKELETON["en"])
    body = "\n\n".join([lead, *(f"## {heading}\n\n{todo}" for heading, todo in sections)])
    text = "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n" + body + "\n"
    return Draft(article_id, locale, front["category"], text)


def drafts_for(topics: list[Topic], today: dt.date, existing_ids: Collection[str]) -> dict[int, Draft]:
    """Drafts for the ``write_new`` topics, by position in ``topics``; ids unique among themselves
    and against the knowledge base's."""
    taken = set(existing_ids)
    drafts = {}
    for position, topic in enumerate(topics):
        if topic.action is not None and topic.action.kind == WRITE_NEW:
            drafts[position] = draft_article(topic, today, taken)
            taken.add(drafts[position].id)
    return drafts


def write_drafts(drafts: list[Draft], folder: Path) -> tuple[list[Path], list[Path]]:
    """Write each draft to ``folder/<locale>/<category>/<id>.md``; a file already there is left
    alone. Returns (written, left alone)."""
    written, kept = [], []
    for draft in drafts:
        path = folder / draft.relative_path
        if path.exists():
            kept.append(path)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "x", encoding="utf-8") as handle:
            handle.write(draft.text)
        written.append(path)
    return written, kept
