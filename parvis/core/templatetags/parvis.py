"""Template helpers shared by every page."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils import translation
from django.utils.html import conditional_escape, format_html
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
    `<h1{% content_lang article %}>{{ article.title }}</h1>`. Without `obj`, the content is in
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
    `{% blocktranslate with space=space.name|in_content_lang %}All the news of {{ space }}…`.
    Not for `<title>` or attributes, which cannot hold an element.
    """
    language = content_language(obj)
    if not _differs(language):
        return conditional_escape(value)
    return format_html('<span lang="{}">{}</span>', language, value)
