"""An internal article (or a draft) has no help-center page: its link, in `askdesk search --internal`
and in the agent API alike, is its read-only page in the agent console, which only agents open."""
import json
import re

import pytest
from click.testing import CliRunner

from askdesk.indexer.search import PUBLIC, article_link, article_url
from askdesk.shell.app import create_app
from askdesk.shell.cli import main
from askdesk.store.tokens import SqlTokens

QUESTION = "how much can an agent refund without a lead"


@pytest.fixture
def app(hash_config):
    app = create_app({**hash_config, "rate_limit": ""})
    yield app
    app.extensions["askdesk"].store.close()


def sign_in(app, role):
    token = SqlTokens(app.extensions["askdesk"].store).create(f"someone-{role}", role)[0]
    client = app.test_client()
    page = client.get("/agent/login").get_data(as_text=True)
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    assert client.post("/agent/login", data={"csrf": csrf, "token": token}).status_code == 302
    return client, token


def test_the_cli_and_the_agent_api_link_an_internal_article_to_its_console_page(app, hash_config):
    env = {"ASKDESK_INDEX_DIR": hash_config.index_dir, "ASKDESK_ENCODER": "hash"}
    printed = CliRunner().invoke(main, ["search", QUESTION, "--internal", "--locale", "en"], env=env)
    assert printed.exit_code == 0, printed.output
    assert "\n   /agent/articles/en/refund-approval#" in printed.stdout or \
        "\n   /agent/articles/en/refund-approval\n" in printed.stdout
    assert "/help/en/refund-approval" not in printed.stdout
    cli_hits = json.loads(CliRunner().invoke(main, ["search", QUESTION, "--internal", "--locale", "en", "--json"],
                                             env=env).stdout)["hits"]

    client, token = sign_in(app, "agent")
    api_hits = client.get("/api/v1/agent/search", query_string={"q": QUESTION, "locale": "en", "limit": 5},
                          headers={"Authorization": f"Bearer {token}"}).get_json()["hits"]
    assert [(h["id"], h["url"]) for h in api_hits] == [(h["id"], h["url"]) for h in cli_hits]
    internal = next(h for h in api_hits if h["id"] == "refund-approval")
    assert internal["url"].startswith("/agent/articles/en/refund-approval")
    assert all(h["url"].startswith("/help/") for h in api_hits if h["audience"] == "public")

    page = client.get(internal["url"].split("#")[0])
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "internal · do not share" in html and internal["title"] in html
    assert "customers cannot open this article" in html
    if "#" in internal["url"]:
        assert f'id="{internal["url"].split("#")[1]}"' in html                   # the passage's anchor is there
    assert app.test_client().get(internal["url"]).status_code == 302            # signed out: to the sign-in page
    assert app.test_client().get("/help/en/refund-approval").status_code == 404  # and still no public page


def test_drafts_open_in_the_console_for_editors_only_and_public_articles_keep_their_help_link(app):
    searcher = app.extensions["askdesk"].index.current()
    public = searcher.article("reset-password", "en", PUBLIC)
    assert article_link(public, "x") == article_url(public, "x") == "/help/en/reset-password#x"
    agent, _ = sign_in(app, "agent")
    editor, _ = sign_in(app, "editor")
    assert agent.get("/agent/articles/en/loyalty-points").status_code == 404
    page = editor.get("/agent/articles/en/loyalty-points")
    assert page.status_code == 200 and 'class="badge draft"' in page.get_data(as_text=True)
    html = agent.get("/agent/articles/en/reset-password").get_data(as_text=True)
    assert 'href="/help/en/reset-password"' in html                             # a public one links its page
    missing = agent.get("/agent/articles/en/no-such-article")
    assert missing.status_code == 404 and "search the articles from the inbox" in missing.get_data(as_text=True)
