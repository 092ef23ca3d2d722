"""News on other apps' pages, in one line each: `{% load news %}` then

    {% news_feed_head space=space %}   in the page's head: <link rel="alternate"> to its feeds
    {% space_news space %}             a space's latest news and announcements, with links
    {% latest_news %}                  the home page's latest news and announcements

Each runs a fixed number of queries (two for the lists), whatever the amount of news.
"""

from __future__ import annotations

from django import template

from parvis.news import selectors
from parvis.news.feeds import feed_links
from parvis.spaces.models import Space

register = template.Library()

SPACE_ARTICLES = 3
SPACE_ANNOUNCEMENTS = 3
HOME_ARTICLES = 4
HOME_ANNOUNCEMENTS = 4


@register.inclusion_tag("news/_feed_head.html")
def news_feed_head(space: Space | None = None) -> dict:
    return {"feeds": feed_links(space=space)}


@register.inclusion_tag("news/_space_news.html")
def space_news(space: Space) -> dict:
    return {
        "space": space,
        "articles": list(selectors.article_cards_of_space(space=space)[:SPACE_ARTICLES]),
        "announcements": list(
            selectors.announcement_cards_of_space(space=space)[:SPACE_ANNOUNCEMENTS]
        ),
        "feeds": feed_links(space=space),
    }


@register.inclusion_tag("news/_home_news.html")
def latest_news() -> dict:
    return {
        "articles": list(selectors.article_cards()[:HOME_ARTICLES]),
        "announcements": list(selectors.announcement_cards()[:HOME_ANNOUNCEMENTS]),
    }
