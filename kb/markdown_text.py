"""Markdown → plain text and passages, with site directives understood or cleanly stripped.

Help centers built with static-site generators carry their own markup, e.g. the VK Cloud docs'
``{heading(Title)[id=x]}``, ``{linkto(path#a)[text=T]}``, ``{ifdef(public)}…{/ifdef}``,
``{include(…)}`` and ``{tabs}``. They are rewritten into plain Markdown here so that nothing
else in askdesk needs to know about them; anything unknown of the ``{name(...)}`` shape is
removed, its text kept.
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from askdesk.kb.model import Passage

TARGET_BUILD = "public"

_ARG = r"\(((?:[^()]|\([^()]*\))*)\)"  # a directive's argument: text with one level of (nested) brackets
_IFDEF = re.compile(r"\{(ifdef|ifndef)\(([^)]*)\)\}(.*?)\{/\1\}", re.S)
_HEADING = re.compile(r"\{heading" + _ARG + r"(?:\[id=([^\]]*)\])?\}")
_LINKTO = re.compile(r"\{linkto\(([^)]*)\)(?:\[text=([^\]]*)\])?\}")
_INCLUDE = re.compile(r"\{(include|includetag|swagger|video)(\([^)]*\))?(\[[^\]]*\])?\}")
_TAB = re.compile(r"\{(tab|cut|caption)" + _ARG + r"\}")
_VAR = re.compile(r"(?<!\$)\{(var|const|counter|env|param|len)\(([^)]*)\)\}")
_GENERIC = re.compile(r"(?<!\$)\{/?[a-z][a-z0-9_-]*(?::[a-z0-9_-]+)?(?:" + _ARG + r")?(?:\[[^\]]*\])?\}")
_BROKEN = re.compile(r"(?<!\$)\{(linkto|include|heading)\([^)]*\)(?:\[[^\]]*\])?\}?")  # malformed leftovers
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
_INCLUDE_REF = re.compile(r"\{include\(([^)]*)\)(?:\[tags=([^\]]*)\])?\}")
_INCLUDETAG = re.compile(r"\{includetag\(([^)]*)\)\}(.*?)\{/includetag\}", re.S)
MAX_INCLUDE_DEPTH = 4


class IncludeCache:
    """Fragments read once per content load, split into their ``includetag`` sections."""

    def __init__(self):
        self._files: dict[Path, tuple[str, dict[str, str]] | None] = {}

    def get(self, path: Path, tags: str | None) -> str | None:
        if path not in self._files:
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                self._files[path] = None
            else:
                sections: dict[str, str] = {}
                if "{includetag(" in text:
                    for m in _INCLUDETAG.finditer(text):
                        name = m.group(1).strip()
                        sections[name] = sections.get(name, "") + m.group(2)
                self._files[path] = (text, sections)
        entry = self._files[path]
        if entry is None:
            return None
        if not tags:
            return entry[0]
        return "\n".join(entry[1][t.strip()] for t in tags.split(",") if t.strip() in entry[1])


def resolve_includes(markdown: str, base_dir: Path, root: Path, depth: int = 0,
                     cache: IncludeCache | None = None) -> str:
    """Inline ``{include(path)[tags=a,b]}`` fragments found inside ``root``; drop the rest.

    A path starting with ``/`` is taken from ``root``'s parent's layout (``/en/_includes/x.md``
    is ``root/en/_includes/x.md``). Paths leaving ``root``, missing files and includes nested
    deeper than :data:`MAX_INCLUDE_DEPTH` are removed, never followed.
    """
    cache = cache or IncludeCache()
    resolved_root = root.resolve()

    def inline(match: re.Match) -> str:
        target, tags = match.group(1).strip(), match.group(2)
        path = (root / target.lstrip("/")) if target.startswith("/") else (base_dir / target)
        path = path.resolve()
        if not path.is_relative_to(resolved_root):
            return ""
        text = cache.get(path, tags)
        if text is None:
            return ""
        if depth + 1 >= MAX_INCLUDE_DEPTH:
            return _INCLUDE_REF.sub("", text)
        return resolve_includes(text, path.parent, root, depth + 1, cache)

    return _INCLUDE_REF.sub(inline, markdown)


def expand_directives(markdown: str) -> str:
    """Rewrite site directives into plain Markdown (see the module docstring)."""
    text = _HTML_COMMENT.sub("", markdown)
    previous = None
    while previous != text:  # conditionals can nest
        previous = text
        text = _IFDEF.sub(_conditional, text)
    text = _HEADING.sub(lambda m: m.group(1) + (f" {{#{m.group(2)}}}" if m.group(2) else ""), text)
    text = _LINKTO.sub(lambda m: f"[{m.group(2) or m.group(1)}]({m.group(1)})", text)
    text = _INCLUDE.sub("", text)
    text = _TAB.sub(lambda m: f"**{m.group(2)}**", text)
    text = _VAR.sub(lambda m: m.group(2), text)
    text = _GENERIC.sub("", text)
    return _BROKEN.sub("", text)


def _conditional(match: re.Match) -> str:
    kind, targets, body = match.group(1), match.group(2), match.group(3)
    wanted = TARGET_BUILD in {t.strip() for t in targets.split(",")}
    return body if wanted == (kind == "ifdef") else ""


_FENCE = re.compile(r"^\s*(```|~~~)")
_ATX = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_EXPLICIT_ANCHOR = re.compile(r"\s*\{#([A-Za-z0-9_-]+)\}\s*$")


def slugify(text: str) -> str:
    """A URL-safe anchor or id: lower case, letters (any script) and digits joined by hyphens."""
    text = unicodedata.normalize("NFKC", text).lower()
    return _DASHES.sub("-", _NOT_SLUG.sub("", text)).strip("-")


def split_passages(markdown: str, title: str) -> list[Passage]:
    """Split at ``##``/``###`` headings. Text before the first heading belongs to the title."""
    sections: list[tuple[str, str, list[str]]] = [(title, "", [])]
    in_fence = False
    used: set[str] = set()
    for line in markdown.splitlines():
        if _FENCE.match(line):
            in_fence = not in_fence
        heading = None if in_fence else _ATX.match(line)
        if heading and len(heading.group(1)) >= 2:
            text = heading.group(2)
            explicit = _EXPLICIT_ANCHOR.search(text)
            if explicit:
                text = text[: explicit.start()]
            anchor = explicit.group(1) if explicit else slugify(plain_text(text))
            base, n = anchor, 1
            while anchor in used:
                n += 1
                anchor = f"{base}-{n}"
            used.add(anchor)
            sections.append((plain_text(text), anchor, []))
        elif heading:  # a level-1 heading inside the body is the title again: keep its words
            sections[-1][2].append(_EXPLICIT_ANCHOR.sub("", heading.group(2)))
        else:
            sections[-1][2].append(line)
    passages = []
    for heading, anchor, lines in sections:
        body = plain_text("\n".join(lines))
        if body or anchor:
            passages.append(Passage(heading=heading, anchor=anchor, text=body, position=len(passages)))
    return passages


_NOT_SLUG = re.compile(r"[^\w\s-]")
_DASHES = re.compile(r"[\s_-]+")
_TAG = re.compile(r"<[^>]+>")
_LINE_MARKER = re.compile(r"^[ \t]*(#{1,6}[ \t]+|>[ \t]?|[-*+][ \t]+|\d+[.)][ \t]+)", re.M)
_RULE_OR_FENCE_LINE = re.compile(r"^([ \t]*\|?[ \t]*:?-{3,}.*|[ \t]*(```|~~~).*)$", re.M)
_INLINE_SPACES = re.compile(r"[ \t\r\f\v]+")
_LINE_EDGES = re.compile(r"^ | $", re.M)
_BLANK_LINES = re.compile(r"\n{2,}")
_EXTERNAL = re.compile(r"^([a-z][a-z0-9+.-]*:|#|/)", re.I)
_LINK = re.compile(r"!?\[([^\]]*)\]\(([^)\s]*)(?:\s+\"[^\"]*\")?\)")
_EMPH = re.compile(r"(\*\*|__|\*|_|`)")
_TABLE_ROW = re.compile(r"^[ \t]*\|?[^\n|]*\|.*$", re.M)
CELL_SEPARATOR = " · "


def _table_row(match: re.Match) -> str:
    cells = [cell.strip() for cell in match.group(0).strip().strip("|").split("|")]
    return CELL_SEPARATOR.join(cell for cell in cells if cell)


def plain_text(markdown: str) -> str:
    """Readable text for indexing and snippets: no link targets, emphasis or table rules; a table
    row becomes one line with its cells kept apart by :data:`CELL_SEPARATOR`."""
    text = _RULE_OR_FENCE_LINE.sub("", markdown)
    text = _LINK.sub(lambda m: m.group(1), text)
    text = _TAG.sub(" ", text)
    text = _EMPH.sub("", text)
    text = _TABLE_ROW.sub(_table_row, _LINE_MARKER.sub("", text.replace("\\|", "\x00")))
    text = text.replace("|", " ").replace("\x00", "|")
    text = _INLINE_SPACES.sub(" ", text)
    return _BLANK_LINES.sub("\n", _LINE_EDGES.sub("", text)).strip()


_LIST_ITEM = re.compile(r"^( *)([-*+]|\d{1,9}[.)])(?: +|$)")
_THEMATIC_BREAK = re.compile(r"^ {0,3}([-*_])( *\1){2,} *$")


def normalise_list_indentation(markdown: str) -> str:
    """Re-indent nested lists to the four spaces per level that python-markdown needs.

    Editors indent a nested list under its item by 2 or 3 spaces (CommonMark and GitHub take
    that); python-markdown then flattens it into the parent list and breaks the numbering. A line
    indented at least 2 spaces past an open item's marker belongs to that item; it is moved to
    4 spaces per level, keeping any extra indentation (an indented code block, a fenced block's
    inner lines). Lines outside lists are left alone.
    """
    out: list[str] = []
    items: list[tuple[int, int]] = []  # open items: (indent of the marker, column of the content), in the source
    fence: str | None = None
    shift = 0
    blank_before = True
    for line in markdown.split("\n"):
        expanded = line.expandtabs(4)
        stripped = expanded.lstrip(" ")
        indent = len(expanded) - len(stripped)
        if fence is not None:  # inside a fenced block: move with its opening line
            if stripped.startswith(fence):
                fence = None
            out.append(" " * max(0, indent + shift) + stripped if shift and stripped else line)
            continue
        if not stripped:
            out.append(line)
            blank_before = True
            continue
        item = None if _THEMATIC_BREAK.match(expanded) else _LIST_ITEM.match(expanded)
        if item is None and not blank_before and items and indent < items[-1][0] + 2:
            out.append(line)  # a lazy continuation of the item's paragraph
            continue
        while items and indent < items[-1][0] + 2:
            items.pop()
        blank_before = False
        if item is not None:
            new_indent = 4 * len(items)
            marker = item.group(0)  # the indentation, the marker and the spaces after it
            items.append((indent, len(marker) if marker.endswith(" ") else len(marker) + 1))
        elif items:
            new_indent = 4 * len(items) + max(0, indent - items[-1][1])
        else:
            new_indent = indent
        fence_match = _FENCE.match(stripped)
        if fence_match:
            fence, shift = fence_match.group(1), new_indent - indent
        out.append(line if new_indent == indent else " " * new_indent + stripped)
    return "\n".join(out)


def relative_links(markdown: str) -> list[tuple[int, str]]:
    """(line number, target) of links that point inside the content folder."""
    found = []
    for number, line in enumerate(markdown.splitlines(), start=1):
        for match in _LINK.finditer(line):
            target = match.group(2)
            if target and not _EXTERNAL.match(target):
                found.append((number, target))
    return found
