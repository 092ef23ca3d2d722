"""Markdown written by anyone renders to HTML that cannot run script in a reader's browser."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from parvis.core.markdown import markdown_to_text, render_markdown

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "s", "del", "code", "pre",
    "blockquote", "ul", "ol", "li", "a", "img", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"href", "title", "src", "alt", "start", "align", "rel"}
SAFE_SCHEMES = {"http", "https", "mailto", "tel"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "background", "poster"}

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "<a href='&#106;avascript:alert(1)'>x</a>",
    "<body onload=alert(1)>",
    "<div onmouseover='alert(1)'>hover</div>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<form action="javascript:alert(1)"><button>go</button></form>',
    '<input autofocus onfocus="alert(1)">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<link rel="stylesheet" href="javascript:alert(1)">',
    "<!-- --><script>alert(1)</script><!-- -->",
    "[x](javascript:alert(1))",
    "[x](JAVASCRIPT:alert(1))",
    "[x](  JaVaScRiPt:alert(1))",
    "[x](<javascript:alert(1)>)",
    "[x](&#106;avascript:alert(1))",
    "[x](&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1))",
    "[x](javascript&colon;alert(1))",
    "[x](java&#x09;script:alert(1))",
    "[x](java%0ascript:alert(1))",
    "[x](\x01javascript:alert(1))",
    "[x](vbscript:msgbox(1))",
    "[x](VbScRiPt:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](DATA:text/html,<script>alert(1)</script>)",
    "[x](file:///etc/passwd)",
    '[x](http://a.example/"onmouseover="alert(1))',
    '[x](http://a.example/ "title" onclick="alert(1)")',
    "![x](javascript:alert(1))",
    "![x](JaVaScRiPt:alert(1))",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "![x](data:image/png;base64,iVBORw0KGgo=)",
    "![x](vbscript:msgbox(1))",
    '![x" onerror="alert(1)](/media/a.png)',
    '![x](/media/a.png" onerror="alert(1))',
    "[![x](javascript:alert(1))](javascript:alert(2))",
    "[x][ref]\n\n[ref]: javascript:alert(1)",
    "[x][ref]\n\n[ref]: <javascript:alert(1)> 'title'",
    "![x][img]\n\n[img]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "<JAVASCRIPT:alert(1)>",
    "<vbscript:msgbox(1)>",
    "<data:text/html,<script>alert(1)</script>>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "`<script>alert(1)</script>`",
    "```html\n<script>alert(1)</script>\n```",
    "| a |\n|---|\n| <script>alert(1)</script> |",
    "# <img src=x onerror=alert(1)>",
    "> <iframe src=//evil.example>",
]


def _scheme(url: str) -> str | None:
    """The scheme a browser would read in `url`, after the clean-up browsers do themselves.

    Browsers drop ASCII tab and newline anywhere in a URL and C0 controls and spaces at its
    ends, and compare schemes without regard to case.
    """
    cleaned = re.sub(r"[\t\n\r]", "", url).strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08 \x0b\x0c")
    match = re.match(r"([a-zA-Z][a-zA-Z0-9+.\-]*):", cleaned)
    return match.group(1).lower() if match else None


def assert_harmless(html: str) -> None:
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(True):
        assert tag.name in ALLOWED_TAGS, tag
        for attribute, value in tag.attrs.items():
            assert attribute in ALLOWED_ATTRIBUTES, tag
            assert not attribute.lower().startswith("on"), tag
            if attribute in URL_ATTRIBUTES:
                scheme = _scheme(value)
                assert scheme is None or scheme in SAFE_SCHEMES, tag
        if tag.name == "img" and "src" in tag.attrs:
            # Images only from this site: a site-relative path, never another host.
            assert tag["src"].startswith("/") and not tag["src"].startswith("//"), tag


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_no_payload_gives_an_executable_construct(payload):
    html = str(render_markdown(payload))

    assert_harmless(html)
    assert "<script" not in html.lower()


def test_the_scheme_reader_of_these_tests_sees_what_a_browser_sees():
    # Guards the checker itself: were it blind, every payload above would pass.
    assert _scheme("JaVa\tScRiPt:alert(1)") == "javascript"
    assert _scheme(" \x01vbscript:x") == "vbscript"
    assert _scheme("/relative/path") is None
    assert _scheme("java%09script:x") is None
    with pytest.raises(AssertionError):
        assert_harmless('<a href="javascript:alert(1)">x</a>')
    with pytest.raises(AssertionError):
        assert_harmless('<p onclick="x()">x</p>')
    with pytest.raises(AssertionError):
        assert_harmless('<img src="https://evil.example/a.png">')


def test_headings_are_shifted_one_level_down_since_the_page_has_its_own_h1():
    html = str(render_markdown("# Title\n\n## Part\n\n##### Deep\n\n###### Deepest"))

    soup = BeautifulSoup(html, "html.parser")
    assert [(tag.name, tag.text) for tag in soup.find_all(True)] == [
        ("h2", "Title"),
        ("h3", "Part"),
        ("h6", "Deep"),
        ("h6", "Deepest"),
    ]


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
