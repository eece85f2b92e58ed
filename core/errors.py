"""Errors that reach a user. Each carries its HTTP status; the message names the problem and the fix."""
from __future__ import annotations


class AskdeskError(Exception):
    status = 500

    def __init__(self, message: str, *, errors: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.errors = errors or []


class BadRequest(AskdeskError):
    status = 400


class Unauthorized(AskdeskError):
    """No credentials, or credentials that are not valid (anymore)."""
    status = 401


class Forbidden(AskdeskError):
    """Valid credentials whose role may not do this."""
    status = 403


class NotFound(AskdeskError):
    status = 404


class PayloadTooLarge(AskdeskError):
    status = 413


class ConfigError(AskdeskError):
    status = 500


class IndexMissing(AskdeskError):
    """No usable index: the server is not ready."""
    status = 503


class IndexMismatch(AskdeskError):
    """The index was built with another encoder than the one configured."""
    status = 503


class ContentError(AskdeskError):
    """Content could not be indexed; ``errors`` lists each problem with file and line."""
    status = 422


class StoreUnavailable(AskdeskError):
    """The store cannot be written or reached (a full disk, a read-only file, a database that is
    down): the server is not ready until an operator fixes it; the message says what to do."""
    status = 503
