"""The OpenAPI description (api/openapi.yaml) is valid OpenAPI 3.1 and says exactly what the app routes:
every /api/ route (and /healthz, /readyz, /metrics) with each of its methods, and nothing else."""
import re

from openapi_spec_validator import validate

from askdesk.api import openapi

OPS_PATHS = {"/healthz", "/readyz", "/metrics"}
IGNORED_METHODS = {"HEAD", "OPTIONS"}
HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


def routed_operations(app) -> set[tuple[str, str]]:
    """(METHOD, OpenAPI path) of every route the description must cover."""
    found = set()
    for rule in app.url_map.iter_rules():
        if not (rule.rule.startswith("/api/") or rule.rule in OPS_PATHS):
            continue
        path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)
        found |= {(method, path) for method in rule.methods - IGNORED_METHODS}
    return found


def documented_operations(document: dict) -> set[tuple[str, str]]:
    return {(method.upper(), path) for path, item in document["paths"].items() for method in item
            if method in HTTP_METHODS}


def test_the_description_is_valid_openapi_3_1():
    document = openapi.document()
    assert document["openapi"].startswith("3.1")
    validate(document)


def test_every_route_is_documented_and_nothing_else(app):
    routed, documented = routed_operations(app), documented_operations(openapi.document())
    undocumented = sorted(f"{method} {path}" for method, path in routed - documented)
    assert not undocumented, f"routes missing from api/openapi.yaml: {', '.join(undocumented)}"
    unrouted = sorted(f"{method} {path}" for method, path in documented - routed)
    assert not unrouted, f"api/openapi.yaml documents what the app does not route: {', '.join(unrouted)}"


def test_the_check_names_an_undocumented_route(app):
    """The comparison above can fail: a route added without documenting it is named."""
    app.add_url_rule("/api/v1/brand-new/<int:thing>", "brand_new", lambda thing: "", methods=["DELETE"])
    missing = routed_operations(app) - documented_operations(openapi.document())
    assert missing == {("DELETE", "/api/v1/brand-new/{thing}")}


def test_every_operation_documents_the_error_envelope():
    """Each operation's 4xx/5xx answers are the one error shape of api/errors.py."""
    document = openapi.document()
    responses = document["components"]["responses"]
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method not in HTTP_METHODS:
                continue
            for status, response in operation["responses"].items():
                if status[0] in "45":
                    response = responses[response["$ref"].rsplit("/", 1)[1]] if "$ref" in response else response
                    schema = response["content"]["application/json"]["schema"]
                    assert schema == {"$ref": "#/components/schemas/Error"}, f"{method.upper()} {path} {status}"
    error = document["components"]["schemas"]["Error"]
    assert set(error["required"]) == {"ok", "error", "errors", "status"}


def test_it_is_served_as_json_and_may_be_cached(app):
    response = app.test_client().get("/api/v1/openapi.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.get_json() == openapi.document()
    assert "public" in response.headers["Cache-Control"] and "max-age=3600" in response.headers["Cache-Control"]


def test_the_security_schemes_are_the_apps(app):
    """Bearer tokens for the agent and editor APIs, and the console's cookie under the name Flask sets."""
    document = openapi.document()
    schemes = document["components"]["securitySchemes"]
    assert schemes["consoleSession"]["name"] == app.config["SESSION_COOKIE_NAME"]
    assert schemes["agentToken"] == {**schemes["agentToken"], "type": "http", "scheme": "bearer"}
    for path, item in document["paths"].items():
        needs = "editorToken" if path.startswith("/api/v1/editor/") else "agentToken"
        if path.startswith(("/api/v1/agent/", "/api/v1/editor/")):
            assert all(op["security"] == [{needs: []}] for op in item.values() if isinstance(op, dict) and "responses" in op), path
