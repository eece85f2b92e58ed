"""A help desk's article HTML → clean Markdown for askdesk's content folder.

The HTML is sanitised first with nh3 (scripts, styles, frames, forms, navigation, event handlers and
``javascript:`` URLs go; their text too for scripts and styles), links are rewritten by the
caller's function (links between imported articles become relative ``.md`` links), and markdownify
writes the Markdown: ATX headings, ``-`` bullets, nested lists indented under their item, pipe tables
(a first row taken as the header when there is no ``<th>``), fenced code with its language, images
with their alt text.
"""
from __future__ import annotations

import re
from collections.abc import Callable

import nh3
from bs4 import BeautifulSoup
from markdownify import MarkdownConverter

# What an article body may keep; everything else is dropped, its text kept (scripts' and styles' not).
SAFE_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "div", "span", "section", "article", "main", "header",
             "ul", "ol", "li", "dl", "dt", "dd", "strong", "b", "em", "i", "u", "s", "del", "sup", "sub",
             "code", "pre", "kbd", "samp", "blockquote", "table", "caption", "thead", "tbody", "tfoot", "tr", "th",
             "td", "a", "img", "figure", "figcaption", "hr", "br"}
SAFE_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "code": {"class"}, "pre": {"class"},
                   "th": {"colspan"}, "td": {"colspan"}}
_DROPPED_WITH_TEXT = {"script", "style", "iframe", "noscript", "object", "template", "svg", "nav", "form", "button"}
_LANGUAGE = re.compile(r"(?:^|\s)(?:language|lang)-([\w+#-]+)")
_BLANK_LINES = re.compile(r"\n{3,}")
_TRAILING_SPACE = re.compile(r"[ \t]+$", re.M)


def _code_language(pre) -> str:
    for element in (pre, pre.find("code")):
        if element is not None:
            found = _LANGUAGE.search(" ".join(element.get("class") or []))
            if found:
                return found.group(1)
    return ""


class _Converter(MarkdownConverter):
    """markdownify with table cells whose ``|`` cannot end the cell."""

    def convert_td(self, el, text, parent_tags):
        return super().convert_td(el, text.replace("|", r"\|"), parent_tags)

    def convert_th(self, el, text, parent_tags):
        return super().convert_th(el, text.replace("|", r"\|"), parent_tags)


def sanitise(html: str) -> str:
    """The HTML with only :data:`SAFE_TAGS` and :data:`SAFE_ATTRIBUTES`; http(s) and mailto links only."""
    return nh3.clean(html, tags=SAFE_TAGS, attributes=SAFE_ATTRIBUTES, url_schemes={"http", "https", "mailto"},
                     link_rel=None, strip_comments=True, clean_content_tags=_DROPPED_WITH_TEXT)


def has_content(html: str) -> bool:
    """Whether anything (text or an image) is left of ``html`` once it is sanitised."""
    soup = BeautifulSoup(sanitise(html), "html.parser")
    return bool(soup.get_text(strip=True)) or soup.find("img") is not None


def html_to_markdown(html: str, rewrite: Callable[[str, str], str | None] | None = None, drop_title: str = "") -> str:
    """Markdown of ``html``. ``rewrite(tag, url)`` gives each link's (``"a"``) and image's (``"img"``)
    new URL, or None to drop it (a link keeps its text, an image its alt text); ``drop_title`` drops a
    first ``<h1>`` with that text (a saved page repeats its title)."""
    soup = BeautifulSoup(sanitise(html), "html.parser")
    if drop_title:
        first = soup.find("h1")
        if first is not None and first.get_text(" ", strip=True) == drop_title.strip():
            first.decompose()
    if rewrite is not None:
        for anchor in soup.find_all("a", href=True):
            target = rewrite("a", anchor["href"])
            if target is None:
                anchor.unwrap()
            else:
                anchor["href"] = target
        for image in soup.find_all("img", src=True):
            target = rewrite("img", image["src"])
            if target is None:
                image.replace_with(image.get("alt") or "")
            else:
                image["src"] = target
    for anchor in soup.find_all("a", href=True):
        anchor["href"] = anchor["href"].replace(" ", "%20").replace("(", "%28").replace(")", "%29")
    text = _Converter(heading_style="ATX", bullets="-", table_infer_header=True, strong_em_symbol="*",
                      code_language_callback=_code_language, escape_underscores=False).convert_soup(soup)
    text = _TRAILING_SPACE.sub("", text.replace("\u00a0", " "))
    return _BLANK_LINES.sub("\n\n", text).strip()
