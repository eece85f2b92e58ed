"""Browser-facing protection: which sites may call the public API (CORS) and the headers every
response carries (no sniffing, a Content Security Policy that lets no inline script run). When the
site is served over https (the ``public_url`` setting), cookies are ``Secure`` and every response
carries HSTS, so a browser never sends the console's session over plain http."""
from __future__ import annotations

from flask import Flask
from flask_cors import CORS

# Every public API path; the agent and editor APIs are for the consoles (same origin) and token holders only.
PUBLIC_API = r"^/api/v1/(?!(agent|editor)(/|$)).*"

CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' https: data:; "
       "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'")


HSTS = "max-age=31536000"        # a year; subdomains are the operator's to decide, so not included


def served_over_https(public_url: str) -> bool:
    return public_url.strip().lower().startswith("https://")


def allowed_origins(setting: str) -> list[str] | str:
    origins = [o.strip().rstrip("/") for o in setting.split(",") if o.strip()]
    return "*" if "*" in origins else origins


def init(app: Flask) -> None:
    config = app.config["ASKDESK"]
    https = served_over_https(config.public_url or "")
    app.config["SESSION_COOKIE_SECURE"] = https
    origins = allowed_origins(config.allowed_origins)
    if origins:
        CORS(app, resources={PUBLIC_API: {"origins": origins}}, methods=["GET", "POST", "OPTIONS"],
             allow_headers=["Content-Type"], max_age=600)

    @app.after_request
    def _headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        if response.mimetype == "text/html":
            response.headers.setdefault("Content-Security-Policy", CSP)
        if https:
            response.headers.setdefault("Strict-Transport-Security", HSTS)
        return response
