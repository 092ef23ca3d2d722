from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from parvis.core.breadcrumbs import breadcrumbs
from parvis.tags.selectors import tag_by_slug


def _page_number(request: HttpRequest) -> int:
    """The page asked for, for the title (the sections paginate what they list)."""
    value = request.GET.get("page", "")
    return int(value) if value.isdigit() and len(value) < 6 else 1


@require_safe
def tag_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """What carries the tag: the sections the apps add to a tag's page, and its feeds."""
    tag = tag_by_slug(slug=slug)
    if tag is None:
        raise Http404
    context = {
        "tag": tag,
        "page_number": _page_number(request),
        "breadcrumbs": breadcrumbs(
            (_("Tag “%(tag)s”") % {"tag": tag.name}, reverse("tags:detail", args=[tag.slug]))
        ),
    }
    return render(request, "tags/tag_detail.html", context)
