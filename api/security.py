"""Browser-facing protection: which sites may call the public API (CORS) and the headers every
response carries (no sniffing, a Content Security Policy that lets no inline script run)."""
from __future__ import annotations

from flask import Flask
from flask_cors import CORS

# Every public API path; the agent and editor APIs are for the consoles (same origin) and token holders only.
PUBLIC_API = r"^/api/v1/(?!(agent|editor)(/|$)).*"

CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' https: data:; "
       "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'")


def allowed_origins(setting: str) -> list[str] | str:
    origins = [o.strip().rstrip("/") for o in setting.split(",") if o.strip()]
    return "*" if "*" in origins else origins


def init(app: Flask) -> None:
    origins = allowed_origins(app.config["ASKDESK"].allowed_origins)
    if origins:
        CORS(app, resources={PUBLIC_API: {"origins": origins}}, methods=["GET", "POST", "OPTIONS"],
             allow_headers=["Content-Type"], max_age=600)

    @app.after_request
    def _headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        if response.mimetype == "text/html":
            response.headers.setdefault("Content-Security-Policy", CSP)
        return response
