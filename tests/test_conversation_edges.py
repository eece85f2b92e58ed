"""Conversations at the edge of the help center, over HTTP: a question outside it gets one honest
line, popular topics and "Talk to a person" (no contact form until asked, a person on the second
failed turn in a row), and a vote on any card shown in the session counts, the latest or not."""
from dataclasses import replace

import pytest

from askdesk.core.records import QuestionAsked, ReplyGiven, VoteCast
from askdesk.core.settings import load_config
from askdesk.shell.app import create_app

from support.paths import FIXTURE_KB

ANSWERED = "how do I reset my password"       # the fixture KB answers these (hash encoder)
ANSWERED_TOO = "how do I request a refund"
OUTSIDE = "what is the weather in paris"      # the scripted calibration below puts this outside
OUTSIDE_RU = "какая погода в москве"


class CalibratedOutside:
    """The fixture index (too small to calibrate itself), with a calibrated confidence near zero for
    the questions a test says are outside the help center: what a calibrated index reports for them."""

    def __init__(self, searcher, outside):
        self._searcher, self._outside = searcher, outside

    def search(self, query, **options):
        result = self._searcher.search(query, **options)
        return replace(result, confidence=0.01, calibrated=True) if query in self._outside else result

    def __getattr__(self, name):
        return getattr(self._searcher, name)


def make_app(hash_index, tmp_path, **settings):
    app = create_app(load_config({"index_dir": str(hash_index), "encoder": "hash", "content_dir": str(FIXTURE_KB),
                                  "reload_check_seconds": 0.0, "store_url": str(tmp_path / "askdesk.db"),
                                  "secret_key": "test-secret", **settings}, environ={}))
    conversations = app.extensions["askdesk"].conversations
    real = conversations.searcher
    conversations.searcher = lambda: CalibratedOutside(real(), {OUTSIDE, OUTSIDE_RU})
    return app


@pytest.fixture
def app(hash_index, tmp_path):
    return make_app(hash_index, tmp_path)


@pytest.fixture
def client(app):
    return app.test_client()


def start(client, locale="en"):
    return client.post("/api/v1/sessions", json={"locale": locale}).get_json()["session_id"]


def post(client, sid, what, **body):
    response = client.post(f"/api/v1/sessions/{sid}/{what}", json=body)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def records(app, sid, kind):
    return [e.record for e in app.extensions["askdesk"].store.events(sid) if isinstance(e.record, kind)]


# -- outside the help center -----------------------------------------------------------------------
def test_a_question_outside_gets_one_honest_line_and_a_person_on_request(app, client):
    sid = start(client)
    reply = post(client, sid, "messages", text=OUTSIDE)
    assert reply["action"] == "out_of_scope" and reply["reason"] == "out_of_scope"
    # the help center's own categories, by how many articles each has, in the customer's words
    assert reply["text"].startswith("I can help with ") and "that question is outside what I know" in reply["text"]
    assert "your account" in reply["text"] and "orders and delivery" in reply["text"]
    assert reply["offer_person"] is True and "handoff" not in reply and reply["articles"] == []
    assert [s["id"] for s in reply["suggestions"]] == ["reset-password"]      # the popular topics
    assert client.get(f"/api/v1/sessions/{sid}").get_json()["handoff"] is None   # not handed off
    asked = records(app, sid, QuestionAsked)[-1]
    assert (asked.decision, asked.reason) == ("handoff", "out_of_scope")
    assert records(app, sid, ReplyGiven)[-1].action == "out_of_scope"

    reply = post(client, sid, "handoff")              # "Talk to a person": at once, as ever
    assert reply["action"] == "handoff" and reply["handoff"]["reason"] == "customer_request"
    assert reply["handoff"]["contact_needed"] is True


@pytest.mark.parametrize("next_text, action", [("agent please", "handoff"), ("оператор", "handoff"),
                                               (ANSWERED, "answer"), ("thanks", "welcome")])
def test_the_conversation_goes_on_after_the_honest_reply(client, next_text, action):
    sid = start(client)
    post(client, sid, "messages", text=OUTSIDE)
    assert post(client, sid, "messages", text=next_text)["action"] == action


def test_two_failed_turns_in_a_row_still_hand_off(app, client):
    sid = start(client)
    post(client, sid, "messages", text=OUTSIDE)
    reply = post(client, sid, "messages", text=OUTSIDE)
    assert reply["action"] == "handoff" and reply["handoff"]["reason"] == "out_of_scope"
    assert reply["handoff"]["contact_needed"] is True


def test_an_answer_between_two_questions_outside_ends_the_run(client):
    sid = start(client)
    post(client, sid, "messages", text=OUTSIDE)
    post(client, sid, "messages", text=ANSWERED)
    assert post(client, sid, "messages", text=OUTSIDE)["action"] == "out_of_scope"


def test_the_honest_reply_speaks_russian(client):
    sid = start(client, "ru")
    reply = post(client, sid, "messages", text=OUTSIDE_RU)
    assert reply["action"] == "out_of_scope"
    assert reply["text"].startswith("Я помогаю с темами: ") and "вне моих знаний" in reply["text"]
    assert "заказы и доставка" in reply["text"] and "I can help" not in reply["text"]


def test_an_unsure_question_still_gets_the_nearest_articles(client):
    sid = start(client)
    reply = post(client, sid, "messages", text="order")
    assert reply["action"] in ("clarify", "maybe") and reply["articles"]


# -- votes on any card shown --------------------------------------------------------------------------
def test_a_vote_on_an_earlier_card_counts_and_leaves_the_current_question(app, client):
    sid = start(client)
    first = post(client, sid, "messages", text=ANSWERED)["articles"][0]["id"]
    current = post(client, sid, "messages", text=ANSWERED_TOO)["articles"][0]["id"]
    assert (first, current) == ("reset-password", "request-refund")

    reply = post(client, sid, "feedback", article_id=first, helpful=False)
    # nothing else near that question (the runner-up is below the hand-off threshold): a person offered
    assert reply["action"] == "offer_person" and reply["offer_person"] is True and "handoff" not in reply
    assert "error" not in reply
    vote = records(app, sid, VoteCast)[-1]
    assert (vote.article_id, vote.helpful, vote.question) == (first, False, ANSWERED)
    assert client.get(f"/api/v1/sessions/{sid}").get_json()["handoff"] is None

    reply = post(client, sid, "feedback", article_id=current, helpful=True)   # the current card works as ever
    assert reply["action"] == "welcome"
    assert post(client, sid, "feedback", article_id=first, helpful=True)["action"] == "welcome"


def test_a_no_on_an_earlier_card_offers_that_questions_next_best_once(hash_index, tmp_path):
    client = make_app(hash_index, tmp_path, handoff_threshold=0.2).test_client()
    sid = start(client)
    post(client, sid, "messages", text=ANSWERED)
    post(client, sid, "messages", text=ANSWERED_TOO)
    reply = post(client, sid, "feedback", article_id="reset-password", helpful=False)
    # reset-password's runner-up is request-refund, shown already for the current question: the next one
    assert reply["action"] == "offer_next" and [a["id"] for a in reply["articles"]] == ["cancel-subscription"]
    reply = post(client, sid, "feedback", article_id="cancel-subscription", helpful=False)
    assert reply["action"] == "offer_person"
    reply = post(client, sid, "feedback", article_id="request-refund", helpful=False)   # the current question
    assert reply["action"] in ("offer_next", "handoff")


def test_a_vote_on_a_card_never_shown_is_refused(client):
    sid = start(client)
    post(client, sid, "messages", text=ANSWERED)
    response = client.post(f"/api/v1/sessions/{sid}/feedback", json={"article_id": "gift-cards", "helpful": False})
    assert response.status_code == 400 and "was not shown in this conversation" in response.get_json()["error"]
