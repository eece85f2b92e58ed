"""A property-based fuzz run of the whole HTTP API from its OpenAPI description: schemathesis
generates requests that the description allows and ones it does not, sends them to the app over
WSGI (no server) with an editor's token, and schemathesis' own check ``not_a_server_error`` fails
any 5xx. A share of the requests name a real conversation and a real ticket, so the handlers
behind the 404 run too. Bounded: EXAMPLES per operation, derandomised (the same run every time),
no example database; the whole run takes seconds.

Text is generated as valid UTF-8 (schemathesis' default codec) and bodies are shallow: lone
surrogates, nesting thousands deep and out-of-range dates are tested in tests/test_bad_input.py.
"""
import random

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup, ServerError

from askdesk.api import openapi
from askdesk.core.settings import load_config
from askdesk.shell.app import create_app
from askdesk.store.tokens import SqlTokens

pytestmark = pytest.mark.slow   # a few hundred requests
EXAMPLES = 12
REAL_SHARE = 0.5   # of the generated session ids and ticket numbers, replaced by real ones

schema = schemathesis.openapi.from_dict(openapi.document())
OPERATIONS = {op.label: op for op in (result.ok() for result in schema.get_all_operations())}


@pytest.fixture(scope="module")
def service(hash_index, tmp_path_factory):
    """The app with an editor's token, a conversation that ended in a ticket, and that ticket."""
    config = load_config({"index_dir": str(hash_index), "encoder": "hash", "reload_check_seconds": 0.0,
                          "store_url": str(tmp_path_factory.mktemp("fuzz") / "askdesk.db"),
                          "secret_key": "fuzz", "rate_limit": ""}, environ={})
    app = create_app(config)
    token, _ = SqlTokens(app.extensions["askdesk"].store).create("fuzz", "editor")
    client = app.test_client()
    session = client.post("/api/v1/sessions", json={"locale": "en"}).get_json()["session_id"]
    client.post(f"/api/v1/sessions/{session}/handoff")
    ticket = client.post(f"/api/v1/sessions/{session}/contact", json={"contact": "ann@example.com"}).get_json()
    return app, {"Authorization": f"Bearer {token}"}, {"session_id": session, "number": ticket["ticket"]["number"]}


def fuzz(operation, app, headers: dict, real: dict) -> None:
    """EXAMPLES requests for ``operation``, valid and invalid; raises on the first 5xx."""
    chooser = random.Random(operation.label)
    strategy = (operation.as_strategy(generation_mode=GenerationMode.POSITIVE)
                | operation.as_strategy(generation_mode=GenerationMode.NEGATIVE))

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(strategy)
    def run(case):
        for name, value in real.items():
            if name in (case.path_parameters or {}) and chooser.random() < REAL_SHARE:
                case.path_parameters[name] = value
        case.call_and_validate(app=app, headers=headers, checks=[not_a_server_error])

    run()


@pytest.mark.parametrize("label", list(OPERATIONS))
def test_no_request_gets_a_server_error(label, service):
    app, headers, real = service
    fuzz(OPERATIONS[label], app, headers, real)


def test_the_fuzz_run_fails_on_a_server_error(service):
    """The run above can fail: a view that breaks is caught, by the check the run uses."""
    app, headers, real = service
    healthz = app.view_functions["ops.healthz"]

    def broken():
        raise RuntimeError("boom")

    app.view_functions["ops.healthz"] = broken
    try:
        with pytest.raises(FailureGroup) as caught:
            fuzz(OPERATIONS["GET /healthz"], app, headers, real)
        assert caught.group_contains(ServerError)
    finally:
        app.view_functions["ops.healthz"] = healthz
