"""The wiki's `[[internal links]]`: a target's address, the categories a text names, and
the text rendered with its links resolved (one query for all of a text's targets).

A target names an article by its title; `[[Category:X]]` (or `[[Catégorie:X]]`) puts the
article in category X and is not shown in the text (the categories are listed under it).
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

from django.utils.safestring import SafeString
from django.utils.text import slugify
from django.utils.translation import gettext

from parvis.core.markdown import (
    INTERNAL_LINK,
    InternalLink,
    InternalLinks,
    internal_link_targets,
    render_markdown,
)
from parvis.core.paths import object_path
from parvis.wiki.models import Article, Redirect

CATEGORY_PREFIXES = ("category:", "catégorie:")
_CATEGORY_LINK = re.compile(
    r"\[\[\s*(?:category|catégorie)\s*:([^\[\]\n|]+)(?:\|[^\[\]\n]*)?\]\]\n?", re.IGNORECASE
)


def title_slug(title: str) -> str:
    return slugify(title.strip())[:150]


def category_names(text: str) -> list[str]:
    """The categories `text` names, each once, in order."""
    names: dict[str, None] = {}
    for match in _CATEGORY_LINK.finditer(text or ""):
        name = " ".join(match.group(1).split())
        if name and title_slug(name):
            names.setdefault(name, None)
    return list(names)


def without_categories(text: str) -> str:
    return _CATEGORY_LINK.sub("", text or "")


def plain_links(text: str) -> str:
    """`text` with its links as their labels and without its categories (for search)."""
    return INTERNAL_LINK.sub(
        lambda m: (m.group(2) or "").strip() or m.group(1).strip(), without_categories(text)
    )


def create_path(title: str) -> str:
    return object_path("wiki:create") + "?" + urlencode({"title": title})


def resolve(targets: list[str]) -> InternalLinks:
    """Each target's address: the article's (or its former address, which redirects), or
    the form creating it. Two queries whatever the number of targets."""
    slugs = {target: title_slug(target) for target in targets}
    wanted = {slug for slug in slugs.values() if slug}
    existing = set(
        Article.objects.filter(slug__in=wanted, current__isnull=False).values_list(
            "slug", flat=True
        )
    )
    if wanted - existing:
        existing |= set(
            Redirect.objects.filter(
                old_slug__in=wanted - existing, article__current__isnull=False
            ).values_list("old_slug", flat=True)
        )
    links = []
    for target, slug in slugs.items():
        if slug in existing:
            links.append(InternalLink(target, object_path("wiki:article", slug=slug), True))
        elif slug:
            links.append(InternalLink(target, create_path(target), False))
    return InternalLinks(tuple(links), missing_label=gettext("(page not written yet)"))


def render(text: str) -> SafeString:
    """The article text as HTML, its links resolved, its categories left out."""
    body = without_categories(text)
    targets = [
        t for t in internal_link_targets(body) if not t.lower().startswith(CATEGORY_PREFIXES)
    ]
    return render_markdown(body, links=resolve(targets))
