"""HTML → Markdown for imports (askdesk.kb.importers.html_markdown): unsafe HTML goes, structure stays."""
from askdesk.kb.importers.html_markdown import html_to_markdown
from askdesk.kb.old_urls import lookup_keys, path_problem


def test_unsafe_html_is_dropped_with_the_text_of_scripts_frames_and_forms():
    markdown = html_to_markdown('<p onclick="steal()">Hello <a href="javascript:alert(1)">there</a></p>'
                                '<script>alert("x")</script><style>p{}</style><iframe src="https://v">video</iframe>'
                                '<form><button>Buy</button></form><img src="x.png" onerror="steal()" alt="A chart">')
    assert "Hello there" in markdown
    for gone in ("steal", "alert", "javascript", "video", "Buy", "p{}"):
        assert gone not in markdown
    assert "![A chart](x.png)" in markdown


def test_headings_code_and_the_links_the_caller_rewrites_or_drops():
    seen = []

    def rewrite(tag, url):
        seen.append((tag, url))
        return {"/a": "a.md", "/gone": None}.get(url, url)

    markdown = html_to_markdown('<h1>Title</h1><h3>Part</h3><p><a href="/a">A</a>, <a href="/gone">gone</a>, '
                                '<a href="https://x.example/y z">ext</a></p><pre class="lang-python"><code>x = 1'
                                '</code></pre>', rewrite, drop_title="Title")
    assert markdown.startswith("### Part")
    assert "[A](a.md), gone, [ext](https://x.example/y%20z)" in markdown
    assert "```python\nx = 1\n```" in markdown
    assert ("a", "/a") in seen


def test_old_url_keys_ignore_case_slash_suffix_and_the_title_part():
    assert lookup_keys("https://acme.zendesk.com/hc/en-us/articles/360001-Reset-Password/") == [
        "/hc/en-us/articles/360001-reset-password", "/hc/en-us/articles/360001"]
    assert lookup_keys("/en/billing/Refunds.HTML") == ["/en/billing/refunds"]
    assert path_problem("/hc/en-us/articles/1") is None
    assert "without its scheme and host" in path_problem("https://acme.zendesk.com/hc/en-us/articles/1")


def test_an_article_that_is_only_a_video_is_skipped_and_links_to_it_stay_as_they_were(tmp_path):
    from askdesk.kb.check import check_content
    from askdesk.kb.importers.plan import plan_import
    from askdesk.kb.importers.records import SourceArticle, SourceExport

    export = SourceExport((
        SourceArticle("zendesk:1", "en-us", "Intro video", '<iframe src="https://video.example/1"></iframe>',
                      old_urls=("https://acme.zendesk.com/hc/en-us/articles/1-Intro",)),
        SourceArticle("zendesk:2", "en-us", "Getting started", '<p>Watch <a href="/hc/en-us/articles/1">the video</a>.</p>',
                      old_urls=("https://acme.zendesk.com/hc/en-us/articles/2-Start",)),
    ))
    plan = plan_import(export, ("en", "ru"))
    assert [f.article_id for f in plan.files] == ["getting-started"]
    assert "nothing is left of its body" in plan.skipped[0].reason
    assert [u.target for u in plan.unresolved] == ["/hc/en-us/articles/1"]
    for planned in plan.files:
        (tmp_path / planned.path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / planned.path).write_text(planned.text, encoding="utf-8")
    assert check_content(tmp_path, ("en", "ru")).errors == []
