"""Writing an import into the output folder without harming anything the importer did not write.

The folder keeps a manifest, :data:`MANIFEST` (JSON), of every file the importer wrote with the
SHA-256 of what it wrote, and the askdesk id it gave each of the help desk's articles. A run then:

- creates the files that are new, and rewrites only those whose text changed;
- never touches a file the manifest does not list (someone else's article) nor one that was edited
  by hand since the import wrote it (its hash differs): both are reported as skipped, with the fix;
- removes a file it wrote, unedited, whose article is no longer in the export (deleted at the source).
"""
from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

from askdesk.core.errors import BadRequest
from askdesk.kb.importers.plan import Plan, plan_import
from askdesk.kb.importers.records import ImportReport, Skipped, SourceExport
from askdesk.kb.loader import load_content

MANIFEST = ".askdesk-import.json"
MANIFEST_VERSION = 1


def _sha(text: bytes) -> str:
    return hashlib.sha256(text).hexdigest()


def read_manifest(out: Path) -> dict:
    path = out / MANIFEST
    if not path.exists():
        return {"version": MANIFEST_VERSION, "sources": {}, "files": {}}
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadRequest(f"{path} is not the importer's JSON manifest ({exc}); restore it from a backup, or "
                         "import into a new folder") from exc
    if not isinstance(manifest, dict) or manifest.get("version") != MANIFEST_VERSION:
        raise BadRequest(f"{path}: unknown manifest version {manifest.get('version') if isinstance(manifest, dict) else '?'}; "
                         "import into a new folder")
    return manifest


def sync(export: SourceExport, vendor: str, source: Path, out: Path, locales: tuple[str, ...],
         relative_links: bool = False) -> ImportReport:
    """Write ``export`` into ``out`` (see the module docstring) and report what happened."""
    if out.exists() and not out.is_dir():
        raise BadRequest(f"--out {out} is a file; pass a folder")
    manifest = read_manifest(out)
    owned = manifest["files"]
    existing = load_content(out, locales) if out.is_dir() else None
    ours = {path for path, entry in owned.items() if entry.get("from") == vendor}
    taken = {a.id for a in existing.articles if a.path not in ours} if existing else set()
    plan: Plan = plan_import(export, locales, manifest["sources"].get(vendor, {}), taken, relative_links)

    report = ImportReport(source=str(source), vendor=vendor, out=str(out), counts={}, audiences={},
                          skipped=list(plan.skipped), unresolved=list(plan.unresolved))
    counts: Counter = Counter()
    written: set[str] = set()
    for planned in plan.files:
        target = out / planned.path
        data = planned.text.encode("utf-8")
        entry = owned.get(planned.path) if planned.path in ours else None
        if target.exists():
            current = _sha(target.read_bytes())
            if entry is None:
                writer = owned.get(planned.path, {}).get("from")
                why = f"the {writer} import wrote it" if writer else "the importer did not write it"
                report.skipped.append(Skipped(planned.path, f"the file is there and {why}; move it away or "
                                              "import into another folder"))
                continue
            if current != entry["sha256"]:
                report.skipped.append(Skipped(planned.path, "edited since the import wrote it; your edits are kept "
                                              "(delete the file to take the imported version)"))
                written.add(planned.path)
                counts[(planned.locale, planned.status, planned.audience)] += 1
                continue
            if current == _sha(data):
                report.unchanged.append(planned.path)
            else:
                target.write_bytes(data)
                report.updated.append(planned.path)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            report.created.append(planned.path)
        owned[planned.path] = {"sha256": _sha(data), "from": vendor, "article": planned.key}
        written.add(planned.path)
        counts[(planned.locale, planned.status, planned.audience)] += 1

    for relative, entry in sorted(owned.items()):
        if relative in written or entry.get("from") != vendor:
            continue
        target = out / relative
        if target.exists() and _sha(target.read_bytes()) != entry["sha256"]:
            report.skipped.append(Skipped(relative, "its article is no longer in the export, but the file was edited "
                                          "since the import wrote it; delete it by hand if it should go"))
            continue
        target.unlink(missing_ok=True)
        del owned[relative]
        report.removed.append(relative)

    for (locale, status, audience), n in sorted(counts.items()):
        report.counts.setdefault(locale, {}).setdefault(status, 0)
        report.counts[locale][status] += n
        report.audiences[audience] = report.audiences.get(audience, 0) + n
    manifest["sources"][vendor] = plan.ids
    out.mkdir(parents=True, exist_ok=True)
    (out / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                                encoding="utf-8")
    return report
