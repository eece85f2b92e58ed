"""One yes/no vocabulary for settings and query arguments."""
import pytest

from askdesk.core.yesno import parse_yes_no


@pytest.mark.parametrize("text, default, value", [
    ("1", None, True), ("true", None, True), (" Yes ", None, True), ("ON", None, True),
    ("0", None, False), ("false", None, False), ("no", None, False), ("Off", None, False),
    ("", True, True), (None, False, False), ("  ", False, False), ("no", True, False),
])
def test_parse_yes_no(text, default, value):
    assert parse_yes_no(text, default) is value


@pytest.mark.parametrize("text, default", [("maybe", None), ("", None), ("да", True), ("2", False)])
def test_anything_else_is_named(text, default):
    with pytest.raises(ValueError, match="expected one of 1/true/yes/on or 0/false/no/off"):
        parse_yes_no(text, default)
