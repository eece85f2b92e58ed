"""The search reports (analytics/searches.py) over a hand-built search ledger, with exact numbers."""
from askdesk.analytics import searches as reports
from askdesk.analytics.searches import searches_from_events, ticket_visits, visit_of
from askdesk.core.dialogue import ConversationState
from askdesk.core.records import Event, SearchEvent, SearchMade, SearchResultClicked, Session


def at(minute: int) -> str:
    return f"2026-11-10T10:{minute:02d}:00.000000+00:00"


def search(event_id, visit, minute, query, results=(), locale="en"):
    return SearchEvent(event_id, visit, "search", SearchMade(query, locale, "help", tuple(results)).to_payload(), at(minute))


def click(event_id, visit, minute, search_id, article_id, position):
    return SearchEvent(event_id, visit, "search_click",
                       SearchResultClicked(search_id, article_id, position).to_payload(), at(minute))


LEDGER = [
    # visit a: a search without a click, refined, the refinement clicked at position 2
    search("s1", "a", 0, "Refund", ("refunds", "return-item")),
    search("s2", "a", 1, "return a lamp", ("return-item", "refunds")),
    click("c1", "a", 2, "s2", "refunds", 2),
    # visit b: the same first search twice (a reload), then nothing found, then a ticket
    search("s3", "b", 0, "refund!", ("refunds",)),
    search("s4", "b", 1, "refund", ("refunds",)),
    click("c2", "b", 2, "s4", "refunds", 1),
    search("s5", "b", 3, "price match", ()),
    # visit c, Russian: nothing found; searched again an hour later (not a refinement)
    search("s6", "c", 0, "возврат плюс", (), "ru"),
    SearchEvent("s7", "c", "search", SearchMade("где заказ", "ru", "api", ("track-order",)).to_payload(),
                "2026-11-10T11:30:00.000000+00:00"),
]
SESSIONS = [Session("conv1", "en", "https://shop.example/help?locale=en&visit=b&q=price+match", ConversationState(),
                    at(4)),
            Session("conv2", "en", "https://shop.example/cart", ConversationState(), at(4))]
EVENTS = [Event("t1", "conv1", "ticket", {"number": 1001, "reason": "customer_request"}, at(5)),
          Event("t2", "conv2", "ticket", {"number": 1002, "reason": "customer_request"}, at(5))]


def built(**kwargs):
    return reports.build(searches_from_events(LEDGER, ticket_visits(SESSIONS, EVENTS)), **kwargs)


def test_the_visit_of_a_page_address():
    assert visit_of("/help?locale=en&visit=b") == "b"
    assert visit_of("https://shop.example/cart") is None and visit_of("") is None
    assert ticket_visits(SESSIONS, EVENTS) == [("b", at(5))]


def test_summary_and_per_locale():
    report = built()
    assert report["summary"] == [{"searches": 7, "visits": 3, "no_results": 2, "with_results": 5, "clicked": 2,
                                  "no_click": 3, "click_through_pct": 40.0, "refined": 3, "ticket_after": 3}]
    assert report["by_locale"] == [
        {"locale": "en", "searches": 5, "visits": 2, "no_results": 1, "with_results": 4, "clicked": 2,
         "no_click": 2, "click_through_pct": 50.0, "refined": 3, "ticket_after": 3},
        {"locale": "ru", "searches": 2, "visits": 1, "no_results": 1, "with_results": 1, "clicked": 0,
         "no_click": 1, "click_through_pct": 0.0, "refined": 0, "ticket_after": 0}]
    assert built(locale="ru")["summary"][0]["searches"] == 2


def test_top_searches_group_the_same_words():
    top = built()["top_searches"]
    assert top[0] == {"query": "Refund", "locale": "en", "searches": 3, "no_results": 0, "clicked": 1,
                      "click_through_pct": 33.3, "refined": 3, "ticket_after": 2}
    assert [(r["query"], r["searches"]) for r in top[1:]] == [
        ("price match", 1), ("return a lamp", 1), ("возврат плюс", 1), ("где заказ", 1)]


def test_no_results_no_click_and_positions():
    report = built()
    assert report["no_results"] == [{"query": "price match", "locale": "en", "searches": 1, "last": "2026-11-10T10:03"},
                                    {"query": "возврат плюс", "locale": "ru", "searches": 1,
                                     "last": "2026-11-10T10:00"}]
    assert report["no_click"] == [{"query": "Refund", "locale": "en", "searches": 2, "first_result": "refunds"},
                                  {"query": "где заказ", "locale": "ru", "searches": 1, "first_result": "track-order"}]
    assert report["click_positions"] == [{"position": 1, "clicks": 1, "share_pct": 50.0},
                                         {"position": 2, "clicks": 1, "share_pct": 50.0}]


def test_refinements_skip_repeats_and_long_pauses():
    rows = built()["refinements"]
    assert rows == [{"query": "refund!", "next_query": "price match", "locale": "en", "times": 2, "without_click": 1},
                    {"query": "Refund", "next_query": "return a lamp", "locale": "en", "times": 1,
                     "without_click": 1}]


def test_searches_followed_by_a_ticket_of_their_visit():
    assert built()["ticket_after"] == [{"query": "refund!", "locale": "en", "searches": 2, "clicked": 1},
                                       {"query": "price match", "locale": "en", "searches": 1, "clicked": 0}]


def test_nothing_searched():
    report = reports.build([])
    assert report["summary"][0]["searches"] == 0 and report["summary"][0]["click_through_pct"] is None
    assert all(rows == [] for name, rows in report.items() if name != "summary")
