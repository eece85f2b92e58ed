"""Rate limits per client (in memory and shared through Redis) and which sites may embed the widget."""
import uuid

from askdesk.shell.app import create_app


def client_from(app, address):
    """A test client whose requests come through one trusted proxy from ``address``."""
    client = app.test_client()
    client.environ_base["HTTP_X_FORWARDED_FOR"] = address
    return client


def test_a_client_over_its_budget_gets_429_and_others_are_not_affected(hash_config):
    app = create_app({**hash_config, "rate_limit": "5/minute", "proxy_hops": 1})
    greedy, other = client_from(app, "203.0.113.7"), client_from(app, "203.0.113.8")
    statuses = [greedy.get("/api/v1/search?q=password").status_code for _ in range(5)]
    assert statuses == [200] * 5
    over = greedy.post("/api/v1/sessions", json={"locale": "en"})    # one budget for all public calls
    assert over.status_code == 429 and int(over.headers["Retry-After"]) > 0
    body = over.get_json()
    assert body["ok"] is False and body["status"] == 429 and "too many requests" in body["error"]
    assert other.get("/api/v1/search?q=password").status_code == 200
    assert greedy.get("/healthz").status_code == 200                  # operations are not limited


def test_an_empty_limit_means_no_limit(hash_config):
    client = create_app({**hash_config, "rate_limit": ""}).test_client()
    assert {client.get("/api/v1/top").status_code for _ in range(150)} == {200}


def test_servers_sharing_redis_share_the_budget(hash_config, redis_url):
    config = {**hash_config, "rate_limit": "4/minute", "rate_limit_storage": redis_url, "proxy_hops": 1}
    address = "2001:db8::" + ":".join(uuid.uuid4().hex[i:i + 4] for i in (0, 4, 8))   # a new client each run
    first, second = create_app(config), create_app(config)
    statuses = [client_from(app, address).get("/api/v1/top").status_code
                for app in (first, second, first, second, first)]
    assert statuses == [200, 200, 200, 200, 429]


def test_only_allowed_origins_may_call_the_public_api(hash_config):
    app = create_app({**hash_config, "allowed_origins": "https://shop.example, https://m.shop.example/"})
    client = app.test_client()
    allowed = client.get("/api/v1/top", headers={"Origin": "https://shop.example"})
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://shop.example"
    preflight = client.options("/api/v1/sessions", headers={
        "Origin": "https://m.shop.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "Content-Type"})
    assert preflight.headers["Access-Control-Allow-Origin"] == "https://m.shop.example"
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    other = client.get("/api/v1/top", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in other.headers
    agent = client.get("/api/v1/agent/tickets", headers={"Origin": "https://shop.example"})
    assert "Access-Control-Allow-Origin" not in agent.headers


def test_no_origins_configured_means_same_origin_only(hash_config):
    client = create_app(hash_config).test_client()
    assert "Access-Control-Allow-Origin" not in client.get("/api/v1/top", headers={"Origin": "https://shop.example"}).headers


def test_console_sign_in_attempts_are_limited_per_client(hash_config):
    client = create_app(hash_config).test_client()
    client.get("/agent/login")
    with client.session_transaction() as session:
        csrf = session["csrf"]
    statuses = [client.post("/agent/login", data={"token": "askd_wrong", "csrf": csrf}).status_code
                for _ in range(11)]
    assert statuses == [401] * 10 + [429]


def test_two_apps_in_one_process_keep_their_own_counters(hash_config):
    config = {**hash_config, "rate_limit": "2/minute"}
    first, second = create_app(config).test_client(), create_app(config).test_client()
    assert [first.get("/api/v1/top").status_code for _ in range(3)] == [200, 200, 429]
    assert second.get("/api/v1/top").status_code == 200
