"""Masking personal data in free text before anything is stored.

Masked: e-mail addresses, payment card numbers (13-19 digits that pass the Luhn check, with
spaces or dashes between groups), IBANs (country code, check digits that pass ISO 7064
mod 97-10) and phone numbers (7-15 digits, optional +, spaces, dashes, dots and brackets).
Order matters: cards and IBANs are matched before phones, which would take their digits too.
Each is replaced by a placeholder that says what was there: ``[email]``, ``[card]``,
``[iban]``, ``[phone]``.
"""
from __future__ import annotations

import re

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}", re.U)
_CARD = re.compile(r"(?<![\w+])(?:\d[ -]?){12,18}\d(?!\w)")
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b", re.I)
_PHONE = re.compile(r"(?<![\w])(?:\+|00)?\(?\d[\d\s().-]{5,18}\d(?!\w)")
# ISO-8601 timestamps (a transcript's times) are not personal data; their digits are left alone
_TIMESTAMP = re.compile(r"(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)")


def luhn_valid(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def iban_valid(text: str) -> bool:
    compact = text.replace(" ", "").upper()
    if not 15 <= len(compact) <= 34 or not compact[:2].isalpha() or not compact[2:4].isdigit():
        return False
    rearranged = compact[4:] + compact[:4]
    number = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(number) % 97 == 1


def _card(match: re.Match) -> str:
    digits = re.sub(r"\D", "", match.group(0))
    return "[card]" if 13 <= len(digits) <= 19 and luhn_valid(digits) else match.group(0)


def _iban(match: re.Match) -> str:
    return "[iban]" if iban_valid(match.group(0)) else match.group(0)


def _phone(match: re.Match) -> str:
    text = match.group(0)
    digits = re.sub(r"\D", "", text)
    if not 7 <= len(digits) <= 15:
        return text
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()) or re.fullmatch(r"\d{1,2}[./-]\d{1,2}[./-]\d{2,4}", text.strip()):
        return text  # a date, not a phone number
    return "[phone]"


def mask_pii(text: str) -> str:
    """``text`` with e-mail addresses, card numbers, IBANs and phone numbers replaced."""
    if not text:
        return text
    if _TIMESTAMP.search(text):
        parts = _TIMESTAMP.split(text)   # odd positions are the timestamps themselves
        return "".join(part if i % 2 else _mask_text(part) for i, part in enumerate(parts))
    return _mask_text(text)


def _mask_text(text: str) -> str:
    text = _EMAIL.sub("[email]", text)
    text = _IBAN.sub(_iban, text)
    text = _CARD.sub(_card, text)
    return _PHONE.sub(_phone, text)
