"""The conversation policy, table-driven: customers must never have to fight the bot."""
import pytest

from askdesk.bot.policy import State, classify_message, on_decision, on_feedback, on_message


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
    step = on_decision(State(), "handoff", "no_results")
    assert (step.action, step.reason, step.state.failed_in_a_row) == ("handoff", "no_results", 1)


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
