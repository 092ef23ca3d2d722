"""Template helpers shared by every page."""

from __future__ import annotations

from typing import Any

from django import template
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.safestring import SafeString, mark_safe

from parvis.core.feeds import feed_links
from parvis.core.markdown import render_markdown
from parvis.core.sections import sections_of

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str) -> SafeString:
    return render_markdown(text or "")


@register.simple_tag(takes_context=True)
def url_in_language(context: template.Context, language: str) -> str:
    """This page's address in `language` (the same page when it has no translation)."""
    request: HttpRequest | None = context.get("request")
    if request is None:
        return "/" if language == "fr" else f"/{language}/"
    return translate_url(request.get_full_path(), language)


@register.simple_tag(takes_context=True)
def page_sections(context: template.Context, page: str, obj: Any = None) -> SafeString:
    """The sections the apps' manifests add to the shared `page` about `obj`, in order."""
    request = context.get("request")
    parts = []
    for entry in sections_of(page):
        section_context = entry.context(request, obj)
        if section_context is None:
            continue
        section_template = context.template.engine.get_template(entry.template)
        with context.push(section_context):
            parts.append(section_template.render(context))
    return mark_safe("".join(parts))  # noqa: S308  (templates rendered with autoescape)


@register.inclusion_tag("core/_feed_head.html")
def feed_head(scope: str, scope_object: Any = None) -> dict[str, Any]:
    """`<link rel="alternate">` to every feed of a page's scope ("town", "space", "tag")."""
    return {"feeds": feed_links(scope, scope_object)}


@register.inclusion_tag("core/_feed_links.html")
def feed_list(scope: str, scope_object: Any = None) -> dict[str, Any]:
    """The visible links to every feed of a page's scope, for feed readers."""
    return {"feeds": feed_links(scope, scope_object)}
