"""`askdesk import --from zendesk|freshdesk|intercom|html`: the fixtures under tests/fixtures/imports
(each in its help desk's documented JSON format, see their READMEs) become articles that `askdesk
check` passes, that an index finds, and whose old URLs redirect to their new pages."""
import json
import shutil

import pytest
from click.testing import CliRunner

from askdesk.indexer import layout
from askdesk.indexer.build import build_index
from askdesk.indexer.search import PUBLIC, Scope, Searcher
from askdesk.kb.check import check_content
from askdesk.kb.importers import import_help_center
from askdesk.kb.loader import load_content
from askdesk.shell.cli import main

from support.paths import LOCALES, REPO

FIXTURES = REPO / "tests" / "fixtures" / "imports"


def imported(tmp_path, vendor):
    out = tmp_path / vendor
    report = import_help_center(FIXTURES / vendor, vendor, out, LOCALES)
    return out, report, {a.key: a for a in load_content(out, LOCALES).articles}


def test_zendesk_articles_translations_sections_labels_drafts_and_segments(tmp_path):
    out, report, articles = imported(tmp_path, "zendesk")
    assert report.counts == {"en": {"draft": 1, "published": 4}, "ru": {"published": 3}}
    assert report.audiences == {"internal": 1, "public": 7}
    reset_en, reset_ru = articles["en:how-do-i-reset-my-password"], articles["ru:how-do-i-reset-my-password"]
    assert reset_ru.title == "Как сбросить пароль?"   # one id for the translations, the title its own
    assert reset_en.category == reset_ru.category == "sign-in-and-security"   # the section, in its source locale
    assert reset_en.tags == ["password", "sign-in"] and reset_en.updated == "2026-09-14"
    assert reset_en.redirect_from == ["/hc/en-us/articles/360001-How-do-I-reset-my-password"]
    assert articles["en:goodwill-credits-agents-only"].audience == "internal"
    assert articles["en:gift-cards"].status == "draft"
    # the Russian two-step article came only from the translations endpoint
    assert articles["ru:set-up-two-step-verification"].title == "Как включить двухэтапную проверку"
    skipped = {s.item: s.reason for s in report.skipped}
    assert "has no body text" in skipped["zendesk:360006 (en-us)"]
    assert any("(de)" in item and "not one of en, ru" in reason for item, reason in skipped.items())
    result = check_content(out, LOCALES)
    assert result.problems == [], [str(p) for p in result.problems]


def test_zendesk_html_becomes_clean_markdown_with_links_between_articles(tmp_path):
    out, report, articles = imported(tmp_path, "zendesk")
    body = articles["en:how-do-i-reset-my-password"].body_markdown
    assert "1. Open the sign-in page" in body
    assert "\n   - In the mobile app: tap *Profile*" in body        # a list nested in a numbered item
    assert "\n     - No e-mail after 5 minutes?" in body           # and one more level down
    assert "[two-step verification](set-up-two-step-verification.md)" in body
    assert "trackPageView" not in body and "<script" not in body
    assert "![The Forgot password? link under the password field](https://acme.zendesk.com/" in body
    assert "(see gift cards)" in body    # the link to the draft is dropped from a public article, its text kept
    table = articles["en:set-up-two-step-verification"].body_markdown
    assert "| Method | Where | Works offline |\n| --- | --- | --- |" in table
    assert r"| Backup codes \| printed | Paper | Yes |" in table
    assert "youtube" not in table
    ru = articles["ru:how-do-i-reset-my-password"].body_markdown
    assert "[двухэтапная проверка](set-up-two-step-verification.md)" in ru   # the Russian version of the target
    refunds = articles["en:how-long-does-a-refund-take"].body_markdown
    assert "| **Payment method** | **Refund arrives in** |\n| --- | --- |" in refunds   # first row as header
    assert "```text\nOrder number format: ACM-2026-000123\n```" in refunds
    unresolved = {(u.path, u.target): u.reason for u in report.unresolved}
    assert ("en/refunds/how-long-does-a-refund-take.md",
            "https://acme.zendesk.com/hc/en-us/articles/360099-Contact-billing") in unresolved
    assert "a draft customers cannot open" in unresolved[("en/sign-in-and-security/how-do-i-reset-my-password.md",
                                                         "/hc/en-us/articles/360005")]


def test_a_second_run_changes_only_what_changed_and_never_overwrites_others_files(tmp_path):
    source = tmp_path / "export"
    shutil.copytree(FIXTURES / "zendesk", source)
    out = tmp_path / "content"
    (out / "en" / "sign-in-and-security").mkdir(parents=True)
    theirs = out / "en" / "sign-in-and-security" / "set-up-two-step-verification.md"
    theirs.write_text("---\ntitle: Our own 2FA article\n---\nWritten by hand.\n", encoding="utf-8")
    first = import_help_center(source, "zendesk", out, LOCALES)
    assert "en/sign-in-and-security/set-up-two-step-verification.md" not in first.created
    assert theirs.read_text(encoding="utf-8").endswith("Written by hand.\n")
    theirs.unlink()   # now the import may write it

    second = import_help_center(source, "zendesk", out, LOCALES)
    assert second.created == ["en/sign-in-and-security/set-up-two-step-verification.md"] and not second.updated
    edited = out / "en" / "refunds" / "how-long-does-a-refund-take.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nOur note.\n", encoding="utf-8")
    listing = source / "ru" / "articles.json"
    data = json.loads(listing.read_text(encoding="utf-8"))
    data["articles"][0]["body"] = data["articles"][0]["body"].replace("30 минут", "60 минут")
    data["articles"][1]["body"] += "<p>Новый абзац.</p>"
    listing.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    translations = source / "translations-360002.json"
    data = json.loads(translations.read_text(encoding="utf-8"))
    data["translations"] = [t for t in data["translations"] if t["locale"] != "ru"]
    translations.write_text(json.dumps(data), encoding="utf-8")   # the Russian two-step article is gone

    third = import_help_center(source, "zendesk", out, LOCALES)
    assert third.updated == ["ru/refunds/how-long-does-a-refund-take.md",
                             "ru/sign-in-and-security/how-do-i-reset-my-password.md"]
    assert "60 минут" in (out / third.updated[1]).read_text(encoding="utf-8")
    assert third.removed == ["ru/sign-in-and-security/set-up-two-step-verification.md"]
    assert "edited since the import wrote it" in {s.item: s.reason for s in third.skipped}[
        "en/refunds/how-long-does-a-refund-take.md"]
    assert edited.read_text(encoding="utf-8").endswith("Our note.\n")
    assert not third.created and len(third.unchanged) == 4


def test_the_command_prints_the_report_and_json(tmp_path):
    out = tmp_path / "content"
    runner = CliRunner()
    printed = runner.invoke(main, ["import", str(FIXTURES / "zendesk"), "--from", "zendesk", "--out", str(out)])
    assert printed.exit_code == 0, printed.output
    lines = printed.output.splitlines()
    assert lines[0] == f"imported 8 articles from zendesk export {FIXTURES / 'zendesk'} into {out}"
    assert "  en: 1 draft, 4 published" in lines and "  ru: 3 published" in lines
    assert "files: 8 created, 0 updated, 0 unchanged, 0 removed" in lines
    assert "skipped 2:" in lines and "links not resolved 2:" in lines
    again = runner.invoke(main, ["import", str(FIXTURES / "zendesk"), "--from", "zendesk", "--out", str(out), "--json"])
    report = json.loads(again.output)
    assert report["articles"] == 8 and len(report["unchanged"]) == 8 and report["created"] == []
    folder = runner.invoke(main, ["import", str(FIXTURES / "zendesk"), "--out", str(out)])
    assert folder.exit_code == 2 and "pass --from" in folder.output


@pytest.mark.parametrize("vendor", ["zendesk"])
def test_round_trip_imported_articles_are_found_by_search(tmp_path, hash_encoder, vendor):
    out, _, _ = imported(tmp_path, vendor)
    build_index(out, tmp_path / "index", hash_encoder, locales=LOCALES)
    searcher = Searcher(layout.current_build(tmp_path / "index"), hash_encoder)
    hits = searcher.search("reset my password", locale="en", limit=3).hits
    assert hits[0].id == "how-do-i-reset-my-password"
    ru = searcher.search("сбросить пароль", locale="ru", limit=3).hits
    assert ru[0].id == "how-do-i-reset-my-password" and ru[0].locale == "ru"
    assert searcher.article("goodwill-credits-agents-only", "en", PUBLIC) is None
    assert searcher.article("goodwill-credits-agents-only", "en", Scope(audience="internal")) is not None
