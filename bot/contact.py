"""The customer's contact: an e-mail address or a phone number, validated and normalised."""
from __future__ import annotations

import email_validator
import phonenumbers

# A phone number typed without a country code is read in the region of the UI language.
_REGION = {"ru": "RU", "en": None}


def parse_contact(text: str, locale: str = "en") -> str | None:
    """The normalised contact (``name@example.com`` or ``+442079460958``), or None if it is neither."""
    text = (text or "").strip()
    if not text or len(text) > 254:
        return None
    if "@" in text:
        try:
            return email_validator.validate_email(text, check_deliverability=False).normalized
        except email_validator.EmailNotValidError:
            return None
    if sum(ch.isdigit() for ch in text) < 7 or any(ch.isalpha() for ch in text):
        return None
    try:
        number = phonenumbers.parse(text, _REGION.get(locale))
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)

