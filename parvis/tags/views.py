from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from parvis.core.breadcrumbs import breadcrumbs, words_crumb
from parvis.core.pagination import page_number
from parvis.tags.selectors import tag_by_slug


@require_safe
def tag_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """What carries the tag: the sections the apps add to a tag's page, and its feeds."""
    tag = tag_by_slug(slug=slug)
    if tag is None:
        raise Http404
    context = {
        "tag": tag,
        # For the title; the sections paginate what they list.
        "page_number": page_number(request.GET.get("page")),
        "breadcrumbs": breadcrumbs(
            words_crumb(
                _("Tag “%(tag)s”"), reverse("tags:detail", args=[tag.slug]), tag, tag=tag.name
            )
        ),
    }
    return render(request, "tags/tag_detail.html", context)
