"""Markdown written by anyone renders to HTML that cannot run script in a reader's browser."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.template import Context, Template

from parvis.core.markdown import markdown_to_text, render_markdown
from parvis.core.tests.xss import (
    XSS_PAYLOADS,
    assert_harmless,
    assert_page_runs_nothing_but_its_own_script,
    scheme_of,
)


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_no_payload_gives_an_executable_construct(payload):
    html = str(render_markdown(payload))

    assert_harmless(html)
    assert "<script" not in html.lower()


def test_the_scheme_reader_of_these_tests_sees_what_a_browser_sees():
    # Guards the checker itself: were it blind, every payload above would pass.
    assert scheme_of("JaVa\tScRiPt:alert(1)") == "javascript"
    assert scheme_of(" \x01vbscript:x") == "vbscript"
    assert scheme_of("/relative/path") is None
    assert scheme_of("java%09script:x") is None
    with pytest.raises(AssertionError):
        assert_harmless('<a href="javascript:alert(1)">x</a>')
    with pytest.raises(AssertionError):
        assert_harmless('<p onclick="x()">x</p>')
    with pytest.raises(AssertionError):
        assert_harmless('<img src="https://evil.example/a.png">')
    with pytest.raises(AssertionError):
        assert_harmless("<mark>x</mark>")
    assert_harmless("<mark>x</mark>", extra_tags=frozenset({"mark"}))


PAGE = (
    '<html><head><script src="/static/parvis/js/parvis.js"></script>'
    '<script type="application/ld+json">{{"headline":"a \\u003c b"}}</script></head>'
    "<body>{}</body></html>"
)


def test_the_page_checker_of_these_tests_sees_an_injected_script():
    # Guards the checker of whole pages and e-mails, as above.
    assert_page_runs_nothing_but_its_own_script(PAGE.format("<p>ok</p>"))
    for injected in (
        "<script>alert(1)</script>",
        '<script src="//evil.example/x.js"></script>',
        '<script type="application/ld+json">{"a":"</script><script>alert(1)</script>"}</script>',
        '<img src="x" onerror="alert(1)">',
        '<a href="javascript:alert(1)">x</a>',
        '<form action=" data:text/html,x"></form>',
        '<p style="background:url(javascript:alert(1))">x</p>',
        "<iframe></iframe>",
        "<svg></svg>",
        '<meta http-equiv="refresh" content="0;url=/">',
    ):
        with pytest.raises(AssertionError):
            assert_page_runs_nothing_but_its_own_script(PAGE.format(injected))


def headings(html: object) -> list[tuple[str, str]]:
    soup = BeautifulSoup(str(html), "html.parser")
    return [(tag.name, tag.text) for tag in soup.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])]


def test_headings_go_under_the_pages_h1_and_never_skip_a_level():
    html = render_markdown("# Title\n\n## Part\n\n##### Deep\n\n###### Deepest\n\n# Second")

    assert headings(html) == [
        ("h2", "Title"),
        ("h3", "Part"),
        ("h4", "Deep"),  # "#####" right after "##": one level deeper, not three
        ("h5", "Deepest"),
        ("h2", "Second"),  # going back up is free
    ]


def test_a_text_that_starts_at_a_deeper_level_starts_just_under_the_page():
    html = render_markdown("### Opening hours\n\nAll week.\n\n#### Sunday\n\n## Prices")

    assert headings(html) == [("h2", "Opening hours"), ("h3", "Sunday"), ("h2", "Prices")]


def test_a_text_under_a_deeper_heading_starts_below_it_and_stops_at_h6():
    text = "# Question\n\n## Detail\n\n### Detail of the detail\n\n#### Further"

    assert headings(render_markdown(text, under=3)) == [
        ("h4", "Question"),
        ("h5", "Detail"),
        ("h6", "Detail of the detail"),
        ("h6", "Further"),
    ]
    assert headings(render_markdown("# Reply", under=6)) == [("h6", "Reply")]


def test_the_template_filter_takes_the_heading_the_text_sits_under():
    template = Template('{% load parvis %}{{ body|markdown }}|{{ body|markdown:"h4" }}')

    html = template.render(Context({"body": "# Title"}))

    assert html == "<h2>Title</h2>\n|<h5>Title</h5>\n"


def test_tables_keep_their_structure_and_alignment_without_inline_style():
    html = str(render_markdown("| Day | Opening |\n|---|:-:|\n| Monday | 9:00 |"))

    soup = BeautifulSoup(html, "html.parser")
    assert [th.text for th in soup.select("table thead th")] == ["Day", "Opening"]
    assert [td.text for td in soup.select("table tbody td")] == ["Monday", "9:00"]
    assert [td.get("align") for td in soup.select("td")] == [None, "center"]
    assert soup.find(style=True) is None


def test_lists_render_with_their_start_number():
    html = str(render_markdown("- bread\n- milk\n\n3. third\n4. fourth"))

    soup = BeautifulSoup(html, "html.parser")
    assert [li.text for li in soup.select("ul > li")] == ["bread", "milk"]
    assert soup.ol["start"] == "3"
    assert [li.text for li in soup.select("ol > li")] == ["third", "fourth"]


def test_links_tell_the_browser_not_to_share_the_page_or_vouch_for_the_target():
    html = str(
        render_markdown(
            "[town](https://www.example.org/) <https://a.example/> [mail](mailto:a@b.c)"
        )
    )

    links = BeautifulSoup(html, "html.parser").find_all("a")
    assert [link["href"] for link in links] == [
        "https://www.example.org/",
        "https://a.example/",
        "mailto:a@b.c",
    ]
    for link in links:
        assert link["rel"] == ["noopener", "noreferrer", "nofollow"]


def test_images_are_kept_only_from_site_relative_paths():
    html = str(
        render_markdown(
            "![map](/media/spaces/map.png 'The map')\n\n"
            "![tracker](https://tracker.example/pixel.gif)\n\n"
            "![other host](//tracker.example/pixel.gif)"
        )
    )

    images = BeautifulSoup(html, "html.parser").find_all("img")
    assert [(img.get("src"), img["alt"]) for img in images] == [
        ("/media/spaces/map.png", "map"),
        (None, "tracker"),
        (None, "other host"),
    ]
    assert images[0]["title"] == "The map"


def test_raw_html_is_shown_as_text_not_interpreted():
    html = str(render_markdown("Hello <b>world</b> & friends"))

    assert html == "<p>Hello &lt;b&gt;world&lt;/b&gt; &amp; friends</p>\n"


def test_markdown_to_text_gives_the_words_without_markup():
    assert markdown_to_text("# Title\n\nSome *stressed* & [linked](https://a.example/) words") == (
        "Title\nSome stressed & linked words"
    )


# --- internal links ([[Target]], [[Target|label]]) ------------------------------------------


def _links():
    from parvis.core.markdown import InternalLink, InternalLinks

    return InternalLinks(
        (
            InternalLink("Mairie", "/wiki/mairie/", True),
            InternalLink("Gare", "/wiki/new/?title=Gare", False),
        ),
        missing_label="(page not written yet)",
    )


def test_internal_links_resolve_for_a_caller_that_gives_them():
    html = str(
        render_markdown("Voir [[Mairie]] et [[Gare|la gare]], `[[Mairie]]`.", links=_links())
    )

    soup = BeautifulSoup(html, "html.parser")
    assert [(a.get_text(), a["href"], a.get("class")) for a in soup.select("a")] == [
        ("Mairie", "/wiki/mairie/", None),
        ("la gare (page not written yet)", "/wiki/new/?title=Gare", ["link-missing"]),
    ]
    assert soup.select_one("a.link-missing span.visually-hidden").get_text() == (
        " (page not written yet)"
    )
    assert soup.select_one("code").get_text() == "[[Mairie]]"


def test_internal_links_stay_as_written_elsewhere_and_classes_cannot_be_typed():
    text = "Voir [[Mairie]] et [[Autre page]]."

    assert str(render_markdown(text)) == "<p>Voir [[Mairie]] et [[Autre page]].</p>\n"
    assert "[[Autre page]]" in str(render_markdown(text, links=_links()))
    typed = str(render_markdown('<a class="link-missing">x</a> <span class="evil">y</span>'))
    assert "<a" not in typed and "<span" not in typed


def test_internal_link_targets_are_listed_once_in_order():
    from parvis.core.markdown import internal_link_targets

    assert internal_link_targets("[[B]] [[ A | a ]] [[B|b]] [[|x]]") == ["B", "A"]
