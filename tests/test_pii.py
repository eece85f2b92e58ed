"""Personal data is masked before anything is stored; tricky inputs included."""
import pytest

from askdesk.bot.pii import iban_valid, luhn_valid, mask_pii


@pytest.mark.parametrize("text, expected", [
    ("write to anna.k+shop@mail.example.com please", "write to [email] please"),
    ("мой email: Иван_Петров@почта.рф", "мой email: [email]"),
    ("card 4111 1111 1111 1111 was charged twice", "card [card] was charged twice"),
    ("card 4111-1111-1111-1111", "card [card]"),
    ("card 4111111111111111.", "card [card]."),
    ("card 4111 1111 1111 1112 (typo, fails Luhn) stays", "card 4111 1111 1111 1112 (typo, fails Luhn) stays"),
    ("IBAN DE89 3704 0044 0532 0130 00 for the refund", "IBAN [iban] for the refund"),
    ("GB82WEST12345698765432", "[iban]"),
    ("GB00WEST12345698765432 bad check digits", "GB00WEST12345698765432 bad check digits"),
    ("call me at +7 (916) 123-45-67", "call me at [phone]"),
    ("звоните 8 916 123 45 67 после шести", "звоните [phone] после шести"),
    ("my number is 555-0134-22", "my number is [phone]"),
    ("order 12345 arrived", "order 12345 arrived"),
    ("ordered on 2026-11-02, paid 120.50", "ordered on 2026-11-02, paid 120.50"),
    ("delivered 02.11.2026", "delivered 02.11.2026"),
    ("at 2026-11-25T04:10:48.927397+00:00 call 020 7946 0958", "at 2026-11-25T04:10:48.927397+00:00 call [phone]"),
    ("2026-11-25 12:30 mail a@b.example", "2026-11-25 12:30 mail [email]"),
    ("", ""),
    ("no personal data here", "no personal data here"),
])
def test_mask_pii(text, expected):
    assert mask_pii(text) == expected


def test_several_kinds_in_one_message():
    text = "I'm bob@example.org, card 5500 0000 0000 0004, phone +44 20 7946 0958"
    assert mask_pii(text) == "I'm [email], card [card], phone [phone]"


def test_checksums():
    assert luhn_valid("4111111111111111") and not luhn_valid("4111111111111112")
    assert iban_valid("DE89 3704 0044 0532 0130 00") and not iban_valid("DE00 3704 0044 0532 0130 00")
