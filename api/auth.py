"""Who is calling: agents and editors, each with a bearer token (:mod:`store.tokens`).

Roles are ordered (:data:`store.tokens.ROLES`): an editor may do everything an agent may.
JSON APIs read ``Authorization: Bearer <token>``; :func:`protect` puts a whole blueprint behind
a role, so a route added to it later cannot be left open. A refusal carries no data: 401 with
``WWW-Authenticate: Bearer`` (no token, or one that is unknown or revoked) or 403 (a role too
low). The console keeps only the token's id in its signed session cookie and sets the same
:class:`Principal` on ``g`` (see ``api/console.py``).
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, Response, current_app, g, request

from askdesk.core.errors import Forbidden, Unauthorized
from askdesk.store.tokens import ROLES, SqlTokens, TokenRecord


@dataclass(frozen=True)
class Principal:
    token_id: str
    name: str
    role: str

    @classmethod
    def of(cls, record: TokenRecord) -> Principal:
        return cls(record.id, record.name, record.role)

    def can(self, role: str) -> bool:
        """True when this principal's role is ``role`` or a stronger one."""
        return ROLES.index(self.role) >= ROLES.index(role)


def token_store() -> SqlTokens:
    """The tokens of the current app's store."""
    return SqlTokens(current_app.extensions["askdesk"].store)


def _bearer_token() -> str | None:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return (token.strip() or None) if scheme.lower() == "bearer" else None


def require(role: str) -> Principal:
    """The caller, when they may act as ``role``: the principal already on ``g`` (a console
    session) or the one of the request's bearer token. Raises 401 or 403 otherwise."""
    principal = g.get("principal")
    if principal is None:
        token = _bearer_token()
        if token is None:
            raise Unauthorized(f"this needs a token of role {role!r} or higher: send `Authorization: Bearer "
                               "<token>` (an operator creates one with `askdesk token create`)")
        record = token_store().verify(token)
        if record is None:
            raise Unauthorized("the token is not valid or was revoked; ask an operator for a new one")
        principal = g.principal = Principal.of(record)
    if not principal.can(role):
        raise Forbidden(f"this needs a token of role {role!r}; yours has role {principal.role!r}")
    return principal


def _private(response: Response) -> Response:
    """What a token opens is nobody else's: no cache keeps it (``no-store``), and a 401 says how to sign in."""
    response.headers["Cache-Control"] = "no-store"
    if response.status_code == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="askdesk"'
    return response


def protect(blueprint: Blueprint, role: str) -> None:
    """Every path under ``blueprint``'s prefix needs a bearer token of at least ``role``: its routes,
    and a path that matches none of them or not with that method (401 before 404 or 405, so an
    unauthenticated caller learns nothing of what is there). Its answers are never cached."""
    def guard() -> None:
        require(role)

    blueprint.before_request(guard)
    blueprint.after_request(_private)

    @blueprint.record_once
    def _unrouted(state) -> None:
        prefix = (state.url_prefix or "").rstrip("/")

        def under_prefix() -> bool:
            return request.url_rule is None and (request.path == prefix or request.path.startswith(prefix + "/"))

        @state.app.before_request
        def _guard_unrouted() -> None:
            if under_prefix():
                require(role)

        @state.app.after_request
        def _private_unrouted(response: Response) -> Response:
            return _private(response) if under_prefix() else response
