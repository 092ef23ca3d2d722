"""News on its own pages: `{% load news %}` then

    {% news_feed_head space=space %}   in the page's head: <link rel="alternate"> to its feeds

What news adds to the shared pages (home, a space's, a tag's) is declared as sections in
`parvis/news/manifest.py`.
"""

from __future__ import annotations

from django import template

from parvis.news.feeds import feed_links
from parvis.spaces.models import Space

register = template.Library()


@register.inclusion_tag("core/_feed_head.html")
def news_feed_head(space: Space | None = None) -> dict:
    return {"feeds": feed_links(space=space)}
