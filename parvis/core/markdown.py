"""Markdown, rendered and sanitised in one place.

markdown-it-py renders CommonMark (plus tables and strikethrough) with raw HTML disabled;
nh3 (Ammonia) then keeps only an allow-list of tags, attributes and URL schemes, so nothing
a writer types can run script in a reader's browser.

Headings take their place in the page's outline. A text sits under one of the page's
headings (`under`: the page's `<h1>` for a text of its own, a space's description or page; a
comment's author heading for a comment), so its outermost headings are one level below it
(`<h2>` under the `<h1>`), whether the writer typed `#` or `##`, and each heading goes one
level under its parent in the writer's outline (the nearest heading before it with fewer
`#`), capped at `<h6>`. So no level is ever skipped even where the writer jumped from `#` to
`###` (screen-reader users move by level and would find a hole), while going back up is
free, as in any outline.

Internal links: `[[Target]]` and `[[Target|label]]` are parsed for every text, and rendered
only for a caller that resolves them (`links`, an `InternalLinks` mapping each target it
found with `internal_link_targets` to its address and whether it exists; the wiki does). Any
other text keeps them as written. A missing page's link is marked `class="link-missing"`
with words for screen readers (`missing_label`), the only class the sanitiser lets through.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, NamedTuple

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline

_ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "s", "del", "code", "pre",
    "blockquote", "ul", "ol", "li", "a", "img", "table", "thead", "tbody", "tr", "th", "td",
    "span",
}  # fmt: skip
_ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "class"},
    "span": {"class"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
    "th": {"align"},
    "td": {"align"},
}
_URL_SCHEMES = {"http", "https", "mailto", "tel"}

#: The longest Markdown text a form accepts (about 15,000 words, a long regulation). Rendering
#: grows with the length (up to about 2 s for 100,000 characters of nested lists or tables on
#: a two-core machine), so a text without bound would tie up a worker for as long as it
#: likes; model fields holding Markdown declare `max_length=MARKDOWN_MAX_LENGTH`.
MARKDOWN_MAX_LENGTH = 100_000


def _place_headings(md: MarkdownIt) -> None:
    """Headings under the page's level `env["under"]` (1 unless told), never skipping one.

    Each heading goes one level under the nearest heading before it that the writer marked
    with fewer `#` (its parent in the writer's outline), or at the text's first level when
    there is none; the levels the writer typed only decide who is whose parent.
    """

    def place(state: StateCore) -> None:
        top = min(state.env.get("under", 1) + 1, 6)
        parents: list[tuple[int, int]] = []  # (level typed, level given), outermost first
        given = top
        for token in state.tokens:
            if token.type == "heading_open":
                typed = int(token.tag[1])
                while parents and parents[-1][0] >= typed:
                    parents.pop()
                given = min(parents[-1][1] + 1, 6) if parents else top
                parents.append((typed, given))
                token.tag = f"h{given}"
            elif token.type == "heading_close":
                token.tag = f"h{given}"

    md.core.ruler.push("parvis_place_headings", place)


def _align_cells_without_style(md: MarkdownIt) -> None:
    """Table alignment as an `align` attribute rather than inline `style`.

    The Content-Security-Policy forbids inline styles and the sanitiser drops them, so a
    column written `:-:` would silently lose its alignment.
    """

    def align(state: StateCore) -> None:
        for token in state.tokens:
            if token.type in ("th_open", "td_open"):
                style = str(token.attrs.pop("style", ""))
                side = style.removeprefix("text-align:")
                if side in ("left", "center", "right"):
                    token.attrs["align"] = side

    md.core.ruler.push("parvis_align_cells", align)


#: `[[Target]]` or `[[Target|label]]` on one line, without brackets inside.
INTERNAL_LINK = re.compile(r"\[\[([^\[\]\n|]+)(?:\|([^\[\]\n]*))?\]\]")
#: The only classes the sanitiser keeps, on what the renderer itself writes.
_CLASSES = {"a": {"link-missing"}, "span": {"visually-hidden"}}


class InternalLink(NamedTuple):
    target: str
    href: str
    exists: bool


class InternalLinks(NamedTuple):
    """How the internal links of one text resolve (hashable: rendering is cached)."""

    links: tuple[InternalLink, ...]
    #: Words after a missing page's label, for screen readers ("(page not written yet)").
    missing_label: str = ""

    def get(self, target: str) -> InternalLink | None:
        return next((link for link in self.links if link.target == target), None)


def internal_link_targets(text: str) -> list[str]:
    """The targets of the `[[…]]` links of `text`, stripped, in order, each once."""
    seen: dict[str, None] = {}
    for match in INTERNAL_LINK.finditer(text or ""):
        seen.setdefault(match.group(1).strip(), None)
    return [target for target in seen if target]


def _internal_links(md: MarkdownIt) -> None:
    def parse(state: StateInline, silent: bool) -> bool:
        match = INTERNAL_LINK.match(state.src, state.pos)
        if match is None or not match.group(1).strip():
            return False
        if not silent:
            token = state.push("internal_link", "", 0)
            token.meta = {
                "target": match.group(1).strip(),
                "label": (match.group(2) or "").strip() or match.group(1).strip(),
                "raw": match.group(0),
            }
        state.pos = match.end()
        return True

    def render(self: Any, tokens: Sequence[Any], idx: int, options: Any, env: Any) -> str:
        meta = tokens[idx].meta
        links: InternalLinks | None = env.get("links")
        link = links.get(meta["target"]) if links is not None else None
        if link is None:
            return html_lib.escape(meta["raw"])
        label = html_lib.escape(meta["label"])
        href = html_lib.escape(link.href)
        if link.exists:
            return f'<a href="{href}">{label}</a>'
        hidden = html_lib.escape(links.missing_label) if links is not None else ""
        return (
            f'<a href="{href}" class="link-missing">{label}'
            f'<span class="visually-hidden"> {hidden}</span></a>'
        )

    md.inline.ruler.before("link", "parvis_internal_link", parse)
    md.add_render_rule("internal_link", render)


def _build() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    _place_headings(md)
    _align_cells_without_style(md)
    _internal_links(md)
    return md


_md = _build()


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    # Images only from this site: the Content-Security-Policy would block others anyway,
    # and a remote image would tell a third party who reads the page.
    if tag == "img" and attribute == "src":
        return value if value.startswith("/") and not value.startswith("//") else None
    if attribute == "class":
        return value if value in _CLASSES.get(tag, set()) else None
    return value


@lru_cache(maxsize=2048)
def render_markdown(text: str, *, under: int = 1, links: InternalLinks | None = None) -> SafeString:
    """Safe HTML for `text`, its headings placed under the page's `<h{under}>`, its
    `[[internal links]]` resolved by `links` (kept as written without); the same input
    always gives the same output."""
    html = _md.render(text or "", {"under": under, "links": links})
    clean = nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        attribute_filter=_keep_attribute,
        strip_comments=True,
    )
    return mark_safe(clean)  # noqa: S308  (sanitised by nh3 just above)


def markdown_to_text(text: str) -> str:
    """Plain text of a Markdown document, for excerpts, feeds' summaries and search."""
    return html_lib.unescape(nh3.clean(_md.render(text or ""), tags=set())).strip()
