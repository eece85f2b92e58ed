"""One error handler for every error path, answering in the format of the route that failed.

API routes (``/api/…``, ``/healthz``, ``/readyz``, ``/widget.js``, static files) answer the JSON
envelope ``{"ok": false, "error", "errors", "status"}``; pages for people (the help center, the demo
shop, the agent console, the editor dashboard) answer a small HTML page in the look of their part of
the site, with the message escaped and a link back. The format is decided by the route: the view's
endpoint, else its blueprint (:data:`PAGES`). A URL that matches no route (a 404, or a 405 before a
view is known) belongs to the blueprint whose ``url_prefix`` it is under; an unknown URL under
``/api/`` is JSON, anywhere else HTML.
"""
from __future__ import annotations

from flask import Flask, Response, current_app, jsonify, render_template, request
from markupsafe import escape
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from askdesk.core.errors import AskdeskError

# Views that are pages for people, by endpoint or blueprint name, with their error page's template.
PAGES: dict[str, str] = {
    "pages": "error.html",             # the help center
    "home": "error.html",              # the start page (and the favicon)
    "widget.demo": "error.html",       # the demo shop (the rest of the widget blueprint is widget.js)
    "console": "agent/error.html",
    "editor": "editor/error.html",
}
# The error pages that need their blueprint's template context (only there when a view was routed).
ROUTED_ONLY = {"editor/error.html": "agent/error.html"}
API_PREFIX = "/api/"

# The help center's error pages in the visitor's language; the message itself is the server's.
PAGE_TEXT: dict[str, dict] = {
    "en": {"title": "Something went wrong", "back": "Help center",
           "status": {404: "This page does not exist", 405: "This page cannot do that",
                      413: "That was too much to send", 429: "Too many requests", 500: "Something went wrong on our side"},
           "hint": "Try the help center search, or ask in the chat."},
    "ru": {"title": "Что-то пошло не так", "back": "Справочный центр",
           "status": {404: "Такой страницы нет", 405: "Эта страница так не умеет",
                      413: "Слишком много данных", 429: "Слишком много запросов", 500: "У нас что-то сломалось"},
           "hint": "Попробуйте поиск по справочному центру или спросите в чате."},
}


def error_response(message: str, status: int, errors: list[str] | None = None) -> Response:
    """The JSON error envelope."""
    response = jsonify({"ok": False, "error": message, "errors": errors or [], "status": status})
    response.status_code = status
    return response


# -- whose error is it --------------------------------------------------------------------------
def _routed_endpoint() -> str | None:
    """The endpoint of the request's route; for a 405, the route the path matched with another method."""
    if request.url_rule is not None:
        return request.url_rule.endpoint
    failed = request.routing_exception
    if isinstance(failed, MethodNotAllowed) and failed.valid_methods:
        try:
            return current_app.url_map.bind_to_environ(request.environ).match(method=failed.valid_methods[0])[0]
        except HTTPException:
            return None
    return None


def _prefix_owner(path: str) -> str | None:
    """The blueprint with the longest ``url_prefix`` that ``path`` is under."""
    best, length = None, 0
    for name, blueprint in current_app.blueprints.items():
        prefix = (blueprint.url_prefix or "").rstrip("/")
        if prefix and (path == prefix or path.startswith(prefix + "/")) and len(prefix) > length:
            best, length = name, len(prefix)
    return best


def page_template() -> str | None:
    """The error page's template for the current request, or None when it answers JSON."""
    endpoint = _routed_endpoint()
    if endpoint is not None:
        return PAGES.get(endpoint) or PAGES.get(endpoint.rpartition(".")[0])
    path = request.path
    owner = _prefix_owner(path)
    if owner is not None:
        return PAGES.get(owner)
    return None if path.startswith(API_PREFIX) or path == API_PREFIX.rstrip("/") else PAGES["pages"]


# -- the HTML page ------------------------------------------------------------------------------
def _page_locale() -> str:
    """The page's language: the route's ``locale``, else ``?locale=``, else the browser's choice."""
    try:
        runtime = current_app.extensions["askdesk"]
        locales = [loc for loc in runtime.locales if loc in PAGE_TEXT]
        default = current_app.config["ASKDESK"].default_locale
    except Exception:   # noqa: BLE001 - an error page must not fail for want of a runtime
        locales, default = list(PAGE_TEXT), "en"
    for asked in ((request.view_args or {}).get("locale"), request.args.get("locale")):
        if asked in locales:
            return asked
    return request.accept_languages.best_match(locales) or (default if default in PAGE_TEXT else "en")


def _page(template: str, message: str, status: int) -> Response:
    if request.url_rule is None:
        template = ROUTED_ONLY.get(template, template)
    locale = _page_locale()
    text = PAGE_TEXT[locale]
    try:
        body = render_template(template, message=message, status=status, lang=locale, t=text,
                               heading=text["status"].get(status, text["title"]))
    except Exception:   # noqa: BLE001 - the page's own template failed (say, a broken runtime): say it plainly
        current_app.logger.exception("the error page %s failed", template)
        body = (f'<!doctype html><html lang="en"><meta charset="utf-8"><title>Error {status}</title>'
                f'<h1>Error {status}</h1><p>{escape(message)}</p><p><a href="/">Home</a></p></html>')
    response = Response(body, status=status, mimetype="text/html")
    if request.url_rule is None:
        # No view was routed, so Flask runs no blueprint after_request: give the page its blueprint's
        # headers (the console's Content-Security-Policy, no-store) all the same.
        owner = (_routed_endpoint() or "").rpartition(".")[0] or _prefix_owner(request.path)
        for after in reversed(current_app.after_request_funcs.get(owner, []) if owner else []):
            response = after(response)
    return response


def respond(message: str, status: int, errors: list[str] | None = None) -> Response:
    """The error in the current route's format: an HTML page on pages, the JSON envelope elsewhere."""
    template = page_template()
    return error_response(message, status, errors) if template is None else _page(template, message, status)


def register(app: Flask) -> None:
    @app.errorhandler(AskdeskError)
    def _askdesk(exc: AskdeskError):
        if exc.status >= 500:   # the operator's to fix (a full disk, no index): one line, no traceback
            app.logger.error("%s %s: %s", request.method, request.path, exc.message)
        return respond(exc.message, exc.status, exc.errors)

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):
        if exc.code == 413:
            limit = app.config.get("MAX_CONTENT_LENGTH") or 0
            return respond(f"the request body is too large (limit {limit // 1024} KiB); "
                           "send only the question and its fields", 413)
        if exc.code == 429:
            return respond(f"too many requests from your address (limit {exc.description}); "
                           "wait a little and try again", 429)
        response = respond(exc.description or exc.name, exc.code or 500)
        if isinstance(exc, MethodNotAllowed) and exc.valid_methods:
            response.headers["Allow"] = ", ".join(exc.valid_methods)
        return response

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        app.logger.exception("unhandled error")
        return respond("internal error; the server log has the details", 500)
