from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from parvis.core.breadcrumbs import breadcrumbs
from parvis.news import selectors as news_selectors
from parvis.news.feeds import feed_links
from parvis.tags.selectors import tag_by_slug

PAGE_SIZE = 12
LATEST_ANNOUNCEMENTS = 6


@require_safe
def tag_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """What carries the tag: its news (paginated) and its latest announcements."""
    tag = tag_by_slug(slug=slug)
    if tag is None:
        raise Http404
    page = Paginator(news_selectors.article_cards_with_tag(tag=tag), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "tag": tag,
        "page_obj": page,
        "announcements": list(
            news_selectors.announcement_cards_with_tag(tag=tag)[:LATEST_ANNOUNCEMENTS]
        ),
        "feeds": feed_links(tag=tag),
        "breadcrumbs": breadcrumbs(
            (_("Tag “%(tag)s”") % {"tag": tag.name}, reverse("tags:detail", args=[tag.slug]))
        ),
    }
    return render(request, "tags/tag_detail.html", context)
