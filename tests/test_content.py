"""Reading content: front matter, passages, directives, and every kind of bad input."""
from pathlib import Path

import pytest

from askdesk.kb.check import check_content
from askdesk.kb.loader import load_content
from askdesk.kb.markdown_text import expand_directives, resolve_includes, split_passages

from support.paths import FIXTURE_KB, LOCALES, REPO


def write(root: Path, relative: str, text: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_fixture_kb_loads_with_front_matter_fields():
    result = load_content(FIXTURE_KB, LOCALES)
    assert result.problems == []
    by_key = {a.key: a for a in result.articles}
    article = by_key["en:reset-password"]
    assert article.title == "Reset your password"
    assert article.category == "account"
    assert article.tags == ["login", "password", "popular"]
    assert article.aliases == ["password recovery"]
    assert article.updated == "2026-10-01"
    assert [p.anchor for p in article.passages] == ["", "reset-it-from-the-sign-in-page", "the-e-mail-did-not-arrive"]
    assert by_key["en:refund-approval"].audience == "internal"
    assert by_key["en:loyalty-points"].status == "draft"
    assert by_key["ru:reset-password"].id == by_key["en:reset-password"].id  # translations share the id


def test_id_defaults_from_the_path_and_locale_from_the_folder(tmp_path):
    write(tmp_path, "ru/billing/refunds.md", "# Возвраты\n\nДеньги вернутся за 5 дней.\n")
    [article] = load_content(tmp_path, LOCALES).articles
    assert (article.id, article.locale, article.title) == ("billing/refunds", "ru", "Возвраты")


def test_broken_yaml_names_file_and_line(tmp_path):
    path = write(tmp_path, "en/a.md", "---\ntitle: ok\ntags: [unclosed\nstatus: published\n---\nBody\n")
    result = load_content(tmp_path, LOCALES)
    assert result.articles == []
    [problem] = result.errors
    assert problem.path == str(path)
    assert problem.line in (3, 4, 5)
    assert "not valid YAML" in problem.message


def test_yaml_errors_point_at_the_line_to_fix_not_where_yaml_gave_up(tmp_path):
    front = ["id: reset-password", 'title: "Reset your password', "category: account", "tags: [login]",
             "questions: [I forgot my password]", "audience: public", "status: published", "updated: 2026-10-14"]
    path = write(tmp_path, "en/a.md", "---\n" + "\n".join(front) + "\n---\nBody\n")   # the closing --- is line 10
    [problem] = load_content(tmp_path, LOCALES).errors
    assert (problem.path, problem.line) == (str(path), 3)
    assert "quoted value is not closed" in problem.message and "line 10" in problem.message
    front[6] = 'summary: Click "Forgot password?" on the sign-in page'   # a later quote ends the runaway one
    write(tmp_path, "en/a.md", "---\n" + "\n".join(front) + "\n---\nBody\n")
    [problem] = load_content(tmp_path, LOCALES).errors
    assert problem.line == 3 and "quoted value is not closed" in problem.message and "line 8" in problem.message
    write(tmp_path, "en/a.md", "---\nid: a\ntitle: A\ntags: [login, password\ncategory: account\n---\nBody\n")
    [problem] = load_content(tmp_path, LOCALES).errors
    assert problem.line == 4 and "`[` list is not closed" in problem.message
    write(tmp_path, "en/a.md", "---\nid: a\ntitle: A\nsummary: Note: it works\n---\nBody\n")
    [problem] = load_content(tmp_path, LOCALES).errors
    assert problem.line == 4 and "quote a value that contains `: `" in problem.message


def test_duplicate_id_unknown_locale_empty_body_bad_status(tmp_path):
    write(tmp_path, "en/a.md", "---\nid: same\ntitle: A\n---\nText\n")
    write(tmp_path, "en/b.md", "---\nid: same\ntitle: B\n---\nText\n")
    write(tmp_path, "en/c.md", "---\nid: c\ntitle: C\nlocale: xx\n---\nText\n")
    write(tmp_path, "en/d.md", "---\nid: d\ntitle: D\n---\n\n")
    write(tmp_path, "en/e.md", "---\nid: e\ntitle: E\nstatus: live\n---\nText\n")
    result = load_content(tmp_path, LOCALES)
    messages = {Path(p.path).name: (p.line, p.message) for p in result.errors}
    assert [a.id for a in result.articles] == ["same"]
    assert "duplicate id 'same'" in messages["b.md"][1] and "a.md" in messages["b.md"][1]
    assert messages["c.md"] == (4, "unknown locale 'xx'; use one of en, ru or add it to the `locales` setting")
    assert "no body text" in messages["d.md"][1]
    assert messages["e.md"][0] == 4 and "status 'live'" in messages["e.md"][1]


def test_not_utf8_is_an_error_not_a_crash(tmp_path):
    path = tmp_path / "en" / "latin1.md"
    path.parent.mkdir(parents=True)
    path.write_bytes("---\ntitle: Caf\xe9\n---\nBody\n".encode("latin-1"))
    [problem] = load_content(tmp_path, LOCALES).errors
    assert "not UTF-8" in problem.message


def test_site_directives_are_understood_or_stripped():
    source = ("# {heading(Create a VM)[id=vm-create]}\n"
              "Use {linkto(../net/net.md#net-create)[text=the network guide]} in {var(cloud)}.\n"
              "{ifdef(public)}Public text.{/ifdef}{ifdef(private)}Private text.{/ifdef}"
              "{ifndef(public)}Not public.{/ifndef}\n{note:info}\nA note.\n{/note}\n{tabs}\n{tab(CLI)}\nRun it.\n{/tab}\n{/tabs}\n"
              "{unknown(x)[y=z]}kept {tab(Linux (bash) / macOS (zsh))} code ${var.image}")
    text = expand_directives(source)
    assert "Create a VM {#vm-create}" in text
    assert "[the network guide](../net/net.md#net-create)" in text
    assert "Public text." in text and "Private text." not in text and "Not public." not in text
    assert "{" not in text.replace("{#vm-create}", "").replace("${var.image}", "")
    assert "A note." in text and "**CLI**" in text and "kept" in text
    assert "**Linux (bash) / macOS (zsh)**" in text and "${var.image}" in text  # nested brackets; code kept


def test_includes_are_inlined_with_tags_and_never_leave_the_root(tmp_path):
    root = tmp_path / "docs"
    write(root, "en/_includes/frag.md", "{includetag(a)}Alpha{/includetag}{includetag(b)}Beta{/includetag}")
    write(tmp_path, "outside.md", "SECRET")
    doc = "Start {include(/en/_includes/frag.md)[tags=b]} {include(../../../outside.md)} end"
    text = resolve_includes(doc, root / "en" / "x", root)
    assert "Beta" in text and "Alpha" not in text and "SECRET" not in text


def test_passages_split_at_headings_with_unique_anchors():
    passages = split_passages("Intro\n## Step\none\n## Step\ntwo\n```\n## not a heading\n```\n", "Title")
    assert [(p.heading, p.anchor) for p in passages] == [("Title", ""), ("Step", "step"), ("Step", "step-2")]
    assert "not a heading" in passages[2].text


def test_check_finds_broken_links_and_links_to_internal(tmp_path):
    write(tmp_path, "en/a.md", "---\nid: a\ntitle: A\n---\nSee [b](b.md#missing), [c](c.md), [i](i.md).\n\n## Here\nx\n")
    write(tmp_path, "en/b.md", "---\nid: b\ntitle: B\n---\nBack to [a](a.md#here).\n")
    write(tmp_path, "en/i.md", "---\nid: i\ntitle: I\naudience: internal\n---\nSecret.\n")
    messages = [p.message for p in check_content(tmp_path, LOCALES).errors]
    assert any("no heading with anchor #missing" in m for m in messages)
    assert any("'c.md': no such file" in m for m in messages)
    assert any("public article links to internal" in m for m in messages)
    assert len(messages) == 3


def test_sample_content_has_no_problems():
    result = check_content(REPO / "content", LOCALES)
    assert [str(p) for p in result.problems] == []
    public = [a for a in result.articles if a.is_public]
    assert sum(a.locale == "en" for a in public) >= 40 and sum(a.locale == "ru" for a in public) >= 40
    assert sum(a.audience == "internal" for a in result.articles) >= 5
    assert sum(a.status == "draft" for a in result.articles) >= 2


VK_DOCS = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "vk-cloud-docs" / "docs"


@pytest.mark.slow   # 2,000+ real pages (about 2 s)
@pytest.mark.skipif(not VK_DOCS.is_dir(), reason="needs ../shared/datasets/vk-cloud-docs")
def test_real_documentation_site_markup_is_understood_or_stripped():
    import re

    result = load_content(VK_DOCS, LOCALES)
    assert len(result.articles) > 2000
    assert all("no body text" in p.message for p in result.errors)  # pages made only of sub-page lists
    leftover = re.compile(r"(?<!\$)\{/?(heading|linkto|include|includetag|ifdef|ifndef|note|tabs?|cut|var|caption)\b")
    offenders = [a.path for a in result.articles
                 if leftover.search(a.title) or any(leftover.search(p.text + p.heading) for p in a.passages)]
    assert offenders == []
    by_key = {a.key: a for a in result.articles}
    assert by_key["ru:computing/iaas/instructions/vm/vm-create"].title == "Создание ВМ"
    assert sum(1 for a in result.articles if a.locale == "en" and ("ru:" + a.id) in by_key) > 600
