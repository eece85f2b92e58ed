"""Public searches are logged: the help pages' search box (visit carried in links) and the API
(visit as a parameter), clicks tied to the search and position; the widget's suggest is not."""
import re
from html import unescape

from askdesk.analytics import searches as reports


def rt(app):
    return app.extensions["askdesk"]


def report(app):
    return reports.build(reports.read_searches(rt(app).searches, rt(app).store, "2000-01-01"))


def links(html: str) -> list[str]:
    return [unescape(href) for href in re.findall(r'<h3><a href="([^"]+)"', html)]


def test_a_help_search_a_click_and_a_second_search_are_in_the_report(app):
    client = app.test_client()
    first = client.get("/help?locale=en&q=forgot+my+password+bob%40example.com").get_data(as_text=True)
    visit = re.search(r'name="visit" value="([0-9a-f]{32})"', first).group(1)
    result = links(first)[0]
    assert result.startswith("/help/en/reset-password?from=") and "&pos=1&visit=" + visit in result
    page = client.get(result).get_data(as_text=True)
    assert f'href="/help?locale=en&amp;visit={visit}"' in page          # the way back keeps the visit
    client.get(f"/help?locale=en&visit={visit}&q=refund+parcel")
    client.get("/api/v1/suggest?q=refu&locale=en")                       # not a search
    built = report(app)
    assert built["summary"][0] == {"searches": 2, "visits": 1, "no_results": 0, "with_results": 2, "clicked": 1,
                                   "no_click": 1, "click_through_pct": 50.0, "refined": 1, "ticket_after": 0}
    assert built["click_positions"] == [{"position": 1, "clicks": 1, "share_pct": 100.0}]
    assert [(r["query"], r["next_query"]) for r in built["refinements"]] == [
        ("forgot my password [email]", "refund parcel")]
    events = rt(app).searches.between("2000-01-01")
    assert [(e.kind, e.record.source if e.kind == "search" else e.record.position) for e in events] == [
        ("search", "help"), ("search_click", 1), ("search", "help")]
    assert events[0].record.results[0] == "reset-password"


def test_a_forged_or_stale_click_is_not_counted_and_the_page_still_opens(app):
    client = app.test_client()
    assert client.get("/help/en/reset-password?from=nope&pos=1").status_code == 200
    assert client.get("/help/en/reset-password?from=nope&pos=" + "9" * 5000).status_code == 200
    html = client.get("/help?locale=en&q=forgot+my+password").get_data(as_text=True)
    search_id = re.search(r"from=([0-9a-f]{32})", links(html)[0]).group(1)
    assert client.get(f"/help/en/reset-password?from={search_id}&pos=3").status_code == 200
    assert [e.kind for e in rt(app).searches.between("2000-01-01")] == ["search"]


def test_the_api_logs_with_the_visit_given_or_a_new_one_and_takes_clicks(app):
    client = app.test_client()
    body = client.get("/api/v1/search?q=forgot+my+password&locale=en").get_json()
    assert re.fullmatch(r"[0-9a-f]{32}", body["visit"]) and body["search_id"]
    again = client.get(f"/api/v1/search?q=refund+parcel&visit={body['visit']}").get_json()
    assert again["visit"] == body["visit"]
    hit = body["hits"][0]["id"]
    assert client.post(f"/api/v1/search/{body['search_id']}/clicks", json={"article_id": hit, "position": 1}
                       ).status_code == 201
    assert client.post(f"/api/v1/search/{body['search_id']}/clicks", json={"article_id": hit, "position": 2}
                       ).status_code == 404
    assert client.post(f"/api/v1/search/{body['search_id']}/clicks", json={"article_id": hit, "position": "1"}
                       ).status_code == 400
    bad = client.get("/api/v1/search?q=refund&visit=not-a-visit")
    assert bad.status_code == 400 and "`visit`" in bad.get_json()["error"]
    summary = report(app)["summary"][0]
    assert (summary["searches"], summary["visits"], summary["clicked"], summary["refined"]) == (2, 1, 1, 1)
    assert {e.record.source for e in rt(app).searches.between("2000-01-01") if e.kind == "search"} == {"api"}


def test_a_ticket_from_the_widget_on_a_help_page_follows_the_search(app):
    client = app.test_client()
    html = client.get("/help?locale=en&q=zzqx+nothing+like+this").get_data(as_text=True)
    visit = re.search(r'name="visit" value="([0-9a-f]{32})"', html).group(1)
    other = client.get("/help?locale=en&q=forgot+my+password")   # another visit: no ticket follows it
    assert other.status_code == 200
    started = client.post("/api/v1/sessions", json={   # the widget reports the page it is on
        "locale": "en", "page_url": f"http://localhost/help?locale=en&visit={visit}&q=zzqx"}).get_json()
    client.post(f"/api/v1/sessions/{started['session_id']}/handoff")
    reply = client.post(f"/api/v1/sessions/{started['session_id']}/contact", json={"contact": "ann@example.com"})
    assert reply.status_code == 200 and rt(app).store.list_tickets()
    built = report(app)
    assert built["ticket_after"] == [{"query": "zzqx nothing like this", "locale": "en", "searches": 1, "clicked": 0}]
    assert built["summary"][0]["ticket_after"] == 1 and built["summary"][0]["searches"] == 2


def test_askdesk_report_searches_prints_the_sections_and_one_as_csv(run, cli_db):
    from askdesk.core.records import SearchMade
    from askdesk.store import open_store
    from askdesk.store.searches import SqlSearches
    store = open_store(cli_db)
    log = SqlSearches(store)
    first = log.add("v1", SearchMade("=HYPERLINK(1)", "en", "help", ("refunds", "track-order")))
    log.click(first.id, "track-order", 2)
    log.add("v1", SearchMade("price match", "en", "help", ()))
    store.close()
    shown = run("report", "--searches", "--since", "1d")
    assert shown.exit_code == 0, shown.output
    assert "## Top searches" in shown.output and "## Searches with no results" in shown.output
    assert "| 2 | 1 | 100.0 |" in shown.output   # clicks by position: the one click, on the second result
    table = run("report", "--searches", "--section", "refinements", "--format", "csv").output
    assert table.splitlines() == ["query,next_query,locale,times,without_click",
                                  "'=HYPERLINK(1),price match,en,1,0"]
    refused = run("report", "--searches", "--section", "deflection")
    assert refused.exit_code == 2 and "no section 'deflection' in --searches" in refused.output


def test_a_store_that_fails_to_log_does_not_fail_the_search_page(app, monkeypatch, caplog):
    import sqlite3

    def broken(*args, **kwargs):
        raise sqlite3.OperationalError("database is locked")
    monkeypatch.setattr(rt(app).searches, "add", broken)
    page = app.test_client().get("/help?locale=en&q=forgot+my+password")
    assert page.status_code == 200
    assert links(page.get_data(as_text=True))[0].startswith("/help/en/reset-password?visit=")   # no search to cite
    assert "a search was not logged: OperationalError: database is locked" in caplog.text
