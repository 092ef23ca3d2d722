"""Hostile text, and the checks that prove a rendering of it harmless.

Shared by the Markdown tests (`test_markdown.py`) and the one test that writes every payload
into every place Parvis shows what people write (`tests/test_bad_input.py`). Not a test
module itself: the checks are guarded by `test_markdown.py`, which shows they see what they
must see.
"""

from __future__ import annotations

import json
import re

from bs4 import BeautifulSoup

#: What sanitised Markdown may contain (the allow-list of `parvis.core.markdown`).
ALLOWED_TAGS = frozenset({
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "s", "del", "code", "pre",
    "blockquote", "ul", "ol", "li", "a", "img", "table", "thead", "tbody", "tr", "th", "td",
})  # fmt: skip
ALLOWED_ATTRIBUTES = frozenset({"href", "title", "src", "alt", "start", "align", "rel"})
SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "xlink:href", "background", "poster", "data"}
)
#: Elements that run, embed or restyle something: none may come from what people write.
ACTIVE_ELEMENTS = ["iframe", "frame", "object", "embed", "applet", "svg", "math", "base", "style"]

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</script>",
    "</script><script>alert(1)</script>",
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "<a href='&#106;avascript:alert(1)'>x</a>",
    "<body onload=alert(1)>",
    "<div onmouseover='alert(1)'>hover</div>",
    "<mark onclick=alert(1)>x</mark>",
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
    "<![CDATA[<script>alert(1)</script>]]>",
    "]]><script>alert(1)</script>",
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
    # Bare addresses, for whatever turns addresses into links (e-mails do).
    'http://a.example/"><script>alert(1)</script>',
    "https://a.example/<img src=x onerror=alert(1)>",
    "www.a.example/'onmouseover='alert(1)",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "&amp;lt;img src=x onerror=alert(1)&amp;gt;",
    # The search engines' highlight markers, which must not become tags of their own.
    "\x02<script>alert(1)</script>\x03",
    "`<script>alert(1)</script>`",
    "```html\n<script>alert(1)</script>\n```",
    "| a |\n|---|\n| <script>alert(1)</script> |",
    "# <img src=x onerror=alert(1)>",
    "> <iframe src=//evil.example>",
]


def scheme_of(url: str) -> str | None:
    """The scheme a browser would read in `url`, after the clean-up browsers do themselves.

    Browsers drop ASCII tab and newline anywhere in a URL and C0 controls and spaces at its
    ends, and compare schemes without regard to case.
    """
    cleaned = re.sub(r"[\t\n\r]", "", url).strip("".join(map(chr, range(0x21))))
    match = re.match(r"([a-zA-Z][a-zA-Z0-9+.\-]*):", cleaned)
    return match.group(1).lower() if match else None


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def _check_attributes(tag: object, attributes: dict) -> None:
    for attribute, value in attributes.items():
        value = " ".join(value) if isinstance(value, list) else str(value)
        assert not attribute.lower().startswith("on"), tag
        assert attribute.lower() != "srcdoc", tag
        if attribute.lower() in URL_ATTRIBUTES:
            scheme = scheme_of(value)
            assert scheme is None or scheme in SAFE_SCHEMES, tag
        if attribute.lower() == "style":
            assert not re.search(r"url\(|expression\(|javascript:", value, re.IGNORECASE), tag


def assert_harmless(html: str, *, extra_tags: frozenset[str] = frozenset()) -> None:
    """`html` (a fragment made from what someone wrote) holds only the sanitiser's allow-list:
    its tags (and `extra_tags`), its attributes, safe addresses, images from this site only."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(True):
        assert tag.name in ALLOWED_TAGS | extra_tags, tag
        for attribute in tag.attrs:
            assert attribute in ALLOWED_ATTRIBUTES, tag
        _check_attributes(tag, tag.attrs)
        if tag.name == "img" and "src" in tag.attrs:
            # Images only from this site: a site-relative path, never another host.
            assert tag["src"].startswith("/") and not tag["src"].startswith("//"), tag


def assert_page_runs_nothing_but_its_own_script(
    html: str, *, own_elements: frozenset[str] = frozenset()
) -> BeautifulSoup:
    """A whole page (or an HTML e-mail) runs only the site's own script files; the page,
    parsed, is returned for further checks.

    What the Content-Security-Policy allows, checked in the markup itself: script elements
    only with a `src` on this site's static files, or JSON-LD data blocks whose text can
    neither close the element nor open another; no event handler, no script address, no
    embedded document anywhere. `own_elements` are active elements the page itself brings
    (the back office's inline SVG icons): allowed, but nothing in them may run.
    """
    soup = BeautifulSoup(html, "html.parser")
    for script in soup.find_all("script"):
        if script.get("type") == "application/ld+json":
            text = script.string or ""
            assert "src" not in script.attrs, script
            assert "<" not in text and ">" not in text, script
            assert _is_json(text), script
        else:
            src = script.get("src", "")
            assert src.startswith("/static/"), script
            assert not (script.string or "").strip(), script
    for tag in soup.find_all(True):
        _check_attributes(tag, tag.attrs)
    assert [tag for tag in soup.find_all(ACTIVE_ELEMENTS) if tag.name not in own_elements] == []
    for tag in soup.find_all(list(own_elements)):
        assert tag.find_all(["script", "foreignobject", "foreignObject", "iframe"]) == [], tag
    assert soup.find_all("meta", attrs={"http-equiv": True}) == []
    return soup
