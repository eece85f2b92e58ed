"""Hybrid search on the fixture knowledge base (hash encoder: no model needed)."""
import pytest

from askdesk.core.errors import BadRequest
from askdesk.indexer import layout
from askdesk.indexer.build import build_index
from askdesk.indexer.search import Scope, Searcher

from support.paths import FIXTURE_KB, LOCALES


@pytest.fixture(scope="module", params=["bm25s", "whoosh"])
def searcher(request, tmp_path_factory, hash_encoder):
    """Every search test runs on both keyword engines: they share one contract."""
    root = tmp_path_factory.mktemp(f"index-{request.param}")
    build_index(FIXTURE_KB, root, hash_encoder, locales=LOCALES, keyword_engine=request.param)
    s = Searcher(layout.current_build(root), hash_encoder)
    assert s.manifest["keyword_engine"] == request.param
    yield s
    s.close()


def ids(result):
    return [h.id for h in result.hits]


def test_rank_order_for_plain_questions(searcher):
    assert ids(searcher.search("I forgot my password", locale="en"))[0] == "reset-password"
    assert ids(searcher.search("how do I get my money back", locale="en"))[0] == "request-refund"
    assert ids(searcher.search("where is my parcel", locale="en"))[0] == "track-order"


def test_russian_question_gets_the_russian_version_with_stemming_and_yo(searcher):
    result = searcher.search("забыла пароль, ссылки для сброса не приходят", locale="ru")
    top = result.hits[0]
    assert (top.id, top.locale, top.cross_language) == ("reset-password", "ru", False)
    result = searcher.search("заказ еще не пришел", locale="ru")  # article says «ещё не пришёл»
    assert (result.hits[0].id, result.hits[0].locale) == ("track-order", "ru")
    assert result.hits[0].signals["keyword"] > 0


def test_locale_is_detected_when_not_given(searcher):
    assert searcher.search("где моя посылка").locale == "ru"
    assert searcher.search("where is my parcel").locale == "en"


def test_keyword_engine_alone_ranks_by_bm25_with_coverage(searcher):
    hits = searcher.keyword.search("refund money bank", "en", None, 10)
    assert hits[0].key == "en:request-refund"
    assert 0 < hits[0].coverage <= 1.0
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert searcher.keyword.search("zzzz", "en", None, 10) == []
    russian = searcher.keyword.search("посылки", "ru", None, 10)
    assert russian[0].key == "ru:track-order"  # «посылки» and «посылка» share a stem
    only = searcher.keyword.search("password", "en", {"ru:reset-password"}, 10)
    assert only == []  # the Russian article has no English words, the English one is not allowed


def test_typos_are_corrected_and_offered_as_did_you_mean(searcher):
    result = searcher.search("pasword resett", locale="en")
    assert result.did_you_mean == "password reset"
    assert ids(result)[0] == "reset-password"
    assert searcher.search("password reset", locale="en").did_you_mean is None


def test_article_only_in_another_language_is_found_and_flagged(searcher):
    result = searcher.search("оплата СБП", locale="en")
    top = result.hits[0]
    assert (top.id, top.locale, top.cross_language) == ("sbp-payment", "ru", True)


def test_aliases_from_front_matter_are_searchable(searcher):
    assert ids(searcher.search("chargeback", locale="en"))[0] == "request-refund"


def test_public_callers_never_see_internal_or_draft_articles(searcher):
    for query in ("refund approval limits for agents team lead", "loyalty points cent purchase"):
        for locale in ("en", "ru", None):
            found = ids(searcher.search(query, locale=locale, limit=50))
            assert "refund-approval" not in found and "loyalty-points" not in found


def test_agents_see_internal_articles_and_editors_drafts(searcher):
    internal = Scope(audience="internal")
    assert ids(searcher.search("refund approval limits for agents", locale="en", scope=internal))[0] == "refund-approval"
    assert "loyalty-points" not in ids(searcher.search("loyalty points", locale="en", scope=internal, limit=50))
    drafts = Scope(audience="internal", include_drafts=True)
    assert ids(searcher.search("loyalty points", locale="en", scope=drafts))[0] == "loyalty-points"


def test_category_and_tag_filters(searcher):
    orders = searcher.search("money back refund parcel", locale="en", scope=Scope(category="orders"), limit=50)
    assert ids(orders) == ["track-order"]
    tagged = searcher.search("password", locale="en", scope=Scope(tags=("login",)), limit=50)
    assert ids(tagged) == ["reset-password"]


@pytest.mark.parametrize("query", ['AND ( refund', 'refund*', '"refund', 'title:refund OR', '(((', '*', 'NOT'])
def test_query_syntax_is_searched_as_text(searcher, query):
    result = searcher.search(query, locale="en")
    if "refund" in query:
        assert ids(result)[0] == "request-refund"


def test_snippet_highlights_query_words_and_escapes_html(searcher):
    hit = searcher.search("refund business days bank", locale="en").hits[0]
    assert hit.id == "request-refund"
    assert "<mark>" in hit.snippet and "<script" not in hit.snippet
    assert hit.url.startswith("/help/en/request-refund")


def test_deep_link_points_at_the_best_passage(searcher):
    hit = searcher.search("the e-mail did not arrive spam folder", locale="en").hits[0]
    assert hit.id == "reset-password"
    assert hit.url == "/help/en/reset-password#the-e-mail-did-not-arrive"


def test_empty_question_is_a_clear_error(searcher):
    with pytest.raises(BadRequest, match="empty"):
        searcher.search("   ")


@pytest.mark.parametrize("lang, text", [("en", "Refunds were REFUNDED, the running accounts, don't I"),
                                        ("ru", "Учётные записи ещё заблокированы, не могу войти"),
                                        ("xx", "Über alles 42 times")])
def test_fast_tokens_agree_with_the_whoosh_analyzer(lang, text):
    from askdesk.indexer.analysis import analyzer, tokens

    assert tokens(text, lang) == [t.text for t in analyzer(lang)(text)]


def test_concurrent_searches_from_many_threads(searcher):
    from concurrent.futures import ThreadPoolExecutor

    queries = ["where is my parcel", "refund my money", "забыл пароль", "cancel plus"] * 100
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda q: searcher.search(q).hits[0].id, queries))
    assert results[:4] == ["track-order", "request-refund", "reset-password", "cancel-subscription"]
    assert results == results[:4] * 100


def test_a_search_times_its_stages_and_tells_a_listener(hash_index, hash_encoder):
    seen = []
    searcher = Searcher(layout.current_build(hash_index), hash_encoder, on_search=seen.append)
    result = searcher.search("How do I reset my password?")
    assert set(result.timings) == {"embedding", "retrieval", "fusion"}
    assert all(t > 0 for t in result.timings.values())
    assert sum(result.timings.values()) * 1000 == pytest.approx(result.took_ms, rel=0.05)
    assert seen == [result] and "timings" not in result.to_dict()
    searcher.close()
