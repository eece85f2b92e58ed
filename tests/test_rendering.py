"""Article pages keep nested lists nested; snippets keep table cells apart."""
from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from askdesk.api.pages import render_markdown
from askdesk.kb.loader import split_front_matter
from askdesk.kb.markdown_text import normalise_list_indentation, plain_text, split_passages

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "rendering" / "nested-lists.md"
ROOT = Path(__file__).resolve().parent.parent


class Tree(HTMLParser):
    """The element tree as nested dicts (tag, children, parts in document order)."""

    def __init__(self) -> None:
        super().__init__()
        self.root: dict = {"tag": "root", "children": [], "parts": []}
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = {"tag": tag, "children": [], "parts": []}
        self.stack[-1]["children"].append(node)
        self.stack[-1]["parts"].append(node)
        self.stack.append(node)

    def handle_endtag(self, tag):
        while len(self.stack) > 1:
            if self.stack.pop()["tag"] == tag:
                break

    def handle_data(self, data):
        self.stack[-1]["parts"].append(data)


def parse(html: str) -> dict:
    tree = Tree()
    tree.feed(html)
    return tree.root


def text(node: dict) -> str:
    return "".join(p if isinstance(p, str) else text(p) for p in node["parts"]).strip()


def kids(node: dict, tag: str) -> list[dict]:
    return [c for c in node["children"] if c["tag"] == tag]


def body(path: Path) -> str:
    return split_front_matter(path.read_text(encoding="utf-8"))[1]


def test_steps_keep_their_numbering_around_a_nested_list():
    root = parse(render_markdown(body(FIXTURE)))
    first_ol = kids(root, "ol")[0]
    items = kids(first_ol, "li")
    assert len(items) == 4                                  # the nested bullets are not steps 3 and 4
    assert text(items[2]) == "Print the label." and "start" not in first_ol
    [nested] = kids(items[1], "ul")
    assert [text(li) for li in kids(nested, "li")] == ["US: drop off at UPS.", "EU: drop off at DHL."]


def test_two_space_bullets_nest_two_levels():
    root = parse(render_markdown(body(FIXTURE)))
    fruit, vegetables = kids(kids(root, "ul")[0], "li")
    assert text(vegetables) == "Vegetables"
    apples, pears = kids(kids(fruit, "ul")[0], "li")
    assert text(pears) == "Pears"
    assert [text(li) for li in kids(kids(apples, "ul")[0], "li")] == ["Green ones"]


def test_paragraphs_inside_an_item_stay_in_it():
    root = parse(render_markdown(body(FIXTURE)))
    install, done = kids(kids(root, "ol")[1], "li")
    assert [text(p) for p in kids(install, "p")] == ["Install:", "Then restart."]
    assert text(done) == "Done."
    assert text(kids(root, "pre")[-1]) == "indented code, not a list"


def test_return_item_page_numbers_its_five_steps():
    root = parse(render_markdown(body(ROOT / "content" / "en" / "orders" / "return-item.md")))
    steps = kids(kids(root, "ol")[0], "li")
    assert len(steps) == 5
    assert text(steps[3]).startswith("Print the prepaid return label")
    assert [text(li)[:2] for li in kids(kids(steps[2], "ul")[0], "li")] == ["US", "EU"]


def test_lines_outside_lists_are_untouched():
    source = "Text\n  indented two\n\n    code\n\n- a\nlazy line\n\n# Title\n```\n  - in code\n```"
    assert normalise_list_indentation(source) == source


def test_a_fenced_block_moves_with_its_item():
    source = "1. Run:\n   ```\n   make\n     indented\n   ```\n2. Done"
    assert normalise_list_indentation(source) == "1. Run:\n    ```\n    make\n      indented\n    ```\n2. Done"


def test_table_cells_stay_apart_in_plain_text():
    table = "| When | What happens |\n|---|---|\n| Days 1–14 | The account is **deactivated**. |\n| Day 15 | Deleted |"
    assert plain_text(table) == "When · What happens\nDays 1–14 · The account is deactivated.\nDay 15 · Deleted"


def test_a_table_without_outer_pipes_and_an_escaped_pipe():
    assert plain_text("a | b\n---|---\nx \\| y | z") == "a · b\nx | y · z"


def test_passages_of_a_table_read_as_rows():
    [intro, costs] = split_passages("Intro.\n\n## Costs\n\n| Reason | Price |\n|---|---|\n| Courier | 349 ₽ |", "T")
    assert costs.text == "Reason · Price\nCourier · 349 ₽"
