from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from parvis.core.breadcrumbs import breadcrumbs
from parvis.core.jsonld import government_organization_json_ld, json_ld_dumps
from parvis.core.links import absolute_url
from parvis.core.pagecache import depends_on_object
from parvis.core.pagination import paginate
from parvis.core.town import current_town
from parvis.news import selectors
from parvis.news.feeds import feed_links
from parvis.news.models import Article
from parvis.news.permissions import get_announcement_for_visitor, get_article_for_visitor
from parvis.spaces.models import Space
from parvis.spaces.permissions import get_space_for_visitor

PAGE_SIZE = 12
ANNOUNCEMENTS_PAGE_SIZE = 20


@require_safe
def article_list(request: HttpRequest) -> HttpResponse:
    return _town_list(
        request,
        selectors.article_cards(),
        PAGE_SIZE,
        "news/article_list.html",
        _("News"),
        "news:list",
    )


@require_safe
def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    article = get_article_for_visitor(slug=slug)
    depends_on_object(request, article)
    context = {
        "article": article,
        "tags": list(article.tags.all()),
        "json_ld": json_ld_dumps(news_article_json_ld(article)),
        "feeds": feed_links(space=article.space) if article.space else feed_links(),
        "breadcrumbs": breadcrumbs(
            *_news_trail(article.space, "news:list", "news:space_articles", _("News")),
            (article.title, article.get_absolute_url(), article),
        ),
    }
    return render(request, "news/article_detail.html", context)


@require_safe
def announcement_list(request: HttpRequest) -> HttpResponse:
    return _town_list(
        request,
        selectors.announcement_cards(),
        ANNOUNCEMENTS_PAGE_SIZE,
        "news/announcement_list.html",
        _("Announcements"),
        "news:announcements",
    )


@require_safe
def announcement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    announcement = get_announcement_for_visitor(pk=pk)
    depends_on_object(request, announcement)
    return render(
        request,
        "news/announcement_detail.html",
        {
            "announcement": announcement,
            "tags": list(announcement.tags.all()),
            "breadcrumbs": breadcrumbs(
                *_news_trail(
                    announcement.space,
                    "news:announcements",
                    "news:space_announcements",
                    _("Announcements"),
                ),
                (announcement.headline, announcement.get_absolute_url(), announcement),
            ),
        },
    )


@require_safe
def space_article_list(request: HttpRequest, slug: str) -> HttpResponse:
    space = get_space_for_visitor(slug=slug, members=False, pages=False)
    return _space_list(
        request,
        space,
        selectors.article_cards(space=space),
        PAGE_SIZE,
        "news/space_article_list.html",
        heading=_("News of %(space)s") % {"space": space.name},
        crumb=(_("News"), reverse("news:space_articles", args=[slug])),
    )


@require_safe
def space_announcement_list(request: HttpRequest, slug: str) -> HttpResponse:
    space = get_space_for_visitor(slug=slug, members=False, pages=False)
    return _space_list(
        request,
        space,
        selectors.announcement_cards(space=space),
        ANNOUNCEMENTS_PAGE_SIZE,
        "news/space_announcement_list.html",
        heading=_("Announcements of %(space)s") % {"space": space.name},
        crumb=(_("Announcements"), reverse("news:space_announcements", args=[slug])),
    )


def _town_list(
    request: HttpRequest,
    cards: QuerySet[Any],
    per_page: int,
    template: str,
    name: str,
    url_name: str,
) -> HttpResponse:
    """A town-wide list of news or announcements, a page at a time, with its feeds."""
    context = {
        "page_obj": paginate(cards, request.GET.get("page"), per_page=per_page),
        "feeds": feed_links(),
        "breadcrumbs": breadcrumbs((name, reverse(url_name))),
    }
    return render(request, template, context)


def _space_list(
    request: HttpRequest,
    space: Space,
    cards: QuerySet[Any],
    per_page: int,
    template: str,
    *,
    heading: str,
    crumb: tuple[str, str],
) -> HttpResponse:
    """A space's list of news or announcements, a page at a time, with its feeds."""
    context = {
        "space": space,
        "heading": heading,
        "page_obj": paginate(cards, request.GET.get("page"), per_page=per_page),
        "feeds": feed_links(space=space),
        "breadcrumbs": breadcrumbs(*space.breadcrumb_trail(), crumb),
    }
    return render(request, template, context)


def _news_trail(
    space: Space | None, town_list: str, space_list: str, name: str
) -> list[tuple[str, str] | tuple[str, str, object]]:
    """The crumbs above a news item: the town's list, or its space and the space's list."""
    if space is None:
        return [(name, reverse(town_list))]
    return [
        (space.name, space.get_absolute_url(), space),
        (name, reverse(space_list, args=[space.slug])),
    ]


def news_article_json_ld(article: Article) -> dict:
    """schema.org NewsArticle for search engines and link previews; absolute addresses."""
    town = current_town()
    url = absolute_url(article.get_absolute_url())
    publisher = government_organization_json_ld()
    assert article.published_at is not None  # only published articles are shown
    data: dict = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        # Search engines show at most 110 characters of a headline.
        "headline": article.title[:110],
        "description": article.lead,
        "datePublished": article.published_at.isoformat(),
        "dateModified": max(article.updated_at, article.published_at).isoformat(),
        "inLanguage": settings.LANGUAGE_CODE,
        "author": {"@type": "GovernmentOrganization", "name": town.name},
        "publisher": publisher,
    }
    if article.image:
        data["image"] = [absolute_url(article.image.url)]
    keywords = [tag.name for tag in article.tags.all()]
    if keywords:
        data["keywords"] = keywords
    return data
