"""Read a content folder into articles, reporting every problem with its file and line.

Layout: ``<content>/<locale>/**/<name>.md``. Front matter (YAML between ``---`` lines) is
optional for imported documentation: the id then comes from the path, the title from a
``<name>.meta.json`` beside the file or the first ``#`` heading. Files in folders named
``eval`` or starting with ``_`` or ``.`` (fragments, includes) are not articles, nor are files
at the top of the content folder.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from askdesk.kb.markdown_text import IncludeCache, expand_directives, relative_links, resolve_includes, split_passages
from askdesk.kb.model import AUDIENCES, STATUSES, Article, Problem
from askdesk.kb.old_urls import path_problem

KNOWN_KEYS = {"id", "title", "locale", "translation_of", "category", "tags", "questions", "aliases",
              "synonyms", "redirect_from", "audience", "status", "updated", "summary"}
ID_PATTERN = re.compile(r"^[^\s#/\\][^\s#\\]*$")  # no spaces, '#' or backslashes; '/' inside is fine
_H1 = re.compile(r"^#\s+(.+?)\s*$", re.M)
_ANCHOR_SUFFIX = re.compile(r"\s*\{#[^}]*\}\s*$")
_SPACES = re.compile(r"\s+")


@dataclass
class LoadResult:
    articles: list[Article] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    stamps: dict[str, list[int]] = field(default_factory=dict)   # relative path → change stamp
    fragments_stamp: int = 0

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """(front matter or None, body, line number where the body starts)."""
    if not text.startswith("---"):
        return None, text, 1
    lines = text.splitlines(keepends=True)
    if lines[0].strip() != "---":
        return None, text, 1
    for i in range(1, len(lines)):
        if lines[i].strip() in ("---", "..."):
            return "".join(lines[1:i]), "".join(lines[i + 1:]), i + 2
    return "".join(lines[1:]), "", len(lines) + 1


# What was left open, by PyYAML's context, and how to close it.
_UNCLOSED = {"quoted scalar": "a quoted value is not closed: end it with the same quote it starts with, "
                              "or write the value without quotes",
             "flow sequence": "a `[` list is not closed: end it with `]`",
             "flow mapping": "a `{` mapping is not closed: end it with `}`"}


def _runaway_quote(front: str, problem_mark) -> yaml.Token | None:
    """A quoted value running over several lines up to the line YAML failed on: its quote was not
    closed, and a quote further down (inside another value) ended it."""
    runaway = None
    try:
        for token in yaml.scan(front, Loader=yaml.SafeLoader):
            if token.start_mark.index >= problem_mark.index:
                break
            if isinstance(token, yaml.ScalarToken) and token.style in ('"', "'") \
                    and token.start_mark.line < token.end_mark.line == problem_mark.line:
                runaway = token
    except yaml.YAMLError:
        pass
    return runaway


def yaml_problem(path: str, front: str, exc: yaml.YAMLError, first_line: int) -> Problem:
    """The YAML error at the line where the problem is. PyYAML marks where it gave up
    (``problem_mark``), which for an unclosed quote or bracket is further down (the end of the
    front matter, or the next quote); the line that opened it is the one to fix. ``first_line``
    is the file's line of the YAML's first line."""
    problem_mark = getattr(exc, "problem_mark", None)
    context_mark = getattr(exc, "context_mark", None)
    context = getattr(exc, "context", None) or ""
    reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    gave_up = f" (YAML gave up at line {first_line + problem_mark.line}: {reason})" if problem_mark else ""
    opened = next((fix for what, fix in _UNCLOSED.items() if what in context), None)
    if opened and context_mark is not None:
        return Problem(path, first_line + context_mark.line, f"front matter is not valid YAML: {opened}{gave_up}")
    runaway = _runaway_quote(front, problem_mark) if problem_mark is not None else None
    if runaway is not None:
        return Problem(path, first_line + runaway.start_mark.line,
                       f"front matter is not valid YAML: {_UNCLOSED['quoted scalar']}{gave_up}")
    mark = problem_mark or context_mark
    hint = ("; on that line, quote a value that contains `: ` or ` #`, put nothing after a closing quote, "
            "and indent with spaces, not tabs")
    return Problem(path, first_line + (mark.line if mark else 0), f"front matter is not valid YAML: {reason}{hint}")


def default_id(relative: Path) -> str:
    """``billing/refunds.md`` → ``billing/refunds``; ``vm/vm-create/vm-create.md`` → ``vm/vm-create``."""
    parts = list(relative.with_suffix("").parts)
    if len(parts) >= 2 and parts[-1] == parts[-2]:
        parts.pop()
    return "/".join(p.lower() for p in parts)


def _str_list(value, name: str, path: str, line: int, problems: list[Problem]) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
        return [str(v).strip() for v in value if str(v).strip()]
    problems.append(Problem(path, line, f"`{name}` must be a list of strings, got {type(value).__name__}"))
    return []


def _key_line(front: str, key: str, start: int) -> int:
    for offset, line in enumerate(front.splitlines()):
        if line.startswith(f"{key}:"):
            return start + offset
    return start


def parse_article(path: Path, root: Path, locales: tuple[str, ...],
                  includes: IncludeCache | None = None) -> tuple[Article | None, list[Problem]]:
    """Parse one file. Returns ``(None, problems)`` when the article cannot be indexed."""
    shown = str(path)
    problems: list[Problem] = []
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return None, [Problem(shown, 1, f"not UTF-8 text ({exc.reason} at byte {exc.start}); save it as UTF-8")]
    front, body, body_line = split_front_matter(text.lstrip("\ufeff"))
    meta: dict = {}
    if front is not None:
        try:
            loaded = yaml.safe_load(front) if front.strip() else {}
        except yaml.YAMLError as exc:
            return None, [yaml_problem(shown, front, exc, first_line=2)]
        if not isinstance(loaded, dict):
            return None, [Problem(shown, 2, "front matter must be a mapping of `key: value` lines")]
        meta = loaded
        for key in meta:
            if key not in KNOWN_KEYS:
                problems.append(Problem(shown, _key_line(front, str(key), 2), f"unknown front matter key `{key}` "
                                        f"(known: {', '.join(sorted(KNOWN_KEYS))})", "warning"))
    relative = path.relative_to(root)
    folder_locale = relative.parts[0] if len(relative.parts) > 1 else ""
    line_of = lambda key: _key_line(front or "", key, 2)  # noqa: E731

    locale = str(meta.get("locale") or folder_locale or "").strip().lower()
    if locale not in locales:
        problems.append(Problem(shown, line_of("locale"), f"unknown locale {locale!r}; use one of "
                                f"{', '.join(locales)} or add it to the `locales` setting"))
    raw_id = meta.get("translation_of") or meta.get("id")
    within_locale = Path(*relative.parts[1:]) if folder_locale else relative
    article_id = str(raw_id).strip() if raw_id is not None else default_id(within_locale)
    if not ID_PATTERN.match(article_id) or ".." in article_id:
        problems.append(Problem(shown, line_of("id"), f"id {article_id!r} must be a slug: no spaces, '#', "
                                "'..' or backslashes, and not starting with '/'"))

    expanded = expand_directives(resolve_includes(body, path.parent, root, cache=includes) if "{include(" in body else body)
    title = str(meta.get("title") or "").strip()
    if not title:
        meta_json = path.with_suffix(".meta.json")
        if meta_json.exists():
            try:
                title = str(json.loads(meta_json.read_text(encoding="utf-8")).get("title") or "").strip()
            except (ValueError, UnicodeDecodeError):
                problems.append(Problem(str(meta_json), 1, "not valid JSON; title taken from the article", "warning"))
        if not title:
            h1 = _H1.search(expanded)
            title = _ANCHOR_SUFFIX.sub("", h1.group(1)).strip() if h1 else ""
    title = _ANCHOR_SUFFIX.sub("", expand_directives(title)).strip() if "{" in title else title
    if not title:
        problems.append(Problem(shown, 1, "no title: add `title:` to the front matter or a `# Heading`"))

    audience = str(meta.get("audience") or "public").strip()
    if audience not in AUDIENCES:
        problems.append(Problem(shown, line_of("audience"), f"audience {audience!r} must be one of {', '.join(AUDIENCES)}"))
    status = str(meta.get("status") or "published").strip()
    if status not in STATUSES:
        problems.append(Problem(shown, line_of("status"), f"status {status!r} must be one of {', '.join(STATUSES)}"))
    updated = meta.get("updated") or ""
    if isinstance(updated, (dt.date, dt.datetime)):
        updated = updated.isoformat()
    elif updated:
        try:
            updated = dt.date.fromisoformat(str(updated)).isoformat()
        except ValueError:
            problems.append(Problem(shown, line_of("updated"), f"updated {updated!r} is not a date (YYYY-MM-DD)"))
            updated = ""
    if not expanded.strip():
        problems.append(Problem(shown, body_line, "the article has no body text; write it or delete the file"))

    redirect_from = _str_list(meta.get("redirect_from"), "redirect_from", shown, line_of("redirect_from"), problems)
    for old in redirect_from:
        if (why := path_problem(old)) is not None:
            problems.append(Problem(shown, line_of("redirect_from"), why))
    if any(p.severity == "error" for p in problems):
        return None, problems
    article = Article(
        id=article_id, locale=locale, title=title, body_markdown=body, path=str(relative),
        category=str(meta.get("category") or (relative.parts[1] if len(relative.parts) > 2 else "")).strip(),
        tags=_str_list(meta.get("tags"), "tags", shown, line_of("tags"), problems),
        questions=_str_list(meta.get("questions"), "questions", shown, line_of("questions"), problems),
        aliases=_str_list(meta.get("aliases"), "aliases", shown, line_of("aliases"), problems)
        + _str_list(meta.get("synonyms"), "synonyms", shown, line_of("synonyms"), problems),
        redirect_from=redirect_from,
        audience=audience, status=status, updated=str(updated),
        summary=_SPACES.sub(" ", str(meta.get("summary") or "")).strip(),
        passages=split_passages(expanded, title),
        links=[(body_line - 1 + n, target) for n, target in relative_links(body)],
    )
    if any(p.severity == "error" for p in problems):
        return None, problems
    return article, problems


def _is_article_file(relative: Path) -> bool:
    if len(relative.parts) < 2 or relative.suffix.lower() != ".md":
        return False
    return not any(part.startswith(("_", ".")) or part == "eval" for part in relative.parts[:-1])


def _stamp(path: Path) -> list[int]:
    """What tells a file changed without reading it: size and modification time, and those of the
    ``.meta.json`` beside it (titles of imported documentation come from there)."""
    stat = path.stat()
    meta = path.with_suffix(".meta.json")
    meta_time = meta.stat().st_mtime_ns if meta.exists() else 0
    return [stat.st_mtime_ns, stat.st_size, meta_time]


def load_content(root: str | Path, locales: tuple[str, ...] = ("en", "ru"),
                 reuse: Mapping[str, tuple[list[int], Article]] | None = None,
                 reuse_fragments_stamp: int | None = None) -> LoadResult:
    """Every article under ``root``; files with errors are left out and reported, never dropped silently.

    ``reuse`` maps a relative path to the stamp and article of an earlier load; a file whose stamp
    is unchanged is not parsed again, unless any fragment (a file in an ``_``-folder, which articles
    include) changed since ``reuse_fragments_stamp``. ``result.stamps`` and ``fragments_stamp``
    are what a later load needs for the same.
    """
    root = Path(root)
    result = LoadResult()
    if not root.is_dir():
        result.problems.append(Problem(str(root), 0, "content folder does not exist; pass --content DIR"))
        return result
    files, fragments_stamp = [], 0
    for path in sorted(root.rglob("*.md")):
        relative = path.relative_to(root)
        if _is_article_file(relative):
            files.append((path, relative))
        else:
            fragments_stamp = max(fragments_stamp, path.stat().st_mtime_ns)
    result.fragments_stamp = fragments_stamp
    if reuse_fragments_stamp != fragments_stamp:
        reuse = None
    seen: dict[str, str] = {}
    includes = IncludeCache()
    for path, relative in files:
        stamp = _stamp(path)
        result.stamps[str(relative)] = stamp
        previous = (reuse or {}).get(str(relative))
        if previous is not None and previous[0] == stamp:
            article, problems = previous[1], []
        else:
            article, problems = parse_article(path, root, locales, includes)
            if problems:
                result.stamps.pop(str(relative))  # re-read it next time, so its problems are reported again
        result.problems.extend(problems)
        if article is None:
            continue
        if article.key in seen:
            result.problems.append(Problem(str(path), 1, f"duplicate id {article.id!r} in locale "
                                           f"{article.locale!r}: also used by {seen[article.key]}"))
            continue
        seen[article.key] = str(path)
        result.articles.append(article)
    if not result.articles and not result.errors:
        result.problems.append(Problem(str(root), 0, "no articles found; expected <locale>/<category>/<id>.md files"))
    return result
