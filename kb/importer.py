"""``askdesk import``: turn another help desk's FAQ export into Markdown articles.

JSONL: one entry a line, ``{"id", "title", "questions", "body", "locale", "category"}`` (the
format of ``shared/datasets``). CSV: columns ``question, answer[, category, locale]`` with a
header row; rows sharing an answer become one article whose questions are all those rows'.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from askdesk.core.errors import BadRequest
from askdesk.core.jsonlines import read_objects
from askdesk.kb.loader import ID_PATTERN
from askdesk.kb.markdown_text import slugify


@dataclass
class Entry:
    id: str
    title: str
    body: str
    locale: str = "en"
    category: str = ""
    questions: list[str] = field(default_factory=list)


def read_jsonl(path: Path) -> list[Entry]:
    entries = []
    for number, data in read_objects(path):
        if not (data.get("id") or data.get("title")):
            raise BadRequest(f"{path}:{number}: an entry needs at least `id` or `title`")
        questions = data.get("questions") or []
        if not isinstance(questions, list):
            raise BadRequest(f"{path}:{number}: `questions` must be a list of strings")
        title = str(data.get("title") or data["id"]).strip()
        raw_id = str(data.get("id") or "")
        entries.append(Entry(id=raw_id if ID_PATTERN.match(raw_id) else slugify(raw_id or title), title=title,
                             body=str(data.get("body") or "").strip() or title,
                             locale=str(data.get("locale") or "en"), category=str(data.get("category") or ""),
                             questions=[str(q) for q in questions]))
    return entries


def read_csv(path: Path) -> list[Entry]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        columns = [c.strip().lower() for c in reader.fieldnames or []]
        if "question" not in columns or "answer" not in columns:
            raise BadRequest(f"{path}: the CSV needs a header with `question` and `answer` columns "
                             f"(optional: category, locale); found {columns}")
        by_answer: dict[tuple[str, str], Entry] = {}
        for number, row in enumerate(reader, start=2):
            row = {k.strip().lower(): (v or "").strip() for k, v in row.items() if k}
            if not row.get("question") or not row.get("answer"):
                raise BadRequest(f"{path}:{number}: both `question` and `answer` must be filled in")
            locale = row.get("locale") or "en"
            key = (locale, row["answer"])
            if key not in by_answer:
                by_answer[key] = Entry(id=slugify(row["question"])[:60].strip("-") or f"entry-{number}",
                                       title=row["question"], body=row["answer"], locale=locale,
                                       category=row.get("category", ""))
            by_answer[key].questions.append(row["question"])
    return list(by_answer.values())


def write_articles(entries: list[Entry], out: Path) -> list[Path]:
    """Write one Markdown file per entry; ids (and file names) are made unique with a numeric suffix."""
    written: list[Path] = []
    used_ids: set[tuple[str, str]] = set()
    used_paths: set[Path] = set()
    for entry in entries:
        article_id, n = entry.id or "entry", 1
        while (entry.locale, article_id) in used_ids:
            n += 1
            article_id = f"{entry.id}-{n}"
        used_ids.add((entry.locale, article_id))
        category = entry.category or "general"
        folder = out / entry.locale / (slugify(category) or "general")
        stem, n = slugify(article_id) or "entry", 1
        path = folder / f"{stem}.md"
        while path in used_paths:  # two ids that differ only in characters a file name drops
            n += 1
            path = folder / f"{stem}-{n}.md"
        used_paths.add(path)
        front = {"id": article_id, "title": entry.title, "locale": entry.locale, "category": category,
                 "questions": [q for q in entry.questions if q.strip() and q.strip() != entry.title],
                 "audience": "public", "status": "published"}
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n"
                        + entry.body + "\n", encoding="utf-8")
        written.append(path)
    return written


def import_file(source: Path, out: Path) -> list[Path]:
    if not source.exists():
        raise BadRequest(f"{source} does not exist")
    suffix = source.suffix.lower()
    if suffix in (".jsonl", ".json"):
        entries = read_jsonl(source)
    elif suffix == ".csv":
        entries = read_csv(source)
    else:
        raise BadRequest(f"{source}: cannot import {suffix or 'a file without extension'}; use .jsonl or .csv")
    if not entries:
        raise BadRequest(f"{source} holds no entries")
    return write_articles(entries, out)
