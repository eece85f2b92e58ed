"""``askdesk import SOURCE --from zendesk|freshdesk|intercom|html``: another help center's articles
into askdesk's content folder, with a report of what came across.

A reader per help desk turns its export into :class:`~askdesk.kb.importers.records.SourceArticle`
records (:mod:`.zendesk`, :mod:`.freshdesk`, :mod:`.intercom`, :mod:`.html_pages`);
:mod:`.html_markdown` turns their HTML into Markdown, :mod:`.plan` decides ids, files and links, and
:mod:`.sync` writes them, never over a file it did not write. CSV and JSONL FAQ exports are
:mod:`askdesk.kb.importer`'s.
"""
from __future__ import annotations

from pathlib import Path

from askdesk.kb.importers import freshdesk, html_pages, intercom, zendesk
from askdesk.kb.importers.records import ImportReport
from askdesk.kb.importers.sync import sync

READERS = {"zendesk": zendesk.read, "freshdesk": freshdesk.read, "intercom": intercom.read, "html": html_pages.read}


def import_help_center(source: Path, vendor: str, out: Path, locales: tuple[str, ...]) -> ImportReport:
    """Read ``source`` as ``vendor``'s export and write its articles under ``out``."""
    if vendor == "html":
        export = html_pages.read(source, locales)
    else:
        export = READERS[vendor](source)
    return sync(export, vendor, source, out, locales, relative_links=vendor == "html")
