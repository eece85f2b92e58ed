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

from kb.model import Passage

TARGET_BUILD = "public"

_IFDEF = re.compile(r"\{(ifdef|ifndef)\(([^)]*)\)\}(.*?)\{/\1\}", re.S)
_HEADING = re.compile(r"\{heading\(([^)]*)\)(?:\[id=([^\]]*)\])?\}")
_LINKTO = re.compile(r"\{linkto\(([^)]*)\)(?:\[text=([^\]]*)\])?\}")
_INCLUDE = re.compile(r"\{(include|includetag|swagger|video)(\([^)]*\))?(\[[^\]]*\])?\}")
_TAB = re.compile(r"\{(tab|cut|caption)\(([^)]*)\)\}")
_VAR = re.compile(r"\{(var|const|counter|env|param|len)\(([^)]*)\)\}")
_GENERIC = re.compile(r"\{/?[a-z][a-z0-9_-]*(?::[a-z0-9_-]+)?(?:\([^)]*\))?(?:\[[^\]]*\])?\}")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
_INCLUDE_REF = re.compile(r"\{include\(([^)]*)\)(?:\[tags=([^\]]*)\])?\}")
_INCLUDETAG = re.compile(r"\{includetag\(([^)]*)\)\}(.*?)\{/includetag\}", re.S)
MAX_INCLUDE_DEPTH = 4


def resolve_includes(markdown: str, base_dir: Path, root: Path, depth: int = 0) -> str:
    """Inline ``{include(path)[tags=a,b]}`` fragments found inside ``root``; drop the rest.

    A path starting with ``/`` is taken from ``root``'s parent's layout (``/en/_includes/x.md``
    is ``root/en/_includes/x.md``). Paths leaving ``root``, missing files and includes nested
    deeper than :data:`MAX_INCLUDE_DEPTH` are removed, never followed.
    """
    def inline(match: re.Match) -> str:
        target, tags = match.group(1).strip(), match.group(2)
        path = (root / target.lstrip("/")) if target.startswith("/") else (base_dir / target)
        try:
            path = path.resolve()
            path.relative_to(root.resolve())
            text = path.read_text(encoding="utf-8")
        except (OSError, ValueError, UnicodeDecodeError):
            return ""
        if tags:
            wanted = {t.strip() for t in tags.split(",")}
            text = "\n".join(m.group(2) for m in _INCLUDETAG.finditer(text) if m.group(1).strip() in wanted)
        if depth + 1 >= MAX_INCLUDE_DEPTH:
            return _INCLUDE_REF.sub("", text)
        return resolve_includes(text, path.parent, root, depth + 1)

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
    return text


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
    text = re.sub(r"[^\w\s-]", "", text)
    return re.sub(r"[\s_-]+", "-", text).strip("-")


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


_LINK = re.compile(r"!?\[([^\]]*)\]\(([^)\s]*)(?:\s+\"[^\"]*\")?\)")
_EMPH = re.compile(r"(\*\*|__|\*|_|`)")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}")


def plain_text(markdown: str) -> str:
    """Readable text for indexing and snippets: no link targets, emphasis or table rules."""
    lines = []
    for line in markdown.splitlines():
        if _TABLE_RULE.match(line) or _FENCE.match(line):
            continue
        line = _LINK.sub(lambda m: m.group(1), line)
        line = re.sub(r"<[^>]+>", " ", line)
        line = _EMPH.sub("", line)
        line = re.sub(r"^\s*(#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)", "", line)
        line = line.replace("|", " ")
        lines.append(re.sub(r"\s+", " ", line).strip())
    return re.sub(r"\n{2,}", "\n", "\n".join(lines)).strip()


def relative_links(markdown: str) -> list[tuple[int, str]]:
    """(line number, target) of links that point inside the content folder."""
    found = []
    for number, line in enumerate(markdown.splitlines(), start=1):
        for match in _LINK.finditer(line):
            target = match.group(2)
            if target and not re.match(r"^([a-z][a-z0-9+.-]*:|#|/)", target, re.I):
                found.append((number, target))
    return found
