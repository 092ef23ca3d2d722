"""Template helpers shared by every page."""

from __future__ import annotations

from django import template
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.safestring import SafeString

from parvis.core.markdown import render_markdown

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
