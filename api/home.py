"""The start page at ``/``: where the demo shop, the help center, the agent console and the editor
dashboard are, in the visitor's language; and the favicon every page links (also at ``/favicon.ico``,
where browsers look by default)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from flask import Blueprint, Response, current_app, render_template, request

bp = Blueprint("home", __name__)

FAVICON = "favicon.svg"   # in the app's static folder; the pages link /static/favicon.svg

TEXT = {
    "en": {"title": "askdesk", "heading": "askdesk",
           "lead": "Knowledge-base search and a help bot for your customers, with a person one click away.",
           "places": [("demo", "Demo shop", "The help widget on a shop's page, as your customers meet it."),
                      ("help", "Help center", "Every public article: browse by category or search."),
                      ("agent", "Agent console", "Tickets the bot handed off, and a search over every article."),
                      ("editor", "Editor dashboard", "Deflection, handoffs and the questions still unanswered.")],
           "sign_in": "The console and the dashboard ask for a token: scripts/run-demo.sh prints a demo one, "
                      "or create one with",
           "api": "The HTTP API and every setting are in the README."},
    "ru": {"title": "askdesk", "heading": "askdesk",
           "lead": "Поиск по базе знаний и бот-помощник для ваших клиентов — а живой сотрудник в один клик.",
           "places": [("demo", "Демо-магазин", "Виджет помощи на странице магазина — так его видят клиенты."),
                      ("help", "Справочный центр", "Все публичные статьи: по разделам или через поиск."),
                      ("agent", "Консоль сотрудника", "Обращения, которые бот передал людям, и поиск по всем статьям."),
                      ("editor", "Панель редактора", "Доля решённых ботом вопросов, передачи людям и вопросы без ответа.")],
           "sign_in": "Консоль и панель просят токен: scripts/run-demo.sh печатает демо-токен, "
                      "или создайте свой командой",
           "api": "HTTP API и все настройки описаны в README."},
}


def _locale() -> str:
    runtime = current_app.extensions["askdesk"]
    offered = [loc for loc in runtime.locales if loc in TEXT] or ["en"]
    asked = request.args.get("locale")
    if asked in offered:
        return asked
    return request.accept_languages.best_match(offered) or offered[0]


@bp.get("/")
def start():
    locale = _locale()
    runtime = current_app.extensions["askdesk"]
    links = {"demo": f"/demo?locale={locale}", "help": f"/help?locale={locale}", "agent": "/agent", "editor": "/editor"}
    return render_template("home.html", lang=locale, t=TEXT[locale], links=links,
                           locales=[loc for loc in runtime.locales if loc in TEXT])


@bp.get("/favicon.ico")
def favicon():
    response = Response(_favicon(current_app.static_folder), mimetype="image/svg+xml")
    response.cache_control.public, response.cache_control.max_age = True, 86400
    return response


@lru_cache(maxsize=4)
def _favicon(static_folder: str) -> bytes:
    return (Path(static_folder) / FAVICON).read_bytes()
