"""A next question counts as a reformulation of a failed one only when it is related to it."""
import pytest
from test_reports import Ledger

from askdesk.analytics import reports
from askdesk.analytics.ledger import Turn
from askdesk.analytics.relatedness import related, word_similarity


def turn(text, *tried):
    return Turn("s", "2026-12-01T10:00:00+00:00", text, "en", "handoff", "low_confidence", 0.2,
                [{"id": i, "locale": "en", "score": s} for i, s in tried])


@pytest.mark.parametrize(("first", "second", "expected"), [
    # a new subject: other nearest article, no words in common
    (turn("lamp return", ("return-item", 0.4), ("shipping-costs", 0.1)),
     turn("how much is shiping to germany", ("shipping-costs", 0.7), ("return-item", 0.1)), False),
    # the same nearest article in other words
    (turn("lamp return", ("return-item", 0.4)), turn("can i send back a lamp i bought", ("return-item", 0.6)), True),
    # the same words, spelt a little differently, whatever was found
    (turn("my mug arrived broken", ("refund", 0.3)), turn("the mug is broken when it arrived"), True),
    (turn("shipping to germany"), turn("shiping to germany cost", ("shipping-costs", 0.5)), True),
    # nothing tried for either and only little words in common
    (turn("how do i do that"), turn("where is my order"), False),
    # Russian: the same nearest article
    (turn("не хочу платить за плюс", ("cancel-subscription", 0.3)),
     turn("как отменить подписку", ("cancel-subscription", 0.8)), True),
    (turn("не хочу платить за плюс", ("cancel-subscription", 0.3)), turn("где мой заказ", ("track-order", 0.9)),
     False),
])
def test_related(first, second, expected):
    assert related(first, second) is expected


def test_word_similarity_ignores_little_words_and_endings():
    assert word_similarity("How do I return a lamp?", "lamp returns") == 1.0
    assert word_similarity("how is it", "what is it") == 0.0


def test_an_unrelated_next_question_is_not_a_reformulation():
    led = Ledger()
    led.session("r1")
    led.question("r1", "lamp return", "handoff", [("return-item", 0.25)], reason="low_confidence")
    led.question("r1", "how much is shiping to germany", "answer", [("shipping-costs", 0.8)], shown=["shipping-costs"])
    led.session("r2")
    led.question("r2", "lamp return", "handoff", [("return-item", 0.25)], reason="low_confidence")
    led.question("r2", "how do I send back a lamp", "answer", [("return-item", 0.7)], shown=["return-item"])
    rows = reports.reformulations(led.records())
    assert [(r["asked"], r["asked_next"]) for r in rows] == [("lamp return", "how do I send back a lamp")]
