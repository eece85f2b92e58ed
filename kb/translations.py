"""Do the language versions of one article agree on their numbers?

Pure functions over text: :func:`extract` finds the quantities a reader acts on — durations,
prices, percentages and versions — in English or Russian, digits or common spelled-out numbers,
and normalises them (2 weeks = 14 days = 336 hours; "5,95 €" = "€5.95"). :func:`compare` puts
two versions side by side per kind of quantity. A kind disagrees only when each side has a value
the other lacks anywhere and the two are close ("30 days" against "14 дней"): how often a value is repeated, in which
order, facts that only one version mentions, a value inside the other's range ("1 day" and
"1–2 дня") and two values too far apart to be one fact ("24 hours" and "60 минут") are not
disagreements.

Only a number with a unit counts, so phone numbers, dates, years, order numbers, list numbering
and section numbers are not quantities. A line carrying ``<!-- local -->`` is left out: a price,
law or limit that is meant to differ between countries.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

LOCAL_MARK = "<!-- local -->"


@dataclass(frozen=True)
class Quantity:
    kind: str                   # "duration", "business days", "price in EUR", "percentage", "iOS version", …
    value: tuple                # normalised and comparable: (low, high) in the kind's base unit, or a version
    text: str                   # as written, for the message
    line: int


@dataclass(frozen=True)
class Disagreement:
    kind: str
    only_first: tuple[Quantity, ...]
    only_second: tuple[Quantity, ...]


_EN_UNITS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
             "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
             "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}
_EN_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
            "ninety": 90}
_RU_UNITS = {"один": 1, "одна": 1, "одну": 1, "одного": 1, "одной": 1, "одних": 1, "два": 2, "две": 2, "двух": 2,
             "три": 3, "трёх": 3, "трех": 3, "четыре": 4, "четырёх": 4, "четырех": 4, "пять": 5, "пяти": 5,
             "шесть": 6, "шести": 6, "семь": 7, "семи": 7, "восемь": 8, "восьми": 8, "девять": 9, "девяти": 9,
             "десять": 10, "десяти": 10, "двенадцать": 12, "двенадцати": 12, "четырнадцать": 14,
             "четырнадцати": 14, "пятнадцать": 15, "пятнадцати": 15}
_RU_TENS = {"двадцать": 20, "двадцати": 20, "тридцать": 30, "тридцати": 30, "сорок": 40, "сорока": 40,
            "пятьдесят": 50, "пятидесяти": 50, "шестьдесят": 60, "шестидесяти": 60, "девяносто": 90}
_EN_SPELLED = (r"(?:(?:" + "|".join(_EN_TENS) + r")(?:[- ](?:" + "|".join(k for k, v in _EN_UNITS.items() if 0 < v < 10)
               + r"))?|" + "|".join(sorted(_EN_UNITS, key=len, reverse=True)) + ")")
_RU_SPELLED = (r"(?:(?:" + "|".join(_RU_TENS) + r")(?:\s(?:" + "|".join(k for k, v in _RU_UNITS.items() if v < 10)
               + r"))?|" + "|".join(sorted(_RU_UNITS, key=len, reverse=True)) + ")")
_DIGITS = r"\d+(?:[.,]\d+)?"
_NUMBER = rf"(?:{_DIGITS}|{_EN_SPELLED}|{_RU_SPELLED})"
_DASH = r"\s*[-–—]\s*"

# unit pattern → (kind, factor to the kind's base unit: minutes for durations, months for months)
_DURATION_UNITS: list[tuple[str, str, int]] = [
    (r"(?:business|working)[- ]days?|рабоч(?:ий|их|его|ие)\s+(?:день|дня|дней|дн\.)", "business days", 1),
    (r"minutes?|mins?\b|минут[аы]?|мин\.", "duration", 1),
    (r"hours?|hrs?\b|час(?:а|ов)?|ч\.", "duration", 60),
    (r"(?:calendar[- ])?days?|день|дня|дней|дн\.|дневн\w*|суто?к(?:и)?", "duration", 1440),
    (r"weeks?|недел[яиьюе]|недель|недельн\w*", "duration", 10080),
    (r"months?|месяц(?:а|ев)?|мес\.|месячн\w*", "months", 1),
    (r"years?|год(?:а)?|лет|годичн\w*", "months", 12),
]
_UNIT_ALTERNATION = "|".join(f"(?P<u{i}>{pattern})" for i, (pattern, _, _) in enumerate(_DURATION_UNITS))
_DURATION = re.compile(rf"(?<![\w.,])(?P<low>{_NUMBER})(?:{_DASH}(?P<high>{_NUMBER}))?[- \u00a0]?(?:{_UNIT_ALTERNATION})"
                       r"(?!\w)", re.I)

_CURRENCIES = {"$": "USD", "usd": "USD", "dollar": "USD", "долл": "USD", "€": "EUR", "eur": "EUR", "euro": "EUR",
               "евро": "EUR", "₽": "RUB", "rub": "RUB", "руб": "RUB", "р.": "RUB", "rouble": "RUB", "ruble": "RUB",
               "£": "GBP", "gbp": "GBP"}
_MONEY_NUMBER = r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d+)?"
_CURRENCY_AFTER = r"[$€₽£]|USD|EUR|RUB|GBP|dollars?|euros?|евро|долл(?:ар(?:а|ов)?|\.)?|руб(?:л(?:ей|я|ь))?\.?|р\.|r(?:o)?ubles?"
_MONEY = re.compile(rf"(?:(?P<pre>[$€₽£]|\b(?:USD|EUR|RUB|GBP))\s?(?P<n1>{_MONEY_NUMBER})"
                    rf"|(?<![\w.,])(?P<n2>{_MONEY_NUMBER})\s?(?P<post>{_CURRENCY_AFTER}))(?![\w$€₽£])", re.I)
_PERCENT = re.compile(rf"(?<![\w.,])(?P<n>{_NUMBER})\s?(?:%|\s(?:percent|per cent|процент(?:а|ов)?)\b)", re.I)
_VERSION = re.compile(r"\b(?P<product>iOS|iPadOS|Android|macOS|Windows|version|versions|верси[яиюй])\s+(?P<v1>\d+(?:\.\d+)*)"
                      r"|(?<![\w.])v(?P<v2>\d+(?:\.\d+){0,2})\b"
                      r"|(?<![\w.])(?P<v3>\d{1,3}\.\d{1,3}\.\d{1,4})(?![\w.])", re.I)

_FENCE = re.compile(r"^\s*(```|~~~)")
_NOISE = re.compile(r"`[^`]*`|\]\([^)]*\)|<[^>]+>|https?://\S+|[\w.+-]+@[\w-]+\.[\w.]+|\{[^{}]*\}")
_PHONE = re.compile(r"\+?[\d(][\d ()\u00a0\-–.]{6,}\d")
_LINE_NUMBERING = re.compile(r"^\s*(?:#{1,6}\s+(?:\d+(?:\.\d+)*\.?\s+)?|(?:[-*+]\s+)?\d+(?:\.\d+)*[.)]\s+)")


def _number(text: str, locale: str) -> float:
    word = text.lower().replace("\u00a0", " ")
    if word[0].isdigit():
        if "," in word and locale == "en" and re.fullmatch(r"\d{1,3}(,\d{3})+", word):
            word = word.replace(",", "")
        return float(word.replace(" ", "").replace("\u202f", "").replace(",", "."))
    total = 0
    for part in re.split(r"[- ]", word):
        total += _EN_UNITS.get(part, _EN_TENS.get(part, _RU_UNITS.get(part, _RU_TENS.get(part, 0))))
    return float(total)


def _clean(line: str) -> str:
    line = _LINE_NUMBERING.sub(" ", line)
    line = _NOISE.sub(" ", line)
    return _PHONE.sub(lambda m: " " if sum(c.isdigit() for c in m.group()) >= 9 else m.group(), line)


def extract_line(line: str, locale: str, number: int = 1) -> list[Quantity]:
    """The quantities on one line of Markdown."""
    if LOCAL_MARK in line:
        return []
    text = _clean(line)
    found: list[Quantity] = []
    taken: list[tuple[int, int]] = []

    def free(span: tuple[int, int]) -> bool:
        return all(span[1] <= a or span[0] >= b for a, b in taken)

    for match in _MONEY.finditer(text):
        symbol = (match.group("pre") or match.group("post")).lower()
        currency = next(code for key, code in _CURRENCIES.items() if symbol.startswith(key))
        amount = _number(match.group("n1") or match.group("n2"), locale)
        found.append(Quantity(f"price in {currency}", (round(amount, 2),), match.group().strip(), number))
        taken.append(match.span())
    for match in _VERSION.finditer(text):
        if not free(match.span()):
            continue
        product = (match.group("product") or "").lower()
        product = "" if product.startswith(("version", "верси")) else product
        value = match.group("v1") or match.group("v2") or match.group("v3")
        if match.group("v3") and re.match(r"\d{1,2}\.\d{1,2}\.(\d{2}|\d{4})$", value) and int(value.split(".")[1]) <= 12 \
                and len(value.split(".")[2]) in (2, 4) and int(value.split(".")[0]) <= 31:
            continue  # 01.10.2026 and 1.10.26 are dates
        kind = f"{match.group('product')} version" if product else "version"
        found.append(Quantity(kind, (product, value), match.group().strip(), number))
        taken.append(match.span())
    for match in _PERCENT.finditer(text):
        if free(match.span()):
            found.append(Quantity("percentage", (_number(match.group("n"), locale),), match.group().strip(), number))
            taken.append(match.span())
    for match in _DURATION.finditer(text):
        if not free(match.span()):
            continue
        index = next(i for i in range(len(_DURATION_UNITS)) if match.group(f"u{i}"))
        _, kind, factor = _DURATION_UNITS[index]
        low = _number(match.group("low"), locale)
        high = _number(match.group("high"), locale) if match.group("high") else low
        if kind == "months" and factor == 12 and low >= 1900:
            continue  # "в 2024 году", "2023 year" are dates
        found.append(Quantity(kind, (low * factor, high * factor), match.group().strip(), number))
        taken.append(match.span())
    return sorted(found, key=lambda q: text.find(q.text))


def article_lines(text: str) -> Iterable[tuple[int, str]]:
    """(line number, line) of a Markdown file that state facts: the title, summary and questions of
    the front matter and the body, without code blocks and HTML comments."""
    lines = text.splitlines()
    start = 0
    if lines and lines[0].strip() == "---":
        key = ""
        for i in range(1, len(lines)):
            if lines[i].strip() in ("---", "..."):
                start = i + 1
                break
            head = re.match(r"^([A-Za-z_]+):", lines[i])
            key = head.group(1) if head else key
            if key in ("title", "summary", "questions"):
                yield i + 1, lines[i][len(key) + 1:] if head else lines[i]
        else:
            return
    in_fence = in_comment = False
    for i in range(start, len(lines)):
        line = lines[i]
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        if in_comment or "<!--" in line:
            if LOCAL_MARK in line:
                continue
            opened = line.rfind("<!--")
            in_comment = opened > line.rfind("-->") if opened >= 0 else "-->" not in line
            line = re.sub(r"<!--.*?(-->|$)", " ", line)
        yield i + 1, line


def extract(text: str, locale: str) -> list[Quantity]:
    """Every quantity in a Markdown file, with its line number."""
    return [q for number, line in article_lines(text) for q in extract_line(line, locale, number)]


def _overlaps(a: Quantity, b: Quantity) -> bool:
    """Versions must be equal; amounts agree when their ranges overlap ("1 day" and "1–2 дня")."""
    if a.kind.endswith("version"):
        return a.value == b.value
    return a.value[0] <= b.value[-1] and b.value[0] <= a.value[-1]


def _close(a: Quantity, b: Quantity, ratio: float) -> bool:
    """Could these two be the same fact told differently? Versions of one product always could;
    amounts when they are within ``ratio`` of each other ("30 days" and "14 дней", not "24 hours"
    and "60 минут", which are two facts)."""
    if a.kind.endswith("version"):
        return True
    mid_a, mid_b = sum(a.value) / len(a.value), sum(b.value) / len(b.value)
    return min(mid_a, mid_b) > 0 and max(mid_a, mid_b) / min(mid_a, mid_b) <= ratio


def compare(first: Iterable[Quantity], second: Iterable[Quantity], ratio: float = 3.0) -> list[Disagreement]:
    """Kinds in which each version has a value that the other lacks and that is close enough to one
    of the other's own to be the same fact told differently (see :func:`_close`)."""
    by_kind: dict[str, tuple[list[Quantity], list[Quantity]]] = {}
    for side, quantities in enumerate((first, second)):
        for quantity in quantities:
            by_kind.setdefault(quantity.kind, ([], []))[side].append(quantity)
    found = []
    for kind, (a, b) in sorted(by_kind.items()):
        only_a = [q for q in a if not any(_overlaps(q, other) for other in b)]
        only_b = [q for q in b if not any(_overlaps(q, other) for other in a)]
        paired_a = tuple(q for q in only_a if any(_close(q, other, ratio) for other in only_b))
        paired_b = tuple(q for q in only_b if any(_close(q, other, ratio) for other in only_a))
        if paired_a and paired_b:
            found.append(Disagreement(kind, paired_a, paired_b))
    return found


def _said(quantities: tuple[Quantity, ...]) -> str:
    texts = list(dict.fromkeys(q.text for q in quantities))
    return ", ".join(texts[:4]) + (f" (+{len(texts) - 4} more)" if len(texts) > 4 else "")


def describe(disagreement: Disagreement, first_locale: str, second_locale: str) -> str:
    """'en says 30 days, ru says 14 дней' with the lines of each."""
    d = disagreement
    lines_a = ", ".join(str(n) for n in sorted({q.line for q in d.only_first}))
    return f"{first_locale} says {_said(d.only_first)} (line {lines_a}), {second_locale} says {_said(d.only_second)}"
