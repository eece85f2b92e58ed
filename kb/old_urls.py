"""Old URLs of imported articles (front matter ``redirect_from``): the paths the previous help center
served them at, so that links already sent to customers can be redirected to the new pages.

Pure functions shared by the importer (to rewrite links between imported articles) and the web
layer (to answer an old URL with a 301). An old URL is kept as its path (``/hc/en-us/articles/
360001-Reset``); a request matches it ignoring case, a trailing slash, a ``.html`` ending and, for
the help desks' ``…/articles/<number>-<title>`` URLs, the title part (it changes with the title, and
Zendesk, Freshdesk and Intercom answer any of them).
"""
from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

_NUMBERED = re.compile(r"^(.*/articles/\d+)(?:-[^/]*)?$")
_PAGE_SUFFIX = re.compile(r"\.html?$", re.I)


def url_path(url: str) -> str:
    """The path of ``url`` (a full URL or a path), percent-decoded, without query or fragment."""
    return unquote(urlsplit(url.strip()).path)


def lookup_keys(path: str) -> list[str]:
    """The keys an old path is found by, most precise first (see the module docstring)."""
    path = _PAGE_SUFFIX.sub("", url_path(path)).rstrip("/").lower()
    if not path:
        return []
    keys = [path]
    numbered = _NUMBERED.match(path)
    if numbered and numbered.group(1) != path:
        keys.append(numbered.group(1))
    return keys


def path_problem(value: str) -> str | None:
    """Why ``value`` cannot be a ``redirect_from`` entry, or None when it can."""
    if not value.startswith("/") or value.startswith("//"):
        return (f"`redirect_from` entry {value!r} must be a path starting with '/', e.g. /hc/en-us/articles/360001; "
                "write the old URL without its scheme and host")
    if any(c.isspace() for c in value):
        return f"`redirect_from` entry {value!r} has a space; percent-encode it (%20)"
    return None
