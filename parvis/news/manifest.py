"""Everything news and announcements bring to the shared mechanisms and pages, in one place:
who publishes them, the publication job, comments, search, the town-wide streams people
follow and the e-mails they receive, the feeds, and the sections of the home page, of each
space's page and of each tag's page."""

from datetime import timedelta
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from parvis.accounts.roles import Role, grant, model_permissions
from parvis.comments.registry import commentable
from parvis.core.feeds import feed
from parvis.core.pagecache import invalidates
from parvis.core.pagination import paginate
from parvis.core.routes import pages
from parvis.core.schedule import every
from parvis.core.sections import section
from parvis.news import selectors
from parvis.news.feeds import AnnouncementFeed, ArticleFeed
from parvis.news.models import Announcement, Article
from parvis.news.notifications import render_announcement_published, render_article_published
from parvis.news.search import (
    announcement_document,
    article_document,
    carrying_tags,
    searchable_announcements,
    searchable_articles,
)
from parvis.news.tasks import publish_scheduled_articles
from parvis.notifications.registry import notification_kind, topic
from parvis.search.registry import searchable

# News pages: /news/, /announcements/ and each space's /spaces/<slug>/news/.
pages("parvis.news.urls")

grant(
    Role.COMMUNICATION_OFFICER,
    model_permissions("news", "article", ["view", "add", "change", "delete"])
    + model_permissions("news", "announcement", ["view", "add", "change", "delete"])
    + ["news.publish_article", "news.publish_announcement"],
)

# Every minute: a scheduled article is invisible until the job publishes it, so this is at
# most how late it can go public (and how late its followers hear of it).
every(timedelta(minutes=1), publish_scheduled_articles)


# What a change of an article or an announcement makes fresh, besides its own page and the
# lists of its kind: its space's pages and its tags' pages. Clock-driven changes (a date of
# publication ahead, an end of publication) end the cached pages at their moment.
def _gathered_in(item: Article | Announcement) -> list[str]:
    keys = [f"tag:{pk}" for pk in item.tags.values_list("pk", flat=True)] if item.pk else []
    return [*keys, f"space:{item.space_id}"] if item.space_id else keys


invalidates(Article, keys=_gathered_in, due=selectors.next_visibility_change)
invalidates(Announcement, keys=_gathered_in)

# Only while the public sees it: a draft, a scheduled or an unpublished item (or one in an
# unpublished space) takes no comment, and the comment endpoints answer 404 about it.
commentable(
    Article,
    space_of=lambda article: article.space,
    public=lambda: selectors.visible_articles().select_related("space"),
    is_public=lambda article: article.is_public(),
    queryset=lambda: Article.objects.select_related("space"),
)
commentable(
    Announcement,
    space_of=lambda announcement: announcement.space,
    public=lambda: selectors.visible_announcements().select_related("space"),
    is_public=lambda announcement: announcement.is_public(),
    queryset=lambda: Announcement.objects.select_related("space"),
)

searchable(
    Article,
    key="article",
    label=_("News"),
    document=article_document,
    queryset=searchable_articles,
    space_field="space",
    dependents=carrying_tags(searchable_articles),
    # News ages: a year-old article counts for about a third of a fresh one.
    freshness=timedelta(days=180),
)
searchable(
    Announcement,
    key="announcement",
    label=_("Announcements"),
    document=announcement_document,
    queryset=searchable_announcements,
    space_field="space",
    dependents=carrying_tags(searchable_announcements),
    # Short notices, many alike: below articles, and stale within weeks.
    weight=0.6,
    freshness=timedelta(days=30),
)

# The town-wide streams: the services name them by these values when they notify.
topic("news", label=_("The town's news"), url_name="news:list")
topic("announcements", label=_("The town's announcements"), url_name="news:announcements")

# An article unpublished (or an announcement withdrawn) before its message leaves is not
# announced any more: the outbox asks `is_visible` just before sending.
notification_kind(
    "news.article_published",
    render=render_article_published,
    is_visible=lambda article: article.is_public(),
)
notification_kind(
    "news.announcement_published",
    render=render_announcement_published,
    is_visible=lambda announcement: announcement.is_public(),
)

# First on every page that lists feeds: the news, then the announcements.
feed(
    "articles",
    view=ArticleFeed,
    paths={"town": "news/", "space": "spaces/<slug:slug>/news/", "tag": "tags/<slug:slug>/news/"},
    order=10,
)
feed(
    "announcements",
    view=AnnouncementFeed,
    paths={
        "town": "announcements/",
        "space": "spaces/<slug:slug>/announcements/",
        "tag": "tags/<slug:slug>/announcements/",
    },
    order=20,
)

# --- sections of the shared pages ---------------------------------------------------------------

HOME_ARTICLES = 4
HOME_ANNOUNCEMENTS = 4
SPACE_ARTICLES = 3
SPACE_ANNOUNCEMENTS = 3
TAG_PAGE_SIZE = 12
TAG_ANNOUNCEMENTS = 6


def _home(request: HttpRequest | None, obj: Any) -> dict[str, Any]:
    return {
        "articles": list(selectors.article_cards()[:HOME_ARTICLES]),
        "announcements": list(selectors.announcement_cards()[:HOME_ANNOUNCEMENTS]),
    }


def _space(request: HttpRequest | None, space: Any) -> dict[str, Any]:
    return {
        "space": space,
        "articles": list(selectors.article_cards(space=space)[:SPACE_ARTICLES]),
        "announcements": list(selectors.announcement_cards(space=space)[:SPACE_ANNOUNCEMENTS]),
    }


def _tag(request: HttpRequest | None, tag: Any) -> dict[str, Any]:
    page = paginate(
        selectors.article_cards(tag=tag),
        request.GET.get("page") if request is not None else None,
        per_page=TAG_PAGE_SIZE,
    )
    return {
        "tag": tag,
        "page_obj": page,
        "announcements": list(selectors.announcement_cards(tag=tag)[:TAG_ANNOUNCEMENTS]),
    }


section(
    "news.home", page="home", template="news/_home_news.html", context=_home, order=10, cache=True
)
section(
    "news.space",
    page="space",
    template="news/_space_news.html",
    context=_space,
    order=10,
    cache=True,
)
section("news.tag", page="tag", template="news/_tag_news.html", context=_tag, order=10)
