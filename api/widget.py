"""The embeddable help widget (``/widget.js``) and a demo shop page that embeds it (``/demo``).

A customer site adds one tag, ``<script src="https://help.example.com/widget.js" defer>``; the
script finds the API at its own origin. The demo page uses exactly that tag, on purpose styled
with the kind of global CSS (``* {font-family: serif}``, ``button {…}``) a naive widget would pick up.
"""
from __future__ import annotations

from pathlib import Path

from flask import Blueprint, current_app, render_template, request, send_from_directory

bp = Blueprint("widget", __name__, template_folder="templates")

STATIC = Path(__file__).parent / "static"
WIDGET_MAX_AGE = 300

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


@bp.get("/widget.js")
def widget_js():
    """The widget script: cacheable for a few minutes, loadable by any site (a plain script tag)."""
    response = send_from_directory(STATIC, "widget.js", mimetype="text/javascript", max_age=WIDGET_MAX_AGE)
    response.headers["Content-Type"] = "text/javascript; charset=utf-8"
    response.headers["Cache-Control"] = f"public, max-age={WIDGET_MAX_AGE}"
    # sites that isolate themselves (Cross-Origin-Embedder-Policy) may still load it
    response.headers["Cross-Origin-Resource-Policy"] = "cross-origin"
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
