"""Prometheus metrics at /metrics: requests by route and status, the bot's replies, hand-offs, search
stages, the outbox's backlog and the index build; readable from loopback or with the metrics token."""
import threading

from prometheus_client.parser import text_string_to_metric_families

from askdesk.core.settings import load_config
from askdesk.shell.app import create_app

OUTSIDE = {"REMOTE_ADDR": "203.0.113.5"}


def scrape(client, **kwargs) -> dict[tuple[str, tuple], float]:
    """The samples of /metrics: (name, sorted labels) -> value."""
    response = client.get("/metrics", **kwargs)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "text/plain" and response.headers["Cache-Control"] == "no-store"
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(response.get_data(as_text=True)) for s in family.samples}


def value(samples, name, **labels) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def test_requests_are_counted_by_route_not_raw_path_and_status(app):
    client = app.test_client()
    assert client.get("/api/v1/search?q=reset+password").status_code == 200
    session = client.post("/api/v1/sessions", json={"locale": "en"}).get_json()["session_id"]
    assert client.post(f"/api/v1/sessions/{session}/handoff").status_code == 200
    assert client.get("/api/v1/nowhere/secret-looking-path").status_code == 404
    samples = scrape(client)
    assert value(samples, "askdesk_http_requests_total", route="/api/v1/search", method="GET", status="200") == 1
    assert value(samples, "askdesk_http_requests_total", route="/api/v1/sessions/<session_id>/handoff",
                 method="POST", status="200") == 1
    assert value(samples, "askdesk_http_requests_total", route="unmatched", method="GET", status="404") == 1
    assert value(samples, "askdesk_http_request_duration_seconds_count", route="/api/v1/search", method="GET") == 1
    assert not any(session in str(key) or "secret-looking" in str(key) for key in samples)


def test_replies_handoffs_and_search_stages(app):
    client = app.test_client()
    session = client.post("/api/v1/sessions", json={"locale": "en"}).get_json()["session_id"]
    client.post(f"/api/v1/sessions/{session}/messages", json={"text": "How do I reset my password?"})
    client.post(f"/api/v1/sessions/{session}/handoff")
    asked = client.post("/api/v1/ask", json={"question": "How do I reset my password?"}).get_json()
    samples = scrape(client)
    assert value(samples, "askdesk_bot_replies_total", action="handoff") == 1
    assert value(samples, "askdesk_bot_replies_total", action=asked["decision"]) >= 1
    assert value(samples, "askdesk_handoffs_total", reason="customer_request") == 1
    for stage in ("embedding", "retrieval", "fusion"):   # the conversation's search and the ask's
        assert value(samples, "askdesk_search_stage_seconds_count", stage=stage) == 2, stage
        assert value(samples, "askdesk_search_stage_seconds_sum", stage=stage) > 0, stage


def test_outbox_backlog_and_index_build(app):
    client = app.test_client()
    ready = client.get("/readyz").get_json()
    runtime = app.extensions["askdesk"]
    samples = scrape(client)
    assert value(samples, "askdesk_outbox_pending") == 0 and value(samples, "askdesk_outbox_oldest_age_seconds") == 0
    assert value(samples, "askdesk_index_build_info", build_id=ready["build"], encoder=ready["encoder"]) == 1
    assert 0 <= value(samples, "askdesk_index_age_seconds") < 24 * 3600
    session = runtime.store.create_session("en")
    number = runtime.store.create_ticket(session.id, "customer_request", "en", "", "ann@example.com", {}).number
    runtime.outbox.enqueue(number, "webhook", {"ticket": number})
    runtime.outbox.enqueue(number, "email", {"ticket": number})
    samples = scrape(client)
    assert value(samples, "askdesk_outbox_pending") == 2
    assert value(samples, "askdesk_outbox_oldest_age_seconds") > 0


def test_counting_is_safe_across_threads(app):
    def work():
        client = app.test_client()
        for _ in range(25):
            client.get("/healthz")

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    samples = scrape(app.test_client())
    assert value(samples, "askdesk_http_requests_total", route="/healthz", method="GET", status="200") == 200


def test_not_public_without_the_token(app):
    client = app.test_client()
    refused = client.get("/metrics", environ_base=OUTSIDE)
    assert refused.status_code == 403 and "metrics_token" in refused.get_json()["error"]
    # a request a proxy on this machine forwarded is not a local one
    assert client.get("/metrics", headers={"X-Forwarded-For": "203.0.113.5"}).status_code == 403


def test_the_metrics_token_opens_it_from_anywhere(hash_config):
    client = create_app(load_config({**hash_config, "metrics_token": "m-secret"}, environ={})).test_client()
    assert client.get("/metrics", environ_base=OUTSIDE).status_code == 401
    wrong = client.get("/metrics", environ_base=OUTSIDE, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and set(wrong.get_json()) == {"ok", "error", "errors", "status"}
    assert scrape(client, environ_base=OUTSIDE, headers={"Authorization": "Bearer m-secret"})


def test_two_apps_keep_their_own_counts(hash_config, app):
    other = create_app(hash_config)
    app.test_client().get("/healthz")
    samples = scrape(other.test_client())
    assert value(samples, "askdesk_http_requests_total", route="/healthz", method="GET", status="200") == 0


def test_refusals_before_the_view_are_counted_too(hash_config):
    """A rate limit's 429 and a missing token's 401 happen before the view runs; they count all the same."""
    client = create_app(load_config({**hash_config, "rate_limit": "2/minute"}, environ={})).test_client()
    statuses = [client.get("/api/v1/top").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert client.get("/api/v1/agent/tickets").status_code == 401
    samples = scrape(client)
    assert value(samples, "askdesk_http_requests_total", route="/api/v1/top", method="GET", status="429") == 1
    assert value(samples, "askdesk_http_requests_total", route="/api/v1/agent/tickets", method="GET", status="401") == 1
