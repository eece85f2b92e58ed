"""Old URLs of an imported help center answer 301 to the article's new page, so links already sent
to customers keep working (``redirect_from`` in an article's front matter; see
:mod:`askdesk.kb.old_urls` for how a path matches).

Only a GET or HEAD that no route of askdesk's own matches is looked up, so an old path can never
shadow a page of askdesk; internal articles and drafts are not redirected to (they have no page)."""
from __future__ import annotations

from flask import Blueprint, current_app, redirect, request

from askdesk.core.errors import AskdeskError
from askdesk.indexer.search import article_url

bp = Blueprint("old_urls", __name__)


@bp.before_app_request
def redirect_old_url():
    if request.url_rule is not None or request.method not in ("GET", "HEAD") or request.path.startswith("/api/"):
        return None
    try:
        searcher = current_app.extensions["askdesk"].index.current()
    except AskdeskError:   # no index yet: the 404 stands
        return None
    article = searcher.old_url(request.path)
    return redirect(article_url(article), code=301) if article is not None else None
