"""One way to build an article's help-center URL (askdesk.indexer.search.article_url), used by the
search hits, the help pages, the public API and the console; byte-identical to before for slugs."""
import re

from askdesk.indexer.search import PUBLIC, Scope, article_url
from askdesk.shell.app import create_app


def test_slugs_stay_as_they_were_and_anything_else_is_quoted(hash_config):
    app = create_app({**hash_config, "rate_limit": ""})
    searcher = app.extensions["askdesk"].index.current()
    article = searcher.article("reset-password", "ru", PUBLIC)
    assert article_url(article) == "/help/ru/reset-password"
    assert article_url(article, "step 2") == "/help/ru/reset-password#step%202"
    odd = type("A", (), {"locale": "en", "id": "guides/über cool?"})()
    assert article_url(odd) == "/help/en/guides/%C3%BCber%20cool%3F"
    assert PUBLIC == Scope() and PUBLIC.visibilities() == ("public",)
    app.extensions["askdesk"].store.close()


def test_every_link_the_help_center_and_the_api_give_is_article_url(hash_config):
    app = create_app({**hash_config, "rate_limit": ""})
    client = app.test_client()
    searcher = app.extensions["askdesk"].index.current()
    home = client.get("/help?locale=en").get_data(as_text=True)
    links = set(re.findall(r'href="(/help/[^"?]+)(?:\?visit=[0-9a-f]{32})?"', home))   # the visit carried on
    expected = {article_url(a) for a in searcher.articles.values() if a.locale == "en" and a.is_public}
    assert links == expected and links
    hits = client.get("/api/v1/search?q=reset+password&locale=en").get_json()["hits"]
    for hit in hits:
        article = searcher.article(hit["id"], hit["locale"], PUBLIC)
        assert hit["url"] == article_url(article, hit["anchor"])
    found = client.get("/api/v1/articles/reset-password?locale=en").get_json()["article"]
    assert found["url"] == "/help/en/reset-password"
    app.extensions["askdesk"].store.close()
