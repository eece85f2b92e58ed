"""An imported help center on the web: old URLs answer 301 to the new article pages, and links
between imported articles lead to the linked article's page."""
from urllib.parse import quote

import pytest

from askdesk.core.settings import load_config
from askdesk.indexer.build import build_index
from askdesk.kb.check import check_content
from askdesk.kb.importers import import_help_center
from askdesk.shell.app import create_app

from support.paths import LOCALES, REPO

FIXTURES = REPO / "tests" / "fixtures" / "imports"


@pytest.fixture(scope="module")
def imported_index(tmp_path_factory, hash_encoder):
    root = tmp_path_factory.mktemp("imported")
    for vendor in ("zendesk", "freshdesk", "intercom", "html"):
        import_help_center(FIXTURES / vendor, vendor, root / "content", LOCALES)
    build_index(root / "content", root / "index", hash_encoder, locales=LOCALES)
    return root


@pytest.fixture
def client(imported_index, tmp_path):
    config = load_config({"index_dir": str(imported_index / "index"), "encoder": "hash",
                          "content_dir": str(imported_index / "content"), "reload_check_seconds": 0.0,
                          "store_url": str(tmp_path / "askdesk.db"), "secret_key": "test-secret", "rate_limit": ""},
                         environ={})
    app = create_app(config)
    yield app.test_client()
    app.extensions["askdesk"].store.close()


@pytest.mark.parametrize(("old", "new"), [
    ("/hc/en-us/articles/360001-How-do-I-reset-my-password", "/help/en/how-do-i-reset-my-password"),
    ("/hc/en-us/articles/360001", "/help/en/how-do-i-reset-my-password"),                # Zendesk's short form
    ("/hc/en-us/articles/360001-Reset-password-old-title/", "/help/en/how-do-i-reset-my-password"),
    ("/hc/ru/articles/360001-" + quote("Как-сбросить-пароль"), "/help/ru/how-do-i-reset-my-password"),
    ("/support/solutions/articles/9000001-track-your-order", "/help/en/track-your-order"),
    ("/ru/support/solutions/articles/9000002", "/help/ru/my-parcel-is-lost"),
    ("/en/articles/8021001-how-do-i-cancel-my-subscription", "/help/en/how-do-i-cancel-my-subscription"),
    ("/en/billing/refunds.html", "/help/en/refunds"),
])
def test_old_urls_redirect_permanently_to_the_new_pages(client, old, new):
    response = client.get(old)
    assert response.status_code == 301, old
    assert response.headers["Location"] == new
    assert client.get(new).status_code == 200


@pytest.mark.parametrize("old", [
    "/hc/en-us/articles/360004-Goodwill-credits-agents-only",   # internal: no page to send a customer to
    "/hc/en-us/articles/360005-Gift-cards",                     # a draft
    "/hc/en-us/articles/999999-Never-existed",
    "/support/solutions/articles/9000004",                      # Freshdesk folder visible to agents only
])
def test_old_urls_of_internal_articles_drafts_and_unknown_pages_stay_404(client, old):
    assert client.get(old).status_code == 404


def test_an_old_path_never_shadows_a_page_of_askdesk_and_only_get_redirects(client):
    assert client.get("/help").status_code == 200
    assert client.post("/hc/en-us/articles/360001").status_code in (404, 405)


def test_links_between_imported_articles_lead_to_their_pages(client):
    page = client.get("/help/en/how-do-i-reset-my-password").get_data(as_text=True)
    assert 'href="/help/en/set-up-two-step-verification"' in page
    ru = client.get("/help/ru/track-your-order").get_data(as_text=True)
    assert 'href="/help/ru/my-parcel-is-lost"' in ru
    up = client.get("/help/en/delete-account").get_data(as_text=True)
    assert 'href="/help/en/refunds"' in up


def test_check_reports_an_old_url_two_articles_claim(imported_index, tmp_path):
    import shutil
    content = tmp_path / "content"
    shutil.copytree(imported_index / "content", content)
    (content / "en" / "general").mkdir(exist_ok=True)
    (content / "en" / "general" / "copy.md").write_text(
        "---\ntitle: A copy\nredirect_from: [/hc/en-us/articles/360001-How-do-I-reset-my-password]\n---\nText.\n",
        encoding="utf-8")
    (content / "en" / "general" / "bad.md").write_text(
        "---\ntitle: Bad\nredirect_from: [https://acme.zendesk.com/hc/en-us/articles/1]\n---\nText.\n", encoding="utf-8")
    messages = [p.message for p in check_content(content, LOCALES).errors]
    assert any("old URL /hc/en-us/articles/360001-How-do-I-reset-my-password is also in `redirect_from`" in m
               for m in messages), messages
    assert any("must be a path starting with '/'" in m and "without its scheme and host" in m for m in messages)


def test_a_relative_link_in_hand_written_content_leads_to_the_linked_page(hash_config):
    """The fixture knowledge base links reset-password to ../billing/request-refund.md: on the help
    page that is the refund article's page, not a relative URL that 404s."""
    app = create_app({**hash_config, "rate_limit": ""})
    try:
        page = app.test_client().get("/help/en/reset-password").get_data(as_text=True)
    finally:
        app.extensions["askdesk"].store.close()
    assert 'href="/help/en/request-refund"' in page and "request-refund.md" not in page
