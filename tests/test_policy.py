"""The conversation policy, table-driven: customers must never have to fight the bot."""
import pytest

from askdesk.bot.policy import (
    PAST_QUESTIONS,
    State,
    classify_message,
    earlier_question,
    on_decision,
    on_earlier_feedback,
    on_feedback,
    on_message,
    remembered,
)
from askdesk.core.dialogue import Card, ConversationState, PastQuestion


@pytest.mark.parametrize("text, kind", [
    ("", "empty"), ("   ", "empty"), ("?!", "empty"),
    ("talk to a person", "human_request"), ("Can I speak with a human please", "human_request"),
    ("agent please", "human_request"), ("I want a real person", "human_request"),
    ("connect me to support", "human_request"), ("operator", "human_request"),
    ("оператор", "human_request"), ("позовите живого человека", "human_request"),
    ("хочу поговорить с человеком", "human_request"), ("соедините со специалистом", "human_request"),
    ("живой человек есть?", "human_request"),
    ("hi", "greeting"), ("Hello!", "greeting"), ("привет", "greeting"), ("Здравствуйте", "greeting"),
    ("thanks", "thanks"), ("Thank you!", "thanks"), ("спасибо", "thanks"),
    ("hi, where is my order", "question"), ("how do I change my password", "question"),
    ("the agent in the app crashes", "question"),
])
def test_classify_message(text, kind):
    assert classify_message(text) == kind


def test_person_request_hands_off_at_once_even_mid_conversation():
    step = on_message(State(failed_in_a_row=0, offered_next_best=True), "оператор!")
    assert (step.action, step.reason, step.state.handed_off) == ("handoff", "customer_request", True)


@pytest.mark.parametrize("text, action", [("", "prompt"), ("hello", "greet"), ("thanks!", "welcome"),
                                          ("where is my parcel", "search")])
def test_small_talk_gets_a_reply_not_a_search(text, action):
    assert on_message(State(), text).action == action


def test_core_decisions_pass_through_and_handoffs_carry_the_reason():
    assert on_decision(State(), "answer", "confident").action == "answer"
    assert on_decision(State(), "clarify", "middling").action == "clarify"
    step = on_decision(State(), "handoff", "low_confidence")
    assert (step.action, step.reason, step.state.failed_in_a_row) == ("handoff", "low_confidence", 1)


@pytest.mark.parametrize("failed_before, action, reason, then, handed_off, failed_after", [
    (0, "handoff", "out_of_scope", "out_of_scope", False, 1),   # a first question outside: the honest reply
    (0, "handoff", "no_results", "out_of_scope", False, 1),
    (1, "handoff", "out_of_scope", "handoff", True, 2),         # the second failed turn in a row: a person
    (1, "handoff", "no_results", "handoff", True, 2),
    (0, "handoff", "low_confidence", "handoff", True, 1),       # unsure is not "outside": hand off as before
    (1, "answer", "confident", "answer", False, 0),             # something to show ends a run of failures
    (1, "clarify", "middling", "clarify", False, 0),
])
def test_a_question_outside_the_help_center_gets_an_honest_reply_once(failed_before, action, reason, then,
                                                                        handed_off, failed_after):
    step = on_decision(State(failed_in_a_row=failed_before), action, reason)
    assert (step.action, step.state.handed_off, step.state.failed_in_a_row) == (then, handed_off, failed_after)
    assert step.reason == (reason if action == "handoff" else None)


def test_outside_then_a_not_helpful_answer_hands_off():
    outside = on_decision(State(), "handoff", "out_of_scope").state
    asked = on_message(outside, "where is my parcel").state
    step = on_feedback(asked, helpful=False, has_next_best=True)     # the failed count was not reset: no answer yet
    assert (step.action, step.reason) == ("handoff", "negative_feedback")


@pytest.mark.parametrize("helpful, offered, has_next, action", [
    (True, False, True, "welcome"), (True, True, False, "welcome"),
    (False, False, True, "offer_next"),
    (False, True, True, "offer_person"),      # its next best was offered already
    (False, False, False, "offer_person"),    # nothing else near that question
])
def test_a_vote_on_an_earlier_card(helpful, offered, has_next, action):
    assert on_earlier_feedback(helpful, offered, has_next) == action


def test_earlier_questions_are_remembered_when_they_showed_cards():
    card = Card("gift-cards", "en", "Gift cards", 0.8)
    state = ConversationState(question="gift cards", tried=(card,), shown=("gift-cards",))
    past = remembered(state)
    assert past == (PastQuestion("gift cards", (card,), ("gift-cards",), False),)
    assert remembered(ConversationState(question="weather", past=past)) == past      # nothing shown: not kept
    many = ConversationState(question="q", shown=("a",), past=tuple(PastQuestion(str(i), shown=("a",))
                                                                      for i in range(PAST_QUESTIONS)))
    assert len(remembered(many)) == PAST_QUESTIONS and remembered(many)[-1].question == "q"
    assert earlier_question((PastQuestion("1", shown=("a",)), PastQuestion("2", shown=("b", "a"))), "a") == 1
    assert earlier_question(past, "nowhere") is None


def test_not_helpful_offers_the_next_best_once_then_a_person():
    first = on_feedback(State(), helpful=False, has_next_best=True)
    assert (first.action, first.state.offered_next_best) == ("offer_next", True)
    second = on_feedback(first.state, helpful=False, has_next_best=True)
    assert (second.action, second.reason) == ("handoff", "negative_feedback")


def test_not_helpful_without_an_alternative_hands_off():
    step = on_feedback(State(), helpful=False, has_next_best=False)
    assert (step.action, step.reason) == ("handoff", "negative_feedback")


def test_two_failed_turns_in_a_row_hand_off():
    after_first = on_feedback(State(), helpful=False, has_next_best=True).state
    new_question = on_message(after_first, "ok another question about refunds").state
    assert new_question.offered_next_best is False and new_question.failed_in_a_row == 1
    step = on_feedback(new_question, helpful=False, has_next_best=True)
    assert (step.action, step.reason) == ("handoff", "negative_feedback")


def test_helpful_resets_the_failure_count():
    state = on_feedback(State(), helpful=False, has_next_best=True).state
    assert on_feedback(state, helpful=True, has_next_best=True).state.failed_in_a_row == 0
