"""The one reading of a yes/no value, wherever one is typed: a setting (``ASKDESK_SMTP_STARTTLS=on``),
a query argument (``?demo=0``, ``?include_drafts=true``). One vocabulary, so what works in one
place works in every other; each caller names the bad value in its own error."""
from __future__ import annotations

YES = ("1", "true", "yes", "on")
NO = ("0", "false", "no", "off")


def parse_yes_no(text: str | None, default: bool | None = None) -> bool:
    """True for ``YES``, False for ``NO`` (any case, surrounding spaces ignored); ``default`` for
    None or an empty value when one is given. Anything else: :class:`ValueError`."""
    word = (text or "").strip().lower()
    if not word and default is not None:
        return default
    if word in YES:
        return True
    if word in NO:
        return False
    raise ValueError(f"expected one of {'/'.join(YES)} or {'/'.join(NO)}, got {text!r}")
