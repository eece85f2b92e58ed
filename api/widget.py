"""The embeddable help widget (``/widget.js``) and a demo shop page that embeds it (``/demo``).

A customer site adds one tag, ``<script src="https://help.example.com/widget.js" defer>``; the
script finds the API at its own origin. The demo page uses exactly that tag, on purpose styled
with the kind of global CSS (``* {font-family: serif}``, ``button {…}``) a naive widget would pick up.

``widget.js`` is a small loader; the widget itself is the ES modules in ``static/widget/`` (no build
step), served under ``/static/widget/<version>/`` where the version is a digest of their text. The
loader names the current version, so a page gets one release's modules together; they are cached
for good and, like the loader, may be loaded by any site (public code, fetched without credentials:
``Access-Control-Allow-Origin: *``). Which sites may call the API is ``allowed_origins`` (security.py).
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from flask import Blueprint, current_app, render_template, request, send_from_directory
from werkzeug.exceptions import NotFound

bp = Blueprint("widget", __name__, template_folder="templates")

STATIC = Path(__file__).parent / "static"
MODULES = STATIC / "widget"
WIDGET_MAX_AGE = 300                  # the loader: a new release reaches every page within minutes
MODULE_MAX_AGE = 365 * 24 * 3600      # a version's modules never change
VERSION_MARK = "__VERSION__"          # in the loader, where the modules' version goes
JS = "text/javascript; charset=utf-8"

DEMO_TEXT: dict[str, dict[str, str]] = {
    "en": {
        "title": "Shelfy — things for a calm home",
        "nav_shop": "Shop", "nav_new": "New in", "nav_help": "Help center", "nav_agent": "Agent console",
        "hero": "Things for a calm home",
        "lead": "Linen, ceramics and oak shelves, made in small batches and delivered in 2–4 days.",
        "cta": "Shop the collection", "products": "Bestsellers", "add": "Add to basket",
        "demo_note": "This is a demo shop. The help button in the corner is the askdesk widget, embedded with "
                     "the same one-line script tag a customer's site would use.",
        "footer": "Free returns within 30 days · Delivery across Europe",
        "switch": "На русском",
    },
    "ru": {
        "title": "Shelfy — вещи для спокойного дома",
        "nav_shop": "Каталог", "nav_new": "Новинки", "nav_help": "Справочный центр", "nav_agent": "Консоль сотрудника",
        "hero": "Вещи для спокойного дома",
        "lead": "Лён, керамика и дубовые полки небольшими партиями — с доставкой за 2–4 дня.",
        "cta": "Смотреть каталог", "products": "Хиты продаж", "add": "В корзину",
        "demo_note": "Это демонстрационный магазин. Кнопка помощи в углу — виджет askdesk, подключённый той же "
                     "строкой <script>, что и на сайте клиента.",
        "footer": "Бесплатный возврат в течение 30 дней · Доставка по Европе",
        "switch": "In English",
    },
}

PRODUCTS: list[dict[str, object]] = [
    {"name": {"en": "Linen throw, sage", "ru": "Льняной плед, шалфей"}, "price": "€64", "tone": "sage"},
    {"name": {"en": "Stoneware mug set", "ru": "Набор кружек из керамики"}, "price": "€38", "tone": "clay"},
    {"name": {"en": "Oak wall shelf", "ru": "Дубовая полка"}, "price": "€89", "tone": "oak"},
    {"name": {"en": "Wool cushion cover", "ru": "Шерстяная наволочка"}, "price": "€29", "tone": "sand"},
    {"name": {"en": "Glass carafe", "ru": "Стеклянный графин"}, "price": "€24", "tone": "sky"},
    {"name": {"en": "Cotton bath towel", "ru": "Хлопковое полотенце"}, "price": "€19", "tone": "rose"},
]


def modules_version() -> str:
    """The version of the widget's modules: a digest of their names and text (re-read when a file changes)."""
    files = sorted(MODULES.glob("*.js"))
    return _digest(tuple((f.name, f.stat().st_mtime_ns, f.stat().st_size) for f in files))


@lru_cache(maxsize=8)
def _digest(files: tuple[tuple[str, int, int], ...]) -> str:
    digest = hashlib.sha256()
    for name, _mtime, _size in files:
        digest.update(name.encode() + b"\0" + (MODULES / name).read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def _script_headers(response, cache_control: str):
    response.headers["Content-Type"] = JS     # module scripts are refused without a JavaScript type
    response.headers["Cache-Control"] = cache_control
    # sites that isolate themselves (Cross-Origin-Embedder-Policy) may still load it
    response.headers["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


@bp.get("/widget.js")
def widget_js():
    """The widget's loader: cacheable for a few minutes, loadable by any site (a plain script tag)."""
    source = (STATIC / "widget.js").read_text("utf-8").replace(VERSION_MARK, modules_version(), 1)
    response = _script_headers(current_app.response_class(source, mimetype="text/javascript"),
                               f"public, max-age={WIDGET_MAX_AGE}")
    response.add_etag()
    return response.make_conditional(request)


@bp.get("/static/widget/<version>/<name>")
def widget_module(version: str, name: str):
    """One of the widget's ES modules. A version other than the current one (a loader cached before a
    release) gets the current modules, uncached, so its page still gets one release's modules together."""
    if not name.endswith(".js"):
        raise NotFound(f"no widget module {name!r}")
    response = send_from_directory(MODULES, name, mimetype="text/javascript")
    current = version == modules_version()
    _script_headers(response, f"public, max-age={MODULE_MAX_AGE}, immutable" if current else "no-cache")
    # module scripts from another origin are fetched with CORS (without credentials); this is public code
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.get("/demo")
def demo():
    """A demo shop page embedding the widget like a customer's site would. ``?locale=ru`` for Russian,
    ``?email=`` to try a known customer (``data-email``), ``?position=left``, ``?open=true``."""
    locales = current_app.extensions["askdesk"].locales
    locale = request.args.get("locale") or current_app.config["ASKDESK"].default_locale
    if locale not in locales or locale not in DEMO_TEXT:
        locale = "en"
    position = "left" if request.args.get("position") == "left" else "right"
    email = (request.args.get("email") or "").strip()[:254]
    open_at_load = request.args.get("open") == "true"
    return render_template("demo.html", locale=locale, t=DEMO_TEXT[locale], products=PRODUCTS, email=email,
                           position=position, open_at_load=open_at_load,
                           other_locale="ru" if locale == "en" else "en")
