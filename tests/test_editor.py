"""The editor dashboard (/editor) and the editor JSON API (/api/v1/editor) on demo traffic and live
conversations over the fixture knowledge base: who may see them, that their numbers are the
reports' numbers, filters, CSV downloads, drafts and the conversation drill-down."""
import datetime as dt
import html
import re

import pytest
from markupsafe import escape
from werkzeug.http import parse_options_header

from askdesk.analytics import reports
from askdesk.analytics.editors_report import SECTIONS, build
from askdesk.analytics.gaps import WRITE_NEW, find_gaps
from askdesk.analytics.ledger import read_ledger
from askdesk.analytics.spreadsheet import to_csv
from askdesk.api.editor_charts import DAY_SERIES, bar_chart, day_chart, nice_step
from askdesk.api.editor_text import COLUMNS, SECTION_HELP
from askdesk.core.settings import load_config
from askdesk.shell.app import create_app
from askdesk.store.tokens import SqlTokens

from support.editor_traffic import demo_traffic, live_conversation
from support.paths import FIXTURE_KB

XSS = "<img src=x onerror=alert(1)> where is my sofa"
ERROR_KEYS = {"ok", "error", "errors", "status"}


def esc(text: str) -> str:
    """``text`` as the autoescaping templates print it."""
    return str(escape(text))


@pytest.fixture(scope="module")
def app(hash_index, tmp_path_factory):
    """One app for the module: 80 demo sessions over two weeks, then three live conversations now."""
    store = tmp_path_factory.mktemp("editor") / "askdesk.db"
    app = create_app(load_config({"index_dir": str(hash_index), "encoder": "hash", "content_dir": str(FIXTURE_KB),
                                  "reload_check_seconds": 0.0, "store_url": str(store), "secret_key": "editor-tests",
                                  "rate_limit": ""}, environ={}))
    runtime = app.extensions["askdesk"]
    demo_traffic(runtime)
    app.config["LIVE"] = {
        "xss": live_conversation(runtime, "en", [XSS], contact="bob@example.com"),
        "ru": live_conversation(runtime, "ru", ["где мой заказ"]),
        "en": live_conversation(runtime, "en", ["how do I reset my password"]),
    }
    yield app
    runtime.store.close()


@pytest.fixture(scope="module")
def tokens(app):
    tokens = SqlTokens(app.extensions["askdesk"].store)
    return {"editor": tokens.create("erin", "editor")[0], "agent": tokens.create("alice", "agent")[0]}


def sign_in(app, token):
    client = app.test_client()
    csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/agent/login").get_data(as_text=True)).group(1)
    assert client.post("/agent/login", data={"token": token, "csrf": csrf}).status_code == 302
    return client


@pytest.fixture(scope="module")
def editor(app, tokens):
    return sign_in(app, tokens["editor"])


def ledger(app, **kwargs):
    """Every session (all are within the last two weeks, so inside the default 30 days)."""
    return read_ledger(app.extensions["askdesk"].store, "2000-01-01", **kwargs)


def page(client, path, status=200) -> str:
    response = client.get(path)
    assert response.status_code == status, response.get_data(as_text=True)[:2000]
    return response.get_data(as_text=True)


def attachment(response) -> str:
    """The file name a download is saved under; the header itself must be sendable (Latin-1)."""
    header = response.headers["Content-Disposition"]
    header.encode("latin-1")
    kind, options = parse_options_header(header)
    assert kind == "attachment"
    return options["filename"]


def tile(body: str, name: str) -> str:
    return re.search(rf"<h2>{name}</h2>\s*<p class=\"value\">([^<]*)</p>", body).group(1)


def editor_rules(app, prefix):
    """One example path per rule under ``prefix``, so a new route cannot be forgotten."""
    examples = {"<section>": "volume", "<int:number>": "1", "<session_id>": app.config["LIVE"]["en"]}
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith(prefix):
            path = rule.rule
            for name, value in examples.items():
                path = path.replace(name, value)
            assert "<" not in path, f"give {rule.rule} an example value here"
            yield path


# -- who may see it -------------------------------------------------------------------------------
def test_anonymous_visitors_are_sent_to_sign_in_and_come_back(app, tokens):
    client = app.test_client()
    paths = list(editor_rules(app, "/editor"))
    assert len(paths) >= 7
    for path in paths:
        response = client.get(path + "?since=7d")
        assert response.status_code == 302, path
        assert response.headers["Location"].startswith("/agent/login?next=")
    response = client.get("/editor/gaps?since=7d")
    csrf = re.search(r'name="csrf" value="([^"]+)"', client.get(response.headers["Location"]).get_data(as_text=True))
    back = client.post("/agent/login", data={"token": tokens["editor"], "csrf": csrf.group(1),
                                             "next": "/editor/gaps?since=7d"})
    assert back.headers["Location"] == "/editor/gaps?since=7d"


def test_an_agent_gets_a_clear_refusal_and_no_data(app, tokens):
    client = sign_in(app, tokens["agent"])
    for path in editor_rules(app, "/editor"):
        response = client.get(path)
        body = response.get_data(as_text=True)
        assert response.status_code == 403, path
        assert "Editors only" in body and "role &#39;agent&#39;" in body
        assert "askdesk token create --role editor" in body
        assert "where is my order" not in body and "Deflection" not in body
    assert "Editor dashboard" not in page(client, "/agent")


def test_the_console_header_links_editors_to_the_dashboard_and_back(editor):
    inbox = page(editor, "/agent")
    assert '<a href="/editor">Editor dashboard</a>' in inbox
    overview = page(editor, "/editor")
    assert '<a href="/agent">Agent inbox</a>' in overview and "askdesk · editor dashboard" in overview
    response = editor.get("/editor")
    assert response.headers["Content-Security-Policy"].startswith("default-src 'self'; script-src 'self'")
    assert response.headers["Cache-Control"] == "no-store"
    assert "<script>" not in overview and " style=" not in overview and " on" + "click" not in overview


def test_every_editor_api_route_refuses_anonymous_bad_tokens_and_agents(app, tokens):
    client = app.test_client()
    paths = list(editor_rules(app, "/api/v1/editor"))
    assert sorted(paths) == ["/api/v1/editor/gaps", "/api/v1/editor/report", "/api/v1/editor/searches"]
    for path in paths:
        for header in ({}, {"Authorization": "Bearer askd_not-a-real-token"},
                       {"Authorization": f"Basic {tokens['editor']}"}):
            response = client.get(path, headers=header)
            assert response.status_code == 401 and set(response.get_json()) == ERROR_KEYS, (path, header)
            assert response.headers["WWW-Authenticate"].startswith("Bearer")
            assert "where is my order" not in response.get_data(as_text=True)
        agent = client.get(path, headers={"Authorization": f"Bearer {tokens['agent']}"})
        assert agent.status_code == 403 and "role 'editor'" in agent.get_json()["error"]
        assert client.get(path, headers={"Authorization": f"Bearer {tokens['editor']}"}).status_code == 200


# -- the overview ---------------------------------------------------------------------------------
def test_the_overview_shows_the_reports_numbers(app, editor):
    sessions = ledger(app)
    d = reports.deflection(sessions)
    body = page(editor, "/editor")
    assert tile(body, "Questions asked") == str(sum(len(s.turns) for s in sessions))
    assert tile(body, "Conversations") == str(d["sessions"])
    assert tile(body, "Deflection") == f"{d['deflection_pct']:g} %"
    assert f"{d['confirmed_pct']:g} % confirmed" in body
    assert f"{round(100 * d['assumed'] / d['asked'], 1):g} % assumed" in body
    assert tile(body, "Handed to a person") == str(d["handed_off"]) and tile(body, "Tickets") == str(d["tickets"])
    assert "How deflection is counted" in body and "Deflected, assumed" in body
    assert '<svg class="chart days"' in body and "<title id=\"days-title\">Conversations per day" in body
    assert body.count('<g class="column">') in (30, 31)          # every day the 30 days touch, empty ones too
    assert "Includes demo data:" in body and f"{d['sessions'] - 3} of the {d['sessions']} conversations" in body
    for row in reports.handoffs_by_reason(sessions):
        assert f"{row['sessions']} · {row['share_pct']:g} %" in body
    reasons = reports.handoffs_by_reason(sessions)
    assert sum(r["sessions"] for r in reasons) == d["handed_off"] and sum(r["tickets"] for r in reasons) == d["tickets"]
    assert f"the bars add up to “Handed to a person” ({d['handed_off']})" in body
    top = reports.top_questions(sessions)[0]
    assert esc(top["question"]) in body and esc(SECTION_HELP["top_questions"]) in body
    assert top["bot_answered"] + top["bot_clarified"] + top["bot_handed_off"] == top["asked"] >= top["not_helped"]


def test_filters_language_demo_and_period(app, editor):
    live = app.config["LIVE"]
    ru = page(editor, "/editor?locale=ru")
    assert tile(ru, "Conversations") == str(len(ledger(app, locale="ru")))
    assert 'aria-current="true">Русский</a>' in ru and "questions in <strong>Русский</strong>" in ru

    real = page(editor, "/editor?demo=0")
    assert tile(real, "Conversations") == "3" and "Includes demo data" not in real
    assert 'aria-current="true">Left out</a>' in real
    assert f"/editor/sessions/{live['ru']}?demo=0" in real          # links keep the filters
    week = page(editor, "/editor?since=7d&demo=0&locale=en")
    assert tile(week, "Conversations") == "2"

    today = dt.datetime.now(dt.UTC).date()
    custom = page(editor, f"/editor?since={today - dt.timedelta(days=2)}&until={today}&demo=0")
    assert tile(custom, "Conversations") == "3"          # a date as `until` counts whole
    assert page(editor, f"/editor?since={today - dt.timedelta(days=400)}&until={today - dt.timedelta(days=300)}"
                ).count("No conversations in this period") == 1

    assert "is not a period" in page(editor, "/editor?since=yesterday", 400)
    assert "`locale` must be one of en, ru" in html.unescape(page(editor, "/editor?locale=de", 400))
    assert "`demo` must be 1 or 0" in page(editor, "/editor?demo=maybe", 400)
    future = f"/editor?since={today + dt.timedelta(days=3)}&until={today + dt.timedelta(days=9)}"
    assert "in the future" in page(editor, future, 400)


# -- reports, sorting and CSV ---------------------------------------------------------------------
def test_every_section_has_a_page_and_a_csv_equal_to_the_report(app, editor):
    built = build(ledger(app), app.extensions["askdesk"].thresholds)
    index = page(editor, "/editor/reports")
    for name, (title, _) in SECTIONS.items():
        assert f'href="/editor/reports/{name}"' in index
        body = page(editor, f"/editor/reports/{name}")
        assert f"<h1>{esc(title)}</h1>" in body and esc(SECTION_HELP[name]) in body
        assert f'href="/editor/reports/{name}.csv"' in body
        response = editor.get(f"/editor/reports/{name}.csv")
        assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
        assert re.fullmatch(rf"askdesk-{name}-\d{{4}}-\d\d-\d\d-to-\d{{4}}-\d\d-\d\d\.csv", attachment(response))
        assert response.data.decode("utf-8") == "\ufeff" + to_csv(built[name]), name
        for column in (built[name][0] if built[name] else {}):
            assert column in COLUMNS, f"say {column!r} of {name} in plain words in api/editor_text.py COLUMNS"


def test_sorting_by_a_column_with_plain_links(app, editor):
    rows = reports.top_questions(ledger(app))
    body = page(editor, "/editor/reports/top_questions?sort=asked&dir=asc")
    counts = [int(n) for n in re.findall(r'<td class="num">(\d+)</td><td>(?:English|Русский)', body)]
    assert counts == sorted(r["asked"] for r in rows) and len(counts) == len(rows)
    assert 'aria-sort="ascending"' in body
    assert 'href="/editor/reports/top_questions?sort=asked&amp;dir=desc"' in body      # the next click reverses
    csv = editor.get("/editor/reports/top_questions.csv?sort=question&dir=asc").data.decode("utf-8")
    questions = [line.split(",")[0] for line in csv.lstrip("\ufeff").splitlines()[1:]]
    assert questions == sorted(questions, key=str.casefold)
    unknown = html.unescape(page(editor, "/editor/reports/top_questions?sort=x", 400))
    assert "`sort` must be one of question, asked" in unknown
    assert "no report" in page(editor, "/editor/reports/nope", 404)


# -- gaps and drafts ------------------------------------------------------------------------------
def test_gaps_page_csv_json_and_drafts(app, editor, tokens):
    body = editor.get("/api/v1/editor/gaps", headers={"Authorization": f"Bearer {tokens['editor']}"}).get_json()
    runtime = app.extensions["askdesk"]
    start, end = (dt.datetime.fromisoformat(body[k]) for k in ("since", "until"))
    expected = find_gaps(ledger(app), runtime.encoder, runtime.index.current(), runtime.thresholds, start, end)
    assert [t["label"] for t in body["topics"]] == [t.label for t in expected.topics]
    assert body["questions"] == expected.questions and len(body["topics"]) >= 2

    gaps = page(editor, "/editor/gaps")
    for topic in body["topics"]:
        assert esc(topic["label"]) in gaps and f'id="topic-{topic["number"]}"' in gaps
        for example in topic["examples"]:
            assert f'/editor/sessions/{example["session_id"]}' in gaps
    new = next(t for t in body["topics"] if t["action"]["kind"] == WRITE_NEW)
    assert f'<pre id="draft-{new["number"]}">' in gaps and 'data-copy-exact="draft-' in gaps
    draft = editor.get(f"/editor/gaps/{new['number']}/draft.md")
    assert attachment(draft) == f'{new["draft"]["id"]}.md'
    assert draft.headers["Content-Type"] == "text/markdown; charset=utf-8"
    assert draft.data.decode() == new["draft"]["text"] and "status: draft" in new["draft"]["text"]
    for topic in body["topics"]:
        if topic["draft"]:                      # Russian ones too: their names go as RFC 5987 filename*
            assert attachment(editor.get(f"/editor/gaps/{topic['number']}/draft.md")) == f"{topic['draft']['id']}.md"
    others = [t for t in body["topics"] if t["draft"] is None]
    if others:
        assert "only topics to write anew" in page(editor, f"/editor/gaps/{others[0]['number']}/draft.md", 404)
    assert "no topic 999" in page(editor, "/editor/gaps/999/draft.md", 404)

    csv = editor.get("/editor/gaps.csv")
    assert attachment(csv).startswith("askdesk-gaps-")
    lines = csv.data.decode("utf-8").lstrip("\ufeff").splitlines()
    assert lines[0] == ("number,topic,questions,customers,trend,per_week,languages,nearest_article,nearest_title,"
                        "nearest_score,action,action_article,reason,examples,draft")
    assert len([line for line in lines[1:] if re.match(r"^\d+,", line)]) == len(body["topics"])


def test_the_overview_lists_the_first_five_topics(app, editor, tokens):
    headers = {"Authorization": f"Bearer {tokens['editor']}"}
    topics = editor.get("/api/v1/editor/gaps", headers=headers).get_json()["topics"]
    overview = page(editor, "/editor")
    for topic in topics[:5]:
        assert f'/editor/gaps#topic-{topic["number"]}">{esc(topic["label"])}</a>' in overview
    for topic in topics[5:]:
        assert f'#topic-{topic["number"]}"' not in overview


# -- one conversation -----------------------------------------------------------------------------
def test_the_drill_down_shows_the_whole_conversation_escaped(app, editor):
    sid = app.config["LIVE"]["xss"]
    body = page(editor, f"/editor/sessions/{sid}")
    assert esc(XSS) in body and "<img src=x" not in body
    ticket = next(t for t in app.extensions["askdesk"].store.list_tickets() if t.session_id == sid)
    assert f'<a href="/agent/tickets/{ticket.number}">#{ticket.number} in the agent inbox</a>' in body
    record = read_ledger(app.extensions["askdesk"].store, "2000-01-01", locale="en")
    turn = next(s for s in record if s.id == sid).turns[0]
    assert f"confidence {turn.confidence:.2f}" in body
    assert "handed to a person: asked for a person" in body
    transcript = app.extensions["askdesk"].conversations.transcript(sid)
    assert body.count('<li class="turn customer">') == sum(line["from"] == "customer" for line in transcript)
    assert "no conversation" in page(editor, "/editor/sessions/" + "0" * 32, 404)


def test_report_rows_link_to_their_conversation(app, editor):
    live = app.config["LIVE"]
    body = page(editor, "/editor/reports/low_confidence?demo=0")
    assert f'/editor/sessions/{live["xss"]}?demo=0' in body
    top = page(editor, "/editor/reports/top_questions?demo=0")
    assert f'<a href="/editor/sessions/{live["ru"]}?demo=0">где мой заказ</a>' in top


# -- the JSON API ---------------------------------------------------------------------------------
def test_the_report_api_returns_the_reports_rows(app, tokens):
    client = app.test_client()
    headers = {"Authorization": f"Bearer {tokens['editor']}"}
    body = client.get("/api/v1/editor/report", headers=headers).get_json()
    assert body["ok"] is True and set(body["sections"]) == set(SECTIONS)
    built = build(ledger(app), app.extensions["askdesk"].thresholds)
    assert body["sections"]["deflection"] == built["deflection"]
    assert body["sections"]["top_questions"] == built["top_questions"]
    assert body["include_demo"] is True and body["demo_sessions"] == len(ledger(app)) - 3

    ru = client.get("/api/v1/editor/report?section=handoffs&locale=ru&demo=0", headers=headers).get_json()
    assert list(ru["sections"]) == ["handoffs"] and ru["locale"] == "ru" and ru["demo_sessions"] == 0
    assert ru["sections"]["handoffs"] == reports.handoffs_by_reason(ledger(app, locale="ru", include_demo=False))

    bad = client.get("/api/v1/editor/report?section=nope", headers=headers)
    assert bad.status_code == 400 and set(bad.get_json()) == ERROR_KEYS
    assert "`section` must be one of" in bad.get_json()["error"]
    assert client.get("/api/v1/editor/gaps?since=soon", headers=headers).get_json()["status"] == 400


# -- the pieces -----------------------------------------------------------------------------------
def test_chart_geometry():
    assert [nice_step(n) for n in (0, 3, 4, 9, 40, 130)] == [1, 1, 1, 5, 10, 50]
    rows = [{"day": "2026-11-01", "questions": 9, "conversations": 6, "confirmed": 2, "assumed": 1, "unresolved": 1,
             "handed_off": 2, "deflection_pct": 50.0},
            {"day": "2026-11-02", "questions": 0, "conversations": 0, "confirmed": 0, "assumed": 0, "unresolved": 0,
             "handed_off": 0, "deflection_pct": None}]
    chart = day_chart(rows, width=400, height=200)
    first, empty = chart.columns
    assert [b.series for b in first.boxes] == [key for key, _ in DAY_SERIES] and empty.boxes == []
    bottom = chart.plot.y + chart.plot.height
    assert first.boxes[0].y + first.boxes[0].height == pytest.approx(bottom)
    for lower, upper in zip(first.boxes, first.boxes[1:], strict=False):   # stacked without gaps
        assert upper.y + upper.height == pytest.approx(lower.y, abs=0.1)
    assert sum(b.height for b in first.boxes) == pytest.approx(chart.plot.height * 6 / 6, abs=0.5)
    assert [t.text for t in chart.y_ticks] == ["0", "2", "4", "6"] and chart.total == 6
    assert "1 Nov: 6 conversations, 9 questions" in first.title
    height, bars = bar_chart([("asked for a person", 4, "4"), ("bot was unsure", 2, "2")])
    assert bars[0].box.width == pytest.approx(2 * bars[1].box.width) and height == 68
