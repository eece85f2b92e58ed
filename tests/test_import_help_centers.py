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


def test_freshdesk_folders_statuses_visibility_and_translations(tmp_path):
    out, report, articles = imported(tmp_path, "freshdesk")
    assert report.counts == {"en": {"draft": 1, "published": 3}, "ru": {"published": 2}}
    track_en, track_ru = articles["en:track-your-order"], articles["ru:track-your-order"]
    assert track_ru.title == "Как отследить заказ" and track_en.category == track_ru.category == "delivery"
    assert track_en.tags == ["tracking", "delivery"] and track_en.updated == "2026-10-02"
    assert track_en.redirect_from == ["/support/solutions/articles/9000001"]
    assert track_ru.redirect_from == ["/ru/support/solutions/articles/9000001"]
    assert "1. Open the shipping confirmation e-mail.\n   1. Subject line:" in track_en.body_markdown
    assert "| Zone | Standard | Express |" in track_en.body_markdown
    assert "[lost parcels](my-parcel-is-lost.md)" in track_en.body_markdown      # by its portal URL
    assert "[потерянные посылки](my-parcel-is-lost.md)" in track_ru.body_markdown
    assert articles["en:lost-parcel-claims-agents"].audience == "internal"     # folder visibility 3: agents
    assert articles["en:weekend-delivery-pilot"].status == "draft"            # status 1
    assert {s.item: s.reason for s in report.skipped}["freshdesk:9000005 (en)"].startswith("unknown status 3")
    assert check_content(out, LOCALES).problems == []


def test_intercom_collections_states_and_translated_content(tmp_path):
    out, report, articles = imported(tmp_path, "intercom")
    assert report.counts == {"en": {"draft": 1, "published": 2}, "ru": {"published": 1}}
    cancel_en, cancel_ru = articles["en:how-do-i-cancel-my-subscription"], articles["ru:how-do-i-cancel-my-subscription"]
    assert cancel_ru.title == "Как отменить подписку?" and cancel_en.category == cancel_ru.category == "subscriptions"
    assert cancel_en.updated == "2026-10-02"
    assert cancel_en.redirect_from == ["/en/articles/8021001-how-do-i-cancel-my-subscription"]
    assert "\n   - On iOS, plans bought in the App Store" in cancel_en.body_markdown
    assert "| **Plan** | **Refund** |\n| --- | --- |\n| Monthly | None |" in cancel_en.body_markdown
    assert "[change your plan](change-your-plan.md)" in cancel_en.body_markdown
    assert articles["en:family-plan"].status == "draft"
    assert "has no body text" in {s.item: s.reason for s in report.skipped}["intercom:8021004 (en)"]
    assert check_content(out, LOCALES).problems == []


def test_html_pages_main_content_locales_and_links_between_pages(tmp_path):
    out, report, articles = imported(tmp_path, "html")
    assert report.counts == {"en": {"published": 3}, "ru": {"published": 2}}
    refunds_en, refunds_ru = articles["en:refunds"], articles["ru:refunds"]
    assert refunds_en.title == "Refunds" and refunds_ru.title == "Возврат денег"   # the <h1>, one id by path
    assert refunds_en.category == "billing" and refunds_en.updated == "2026-10-20"
    assert refunds_en.redirect_from == ["/en/billing/refunds.html"]
    body = refunds_en.body_markdown
    assert body.startswith("Refunds go back to the payment method you used.")   # no chrome, no repeated title
    for chrome in ("Acme Help", "Related", "Privacy", "intercomSettings", "Section"):
        assert chrome not in body
    assert "   - Pick the items.\n     - Only unused items can go back." in body
    assert "[payment methods](payment-methods.md)" in body and "Old policy: 2024 terms." in body
    assert "[refunds](../billing/refunds.md)" in articles["en:delete-account"].body_markdown
    assert "[возвраты](refunds.md)" in articles["ru:payment-methods"].body_markdown
    assert "The payment step of the checkout" in articles["en:payment-methods"].body_markdown
    assert {(u.path, u.target) for u in report.unresolved} == {
        ("en/billing/payment-methods.md", "img/checkout.png"), ("en/billing/refunds.md", "old-policy.html")}
    assert [s.item for s in report.skipped] == ["index.html"]
    assert check_content(out, LOCALES).problems == []


QUESTIONS = {   # vendor → (English question, Russian question, the article both find)
    "zendesk": ("how do I reset my password", "как сбросить пароль", "how-do-i-reset-my-password"),
    "freshdesk": ("where is my tracking number", "где найти трек-номер", "track-your-order"),
    "intercom": ("cancel my subscription", "отменить подписку", "how-do-i-cancel-my-subscription"),
    "html": ("which payment methods do you accept", "способы оплаты", "payment-methods"),
}


@pytest.mark.parametrize("vendor", sorted(QUESTIONS))
def test_round_trip_imported_articles_are_found_by_search(tmp_path, hash_encoder, vendor):
    """All four exports into one content folder, indexed together: each vendor's article is found."""
    out = tmp_path / "content"
    for each in QUESTIONS:
        import_help_center(FIXTURES / each, each, out, LOCALES)
    assert check_content(out, LOCALES).errors == []
    build_index(out, tmp_path / "index", hash_encoder, locales=LOCALES)
    searcher = Searcher(layout.current_build(tmp_path / "index"), hash_encoder)
    english, russian, article_id = QUESTIONS[vendor]
    assert searcher.search(english, locale="en", limit=3).hits[0].id == article_id
    top = searcher.search(russian, locale="ru", limit=3).hits[0]
    assert (top.id, top.locale) == (article_id, "ru")


def test_internal_articles_and_drafts_stay_out_of_public_search(tmp_path, hash_encoder):
    out, _, _ = imported(tmp_path, "zendesk")
    build_index(out, tmp_path / "index", hash_encoder, locales=LOCALES)
    searcher = Searcher(layout.current_build(tmp_path / "index"), hash_encoder)
    assert searcher.article("goodwill-credits-agents-only", "en", PUBLIC) is None
    assert searcher.article("goodwill-credits-agents-only", "en", Scope(audience="internal")) is not None
    assert searcher.article("gift-cards", "en", PUBLIC) is None
    public = {h.id for h in searcher.search("goodwill credit for a late delivery", locale="en").hits}
    assert "goodwill-credits-agents-only" not in public
