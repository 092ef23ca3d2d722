"""Template helpers shared by every page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.conf import settings
from django.db.models import Model
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.encoding import escape_uri_path
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from parvis.core.feeds import feed_links
from parvis.core.fragments import render_fragment
from parvis.core.markdown import render_markdown
from parvis.core.paths import page_path_in
from parvis.core.sections import Section, sections_of

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str, under: str = "h1") -> SafeString:
    """`{{ body|markdown }}` for a text under the page's h1; `{{ body|markdown:"h3" }}` for
    a text under an h3 (its headings then start at h4)."""
    return render_markdown(text or "", under=int(str(under).removeprefix("h") or 1))


@register.filter(name="html_datetime")
def html_datetime(value: dt.datetime | dt.date | None) -> str:
    """`value` as the `datetime` attribute of a `<time>` element.

    HTML allows at most three digits of fractions of a second, so Django's `|date:"c"`
    (microseconds) is invalid; this gives whole seconds in the current time zone with its
    offset ("2026-03-01T09:30:15+01:00"), a plain date for a date, and "" for nothing.
    """
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    return ""


@register.simple_tag(takes_context=True)
def url_in_language(context: template.Context, language: str) -> str:
    """This page's address in `language` (the same page when it has no translation)."""
    request: HttpRequest | None = context.get("request")
    if request is None:
        return "/" if language == "fr" else f"/{language}/"
    full_path = request.get_full_path()
    translated = page_path_in(request, language)
    if translated is None:
        return full_path
    return translated + full_path[len(escape_uri_path(request.path)) :]


@register.simple_tag(takes_context=True)
def page_sections(context: template.Context, page: str, obj: Any = None) -> SafeString:
    """The sections the apps' manifests add to the shared `page` about `obj`, in order."""
    request = context.get("request")
    engine = context.template.engine if context.template is not None else None
    if engine is None:
        raise template.TemplateSyntaxError("page_sections renders inside a template only.")
    parts = []
    for entry in sections_of(page):

        def render(entry: Section = entry) -> str:
            section_context = entry.context(request, obj)
            if section_context is None:
                return ""
            section_template = engine.get_template(entry.template)
            with context.push(section_context):
                return section_template.render(context)

        if entry.cache:
            about = obj if isinstance(obj, Model) else None
            name = f"section:{entry.key}:{about.pk if about is not None else ''}"
            parts.append(render_fragment(request, name, render, about=about))
        else:
            parts.append(render())
    return mark_safe("".join(parts))  # noqa: S308  (templates rendered with autoescape)


class FragmentNode(template.Node):
    child_nodelists = ("nodelist",)

    def __init__(self, nodelist: template.NodeList, name: str) -> None:
        self.nodelist = nodelist
        self.name = name

    def render(self, context: template.Context) -> str:
        return render_fragment(
            context.get("request"), f"block:{self.name}", lambda: self.nodelist.render(context)
        )


@register.tag
def fragment(parser: template.base.Parser, token: template.base.Token) -> FragmentNode:
    """`{% fragment "name" %}…{% endfragment %}`: markup the same for every visitor of every
    page (the footer), kept rendered by `parvis.core.fragments` until what it read changes
    (for most, the town and the release alone). Nothing inside may depend on the visitor,
    the page or its query string."""
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError('Use {% fragment "name" %}…{% endfragment %}.')
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, bits[1][1:-1])


@register.inclusion_tag("core/_feed_head.html")
def feed_head(scope: str, scope_object: Any = None) -> dict[str, Any]:
    """`<link rel="alternate">` to every feed of a page's scope ("town", "space", "tag")."""
    return {"feeds": feed_links(scope, scope_object)}


@register.inclusion_tag("core/_feed_links.html")
def feed_list(scope: str, scope_object: Any = None) -> dict[str, Any]:
    """The visible links to every feed of a page's scope, for feed readers."""
    return {"feeds": feed_links(scope, scope_object)}


def content_language(obj: object = None) -> str:
    """The language `obj`'s words were written in.

    What the town and its residents write is in the site's default language (French), unless
    the object says otherwise with a non-empty `language` attribute.
    """
    return getattr(obj, "language", "") or settings.LANGUAGE_CODE


def _differs(language: str) -> bool:
    active = translation.get_language() or settings.LANGUAGE_CODE
    return active.split("-")[0].lower() != language.split("-")[0].lower()


@register.simple_tag
def content_lang(obj: object = None) -> SafeString:
    """` lang="fr"` when the page is in another language than `obj`'s words; else nothing.

    Put it in the opening tag of the element holding written content (a title, a body, a space's
    name), so that screen readers and hyphenation read it in its own language (WCAG 3.1.2):
    `<h1{% content_lang event %}>{{ event.title }}</h1>`. Without `obj`, the content is in
    the default language.
    """
    language = content_language(obj)
    if not _differs(language):
        return SafeString("")
    return format_html(' lang="{}"', language)


@register.filter
def in_content_lang(value: object, obj: object = None) -> SafeString:
    """`value` escaped, in a `<span lang="fr">` when the page is in another language.

    For written content inside a translated sentence, where no element of its own holds it:
    `{% blocktranslate with space=space.name|in_content_lang %}All the events of {{ space }}…`.
    Not for `<title>` or attributes, which cannot hold an element.
    """
    language = content_language(obj)
    if not _differs(language):
        return conditional_escape(str(value))
    return format_html('<span lang="{}">{}</span>', language, value)


@register.simple_tag
def picture(
    renditions: Any, alt: str, sizes: str = "100vw", display: int = 640, css: str = ""
) -> SafeString:
    """`<picture>` of an image's renditions (`parvis.core.renditions`): WebP first, JPEG for
    the others, `srcset` of every width, `sizes`, the intrinsic `width` and `height` of the
    `src` (no layout shift), `alt`, lazy loading. Nothing while the renditions are not made."""
    from django.core.files.storage import default_storage

    from parvis.core import renditions as r

    stored = renditions if isinstance(renditions, r.Stored) else r.Stored.from_json(renditions)
    if stored is None:
        return mark_safe("")
    width = r.default_width(stored, display)
    return format_html(
        '<picture><source type="image/webp" srcset="{}" sizes="{}">'
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"{}'
        ' loading="lazy" decoding="async"></picture>',
        r.srcset(stored, default_storage, "webp"),
        sizes,
        default_storage.url(stored.name(width, "jpg")),
        r.srcset(stored, default_storage, "jpg"),
        sizes,
        width,
        stored.height_at(width),
        alt,
        format_html(' class="{}"', css) if css else "",
    )
