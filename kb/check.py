"""``askdesk check``: every problem in a content folder, beyond what parsing finds.

Adds an old URL (``redirect_from``) claimed by two articles, broken relative links (to a missing file or a missing ``#anchor``), public articles linking
to internal or draft ones, review dates older than ``stale_days``, and translations of one
article that disagree on a duration, price, percentage or version (see :mod:`askdesk.kb.translations`).
"""
from __future__ import annotations

import datetime as dt
import posixpath
from pathlib import Path

from askdesk.kb.loader import LoadResult, load_content
from askdesk.kb.model import Article, Problem
from askdesk.kb.old_urls import lookup_keys
from askdesk.kb.translations import LOCAL_MARK, compare, describe, extract

STALE_DAYS = 365


def check_content(root: Path, locales: tuple[str, ...], today: dt.date | None = None,
                  stale_days: int = STALE_DAYS) -> LoadResult:
    result = load_content(root, locales)
    today = today or dt.date.today()
    by_path = {a.path: a for a in result.articles}
    for article in result.articles:
        shown = str(Path(root) / article.path)
        for line, target in article.links:
            file_part, _, anchor = target.partition("#")
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(article.path), file_part)) \
                if file_part else article.path
            linked = by_path.get(resolved) or by_path.get(resolved + ".md")
            if linked is None:
                if not (Path(root) / resolved).exists():
                    result.problems.append(Problem(shown, line, f"broken link to {target!r}: no such file"))
                continue
            if anchor and anchor not in {p.anchor for p in linked.passages}:
                result.problems.append(Problem(shown, line, f"broken link to {target!r}: no heading with anchor "
                                               f"#{anchor} in {linked.path}"))
            if article.is_public and not linked.is_public:
                result.problems.append(Problem(shown, line, f"public article links to {linked.audience}/"
                                               f"{linked.status} article {linked.path}; customers cannot open it"))
        if article.updated:
            age = (today - dt.date.fromisoformat(article.updated)).days
            if age > stale_days:
                result.problems.append(Problem(shown, 1, f"last updated {article.updated}, {age} days ago; "
                                               "review it and bump `updated`", "warning"))
    result.problems.extend(old_url_problems(Path(root), result.articles))
    result.problems.extend(translation_problems(Path(root), result.articles, locales))
    result.problems.sort(key=lambda p: (p.path, p.line))
    return result


def old_url_problems(root: Path, articles: list[Article]) -> list[Problem]:
    """An error on each article whose ``redirect_from`` repeats an old URL another article already has."""
    claimed: dict[str, Article] = {}
    problems = []
    for article in articles:
        for old in article.redirect_from:
            keys = lookup_keys(old)
            first = claimed.setdefault(keys[0], article) if keys else article
            if first is not article:
                problems.append(Problem(str(root / article.path), 1, f"old URL {old} is also in `redirect_from` of "
                                        f"{root / first.path}; an old URL leads to one article: remove it from one"))
    return problems


def translation_problems(root: Path, articles: list[Article], locales: tuple[str, ...]) -> list[Problem]:
    """A warning on each translation whose numbers disagree with the article in the first locale that has it."""
    versions: dict[str, dict[str, Article]] = {}
    for article in articles:
        versions.setdefault(article.id, {})[article.locale] = article
    order = {locale: n for n, locale in enumerate(locales)}
    problems = []
    for by_locale in versions.values():
        if len(by_locale) < 2:
            continue
        first, *others = sorted(by_locale.values(), key=lambda a: order.get(a.locale, len(order)))
        quantities = _quantities(root, first)
        for other in others:
            for disagreement in compare(quantities, _quantities(root, other)):
                problems.append(Problem(
                    str(root / other.path), disagreement.only_second[0].line,
                    f"{disagreement.kind} disagrees with {root / first.path}: "
                    f"{describe(disagreement, first.locale, other.locale)}; make the translations agree, "
                    f"or end a line whose value is meant to differ with {LOCAL_MARK}", "warning"))
    return problems


def _quantities(root: Path, article: Article):
    try:
        text = (root / article.path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    return extract(text, article.locale)
