"""Help-center pages: a search page and article pages rendered from Markdown, sanitised."""
from __future__ import annotations

import posixpath
from collections.abc import Callable
from urllib.parse import unquote

import markdown
import nh3
from flask import Blueprint, abort, current_app, render_template, request

from askdesk.api.search_log import log_click, log_search, result_link, visit_param
from askdesk.indexer.search import PUBLIC, article_link, article_url
from askdesk.kb.markdown_text import expand_directives, normalise_list_indentation, plain_text, slugify

bp = Blueprint("pages", __name__, template_folder="templates")

_ALLOWED_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "ul", "ol", "li", "strong", "em", "code", "pre",
                 "blockquote", "table", "thead", "tbody", "tr", "th", "td", "a", "hr", "br", "img"}
_ALLOWED_ATTRS = {"h2": {"id"}, "h3": {"id"}, "h4": {"id"}, "a": {"href", "title"}, "img": {"src", "alt"},
                  "th": {"align"}, "td": {"align"}}


def _anchor(value: str, _separator: str) -> str:
    return slugify(plain_text(value))


def render_markdown(text: str, link: Callable[[str], str] | None = None) -> str:
    """Markdown → HTML with heading ids equal to the passages' anchors; no script survives; lists
    nested by 2 or 3 spaces stay nested (see ``normalise_list_indentation``). ``link(href)`` gives
    each link's URL on the page (see :func:`article_links`)."""
    html = markdown.markdown(normalise_list_indentation(expand_directives(text)),
                             extensions=["tables", "fenced_code", "attr_list", "toc"],
                             extension_configs={"toc": {"slugify": _anchor}})

    def rewrite(tag: str, attribute: str, value: str) -> str:
        return link(value) if link is not None and tag == "a" and attribute == "href" else value

    return nh3.clean(html, tags=_ALLOWED_TAGS, attributes=_ALLOWED_ATTRS, url_schemes={"http", "https", "mailto"},
                     attribute_filter=rewrite)


def article_links(searcher, article) -> Callable[[str], str]:
    """Links between articles are written as relative file links (``../billing/refunds.md#a``, what
    ``askdesk check`` verifies); on a page each becomes the linked article's URL (its help-center
    page, or for an internal article or a draft its console page). Other links stay as they are."""
    def resolve(href: str) -> str:
        file_part, _, anchor = href.partition("#")
        if not file_part.endswith(".md") or "://" in file_part or file_part.startswith("/"):
            return href
        linked = searcher.by_path.get(posixpath.normpath(posixpath.join(posixpath.dirname(article.path),
                                                                       unquote(file_part))))
        return article_link(linked, anchor) if linked is not None else href
    return resolve


UI = {
    "en": {"heading": "How can we help?", "placeholder": "Describe your problem", "search": "Search",
           "nothing": "Nothing found. Try other words, or ask in the chat (bottom right).",
           "other_language": "in another language", "did_you_mean": "Did you mean", "back": "Help center",
           "updated": "Updated"},
    "ru": {"heading": "Чем мы можем помочь?", "placeholder": "Опишите проблему", "search": "Найти",
           "nothing": "Ничего не нашлось. Попробуйте другие слова или спросите в чате (справа внизу).",
           "other_language": "на другом языке", "did_you_mean": "Возможно, вы имели в виду", "back": "Справочный центр",
           "updated": "Обновлено"},
}


@bp.context_processor
def _template_helpers() -> dict:
    return {"article_url": article_url}


def _locale(requested: str | None) -> str:
    runtime = current_app.extensions["askdesk"]
    if requested in runtime.locales:
        return requested
    best = request.accept_languages.best_match(runtime.locales)
    return best or current_app.config["ASKDESK"].default_locale


def _categories(searcher, locale: str) -> list[tuple[str, list]]:
    """The locale's public articles by category, for browsing."""
    groups: dict[str, list] = {}
    for article in searcher.articles.values():
        if article.locale == locale and article.is_public:
            groups.setdefault(article.category or "general", []).append(article)
    return [(name.replace("-", " ").capitalize(), sorted(items, key=lambda a: a.title))
            for name, items in sorted(groups.items())]


@bp.get("/help")
def help_home():
    runtime = current_app.extensions["askdesk"]
    searcher = runtime.index.current()
    query = (request.args.get("q") or "").strip()[:current_app.config["ASKDESK"].max_question_chars]
    locale = _locale(request.args.get("locale"))
    result = searcher.search(query, locale=locale, limit=10) if query else None
    visit = visit_param(request.args.get("visit"), strict=False)
    search_id = log_search(result, "help", visit) if result is not None else None
    links = [result_link(hit.url, search_id, n, visit) for n, hit in enumerate(result.hits, 1)] if result else []
    return render_template("help.html", query=query, result=result, lang=locale, ui=UI.get(locale, UI["en"]),
                           locales=runtime.locales, categories=None if query else _categories(searcher, locale),
                           visit=visit, links=links)


@bp.get("/help/<locale>/<path:article_id>")
def help_article(locale: str, article_id: str):
    searcher = current_app.extensions["askdesk"].index.current()
    article = searcher.article(article_id, locale, PUBLIC)
    if article is None:
        abort(404, description=f"no public article {article_id!r}")
    visit = visit_param(request.args.get("visit"), strict=False)
    position = request.args.get("pos", "")
    if request.args.get("from") and position.isdigit() and len(position) <= 3:   # opened from a search's results
        log_click(request.args["from"][:64], article.id, int(position), best_effort=True)
    body = render_markdown(article.body_markdown, article_links(searcher, article))
    return render_template("article.html", article=article, body=body,
                           lang=article.locale, ui=UI.get(article.locale, UI["en"]), visit=visit)
