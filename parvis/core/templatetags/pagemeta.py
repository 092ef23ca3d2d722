"""What a page says about itself in its <head>: title, description, canonical address,
language versions, OpenGraph and Twitter card tags. `base.html` is the only user.

Pages fill blocks (`title`, `description`, `image`, `image_alt`, `og_type`); `base.html`
captures each once (`{% capture %}`) and writes it wherever it is needed, so that the
<title>, the meta description and the link previews always say the same thing.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import cache

from django import template
from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpRequest
from django.template.base import Parser, Token
from django.templatetags.static import static
from django.utils.html import conditional_escape, format_html, format_html_join, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from PIL import Image, UnidentifiedImageError

from parvis.core.links import absolute_url
from parvis.core.paths import page_path_in
from parvis.core.town import current_town

register = template.Library()

#: The query parameters that choose what a page shows; the others (tracking, filters of a
#: form) do not make another page, and are left out of its canonical address.
CANONICAL_PARAMETERS = ("q", "page")

#: OpenGraph wants a territory with the language.
OG_LOCALES = {"fr": "fr_FR", "en": "en_GB"}


class CaptureNode(template.Node):
    # Declared so that {% extends %} finds the {% block %} tags inside a capture.
    child_nodelists = ("nodelist",)

    def __init__(self, nodelist: template.NodeList, name: str) -> None:
        self.nodelist = nodelist
        self.name = name

    def render(self, context: template.Context) -> str:
        # Captured as the text a reader sees (tags dropped, entities decoded, one space
        # between words where the markup had white space), not as markup: every place it goes (<title>, an attribute) escapes
        # it once. Kept as HTML, sanitised Markdown would carry its unescaped quotes into
        # an attribute and close it.
        rendered = strip_tags(self.nodelist.render(context))
        # (Only the white space of the markup: French keeps its non-breaking spaces.)
        context[self.name] = re.sub(r"[ \t\r\n\f]+", " ", html.unescape(rendered)).strip()
        return ""


@register.tag
def capture(parser: Parser, token: Token) -> CaptureNode:
    """`{% capture as name %}…{% endcapture %}`: render the content into `name`, show nothing.

    Outside any block, so that `name` is seen by the rest of the template.
    """
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Use {% capture as name %}…{% endcapture %}.")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


@register.filter
def with_town_name(title: str) -> SafeString:
    """The <title>: the page's title, then the town's name, which is never said twice.

    A page without a title of its own (the home page) is called by the town's name alone.
    """
    title = conditional_escape(str(title).strip())
    name = conditional_escape(current_town().name)
    if not title:
        return name
    # As a whole name: a town called "Vic" is not named by "Victoire".
    if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", title):
        return SafeString(title)
    return format_html("{} — {}", title, name)


@dataclass(frozen=True)
class ShareImage:
    """The picture of a link preview: an absolute address, its size when known, its alt."""

    url: str
    width: int | None
    height: int | None
    alt: str


@cache
def _static_image_size(path: str) -> tuple[int, int] | None:
    """The size in pixels of the static image at `path` (read once per process), or None
    when it is not found or not an image."""
    found = finders.find(path)
    if not isinstance(found, str):
        return None
    try:
        with Image.open(found) as image:
            return image.size
    except (OSError, UnidentifiedImageError):
        return None


@register.simple_tag
def town_share_image() -> ShareImage | None:
    """The town's picture for the link previews of pages that have none (TOWN_SHARE_IMAGE),
    with its size when it is a static file (an address of its own is not fetched)."""
    town = current_town()
    if not town.share_image:
        return None
    if town.share_image_is_url:
        url, size = absolute_url(town.share_image), None
    else:
        url, size = absolute_url(static(town.share_image)), _static_image_size(town.share_image)
    alt = town.share_image_alt or gettext("The emblem of %(town)s") % {"town": town.name}
    width, height = size if size is not None else (None, None)
    return ShareImage(url=url, width=width, height=height, alt=alt)


@register.filter
def absolute(url: str) -> str:
    """A path on this site (an image's `.url`) as an absolute address, for link previews."""
    return absolute_url(url) if url else ""


def canonical_path(request: HttpRequest, parameters: tuple[str, ...] = CANONICAL_PARAMETERS) -> str:
    """The page's path with only the parameters that choose its content (page 1 has none):
    CANONICAL_PARAMETERS, or those a view names in its context's `canonical_parameters`."""
    kept = request.GET.copy()
    for key in list(kept):
        if key not in parameters:
            del kept[key]
    if kept.get("page") in ("", "1"):
        del kept["page"]
    for key in list(kept):
        kept.setlist(key, kept.getlist(key)[:1])
    query = kept.urlencode()
    return f"{request.path}?{query}" if query else request.path


@register.simple_tag(takes_context=True)
def canonical_url(context: template.Context) -> str:
    """The absolute address search engines should keep for this page ("" on error pages)."""
    request: HttpRequest | None = context.get("request")
    if request is None:
        return ""
    return absolute_url(canonical_path(request, _parameters(context)))


def _parameters(context: template.Context) -> tuple[str, ...]:
    return tuple(context.get("canonical_parameters") or CANONICAL_PARAMETERS)


@register.simple_tag(takes_context=True)
def language_alternates(context: template.Context) -> SafeString:
    """<link rel="alternate" hreflang> to this page in each language, and x-default (French,
    the site's language at the root of its addresses)."""
    request: HttpRequest | None = context.get("request")
    if request is None:
        return SafeString("")
    path = canonical_path(request, _parameters(context))
    query = path[len(request.path) :]  # "" or "?…", the same in every language

    def version(language: str) -> str:
        translated = page_path_in(request, language)
        return path if translated is None else translated + query

    versions = [(code, version(code)) for code, _name in settings.LANGUAGES]
    versions.append(("x-default", version(settings.LANGUAGE_CODE)))
    return format_html_join(
        "\n  ",
        '<link rel="alternate" hreflang="{}" href="{}">',
        ((code, absolute_url(url)) for code, url in versions),
    )


@register.simple_tag
def og_locales(language: str) -> SafeString:
    """og:locale for the page's language, og:locale:alternate for the others."""
    language = language.split("-")[0] if language in OG_LOCALES else settings.LANGUAGE_CODE
    lines = [format_html('<meta property="og:locale" content="{}">', OG_LOCALES[language])]
    lines += [
        format_html('<meta property="og:locale:alternate" content="{}">', locale)
        for code, locale in OG_LOCALES.items()
        if code != language
    ]
    return mark_safe("\n  ".join(lines))  # noqa: S308  (each line built by format_html)
