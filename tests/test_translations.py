"""The translation check: quantities read language-aware, and only real disagreements reported."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from askdesk.kb.check import check_content
from askdesk.kb.translations import compare, describe, extract, extract_line

CONTENT = Path(__file__).resolve().parent.parent / "content"


def values(line: str, locale: str) -> list[tuple[str, tuple]]:
    return [(q.kind, q.value) for q in extract_line(line, locale)]


DAY = 1440


@pytest.mark.parametrize("line, locale, expected", [
    ("You have 30 days to change your mind.", "en", [("duration", (30 * DAY, 30 * DAY))]),
    ("В течение 14 дней удаление можно отменить.", "ru", [("duration", (14 * DAY, 14 * DAY))]),
    ("Осталось 2 дня, потом 1 день.", "ru", [("duration", (2 * DAY, 2 * DAY)), ("duration", (DAY, DAY))]),
    ("thirty days", "en", [("duration", (30 * DAY, 30 * DAY))]),
    ("twenty-four hours", "en", [("duration", (24 * 60, 24 * 60))]),
    ("это займёт две недели", "ru", [("duration", (14 * DAY, 14 * DAY))]),
    ("a 30-day trial", "en", [("duration", (30 * DAY, 30 * DAY))]),
    ("14-дневный срок", "ru", [("duration", (14 * DAY, 14 * DAY))]),
    ("refunds take 5–10 business days", "en", [("business days", (5, 10))]),
    ("деньги придут за 5–10 рабочих дней", "ru", [("business days", (5, 10))]),
    ("ссылка действует 60 минут", "ru", [("duration", (60, 60))]),
    ("pause for 1–3 months", "en", [("months", (1, 3))]),
    ("хранятся до 5 лет", "ru", [("months", (60, 60))]),
    ("Return shipping is $5.95 / €5.95.", "en", [("price in USD", (5.95,)), ("price in EUR", (5.95,))]),
    ("Доставка 5,95 € или 2 990 ₽", "ru", [("price in EUR", (5.95,)), ("price in RUB", (2990.0,))]),
    ("стоит 349 руб. в месяц", "ru", [("price in RUB", (349.0,)), ]),
    ("orders over $1,000", "en", [("price in USD", (1000.0,))]),
    ("50% off, пятьдесят процентов", "ru", [("percentage", (50.0,)), ("percentage", (50.0,))]),
    ("needs iOS 16 or Android 9", "en", [("iOS version", ("ios", "16")), ("Android version", ("android", "9"))]),
    ("use API v2 or version 2.3.1", "en", [("version", ("", "2")), ("version", ("", "2.3.1"))]),
])
def test_quantities_are_read_with_their_units(line, locale, expected):
    assert values(line, locale) == expected


@pytest.mark.parametrize("line, locale", [
    ("Call +7 800 555-35-35 or 8 (800) 100-20-30.", "ru"),
    ("Call 1-800-555-0199, Mon–Fri 9:00–20:00.", "en"),
    ("Order #12345 was placed on 01.10.2026, in 2024.", "en"),
    ("Заказ № 123456 от 1 октября 2024 года", "ru"),
    ("в 2024 году мы открыли склад", "ru"),
    ("1. Open the order.", "en"),
    ("## 2.3.1 Settings", "en"),
    ("Server 10.0.0.1 and `timeout 30 days` in code, [link](../days/30-days.md)", "en"),
    ("3-D Secure and 24/7 chat", "en"),
    ("Only 5 per order <!-- local --> 30 days", "en"),
])
def test_noise_is_not_a_quantity(line, locale):
    assert values(line, locale) == []


EN_DELETE = """---
id: a
summary: >-
  You have 30 days to change your mind.
updated: 2026-01-01
---
# Delete

| When | What |
|---|---|
| Days 1–30 | deactivated |

```
sleep 5 minutes
```
"""


def test_front_matter_counts_only_for_title_summary_and_questions():
    found = extract(EN_DELETE, "en")
    assert [(q.text, q.line) for q in found] == [("30 days", 4)]


def kinds(first: str, second: str) -> list[tuple[str, list[str], list[str]]]:
    return [(d.kind, [q.text for q in d.only_first], [q.text for q in d.only_second])
            for d in compare(extract(first, "en"), extract(second, "ru"))]


@pytest.mark.parametrize("en, ru, expected", [
    ("30 days, then $5.95", "30 дней, затем $5.95", []),                              # agreeing
    ("$5.95 within 30 days, 50% off", "50% скидки, 30 дней, $5.95", []),               # reordered
    ("within 2 weeks; 24 hours; 1 month", "в течение 14 дней; сутки; 1 месяц", []),  # converted; 'сутки' alone is no number
    ("within 48 hours", "в течение 2 дней", []),                                       # hours = days
    ("30 days. 30 days. 30 days.", "30 дней", []),                                     # repeated
    ("30 days", "30 дней, а ещё 10 рабочих дней", []),                                # a fact only one side has
    ("within 1 business day", "за 1–2 рабочих дня", []),                               # inside the other's range
    ("locked for 24 hours", "ссылка действует 60 минут", []),                          # too far apart to be one fact
    ("$5.95", "349 ₽", []),                                                           # other currency, other market
    ("You have 30 days.", "У вас 14 дней.", [("duration", ["30 days"], ["14 дней"])]),
    ("thirty days", "четырнадцать дней", [("duration", ["thirty days"], ["четырнадцать дней"])]),
    ("Plus costs $7.99", "Plus стоит $4.99", [("price in USD", ["$7.99"], ["$4.99"])]),
    ("iOS 16 or later", "iOS 15 или новее", [("iOS version", ["iOS 16"], ["iOS 15"])]),
    ("20% off", "скидка 25%", [("percentage", ["20%"], ["25%"])]),
])
def test_compare_reports_only_real_disagreements(en, ru, expected):
    assert kinds(en, ru) == expected


def test_describe_names_values_and_lines():
    [disagreement] = compare(extract("x\nYou have 30 days.", "en"), extract("У вас 14 дней.", "ru"))
    assert describe(disagreement, "en", "ru") == "en says 30 days (line 2), ru says 14 дней"


def write(root: Path, relative: str, body: str, locale: str) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\nid: refund\ntitle: Refund\nlocale: {locale}\nupdated: 2026-01-01\n---\n{body}\n",
                    encoding="utf-8")


def test_check_warns_on_the_translation_and_names_both_files(tmp_path):
    write(tmp_path, "en/billing/refund.md", "Ask within **14 days** of the charge.", "en")
    write(tmp_path, "ru/billing/refund.md", "Напишите в течение **7 дней** после списания.", "ru")
    result = check_content(tmp_path, ("en", "ru"), today=dt.date(2026, 2, 1))
    [problem] = result.problems
    assert (problem.path, problem.line, problem.severity) == (str(tmp_path / "ru/billing/refund.md"), 7, "warning")
    assert str(tmp_path / "en/billing/refund.md") in problem.message
    assert "en says 14 days (line 7), ru says 7 дней" in problem.message
    assert "<!-- local -->" in problem.message


def test_a_value_marked_local_is_not_compared(tmp_path):
    write(tmp_path, "en/billing/refund.md", "Records are kept for 10 years.", "en")
    write(tmp_path, "ru/billing/refund.md", "Чеки хранятся 5 лет. <!-- local -->", "ru")
    assert check_content(tmp_path, ("en", "ru"), today=dt.date(2026, 2, 1)).problems == []


def test_the_sample_help_center_agrees_with_itself():
    result = check_content(CONTENT, ("en", "ru"), today=dt.date(2026, 11, 1))
    assert [str(p) for p in result.problems if "disagrees with" in p.message] == []
    assert result.errors == []
