"""What spaces bring to the shared mechanisms and pages: spaces are followed, their pages
commented, both searched; followers hear of new pages; the home page lists the spaces."""

from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from parvis.accounts.roles import Role, grant, model_permissions
from parvis.comments.registry import commentable
from parvis.core.datasets import dataset
from parvis.core.feeds import feed_scope
from parvis.core.links import absolute_url
from parvis.core.pagecache import invalidates
from parvis.core.sections import section
from parvis.notifications.registry import followable, notification_kind
from parvis.search.registry import searchable
from parvis.spaces import selectors
from parvis.spaces.models import Space, SpaceMembership, SpacePage
from parvis.spaces.notifications import page_is_visible, render_page_published
from parvis.spaces.search import space_document, space_page_document

grant(
    Role.COMMUNICATION_OFFICER,
    model_permissions("spaces", "space", ["view", "add", "change"])
    + model_permissions("spaces", "spacepage", ["view", "add", "change", "delete"])
    + model_permissions("spaces", "spacemembership", ["view", "add", "change", "delete"]),
)
# Elected officials read the spaces and their pages in the back office; they answer residents
# from the public pages of the spaces they are members of (later features).
grant(
    Role.ELECTED_OFFICIAL,
    model_permissions("spaces", "space", ["view"])
    + model_permissions("spaces", "spacepage", ["view"])
    + model_permissions("spaces", "spacemembership", ["view"]),
)

followable(Space, queryset=selectors.published_spaces)
# A space, its pages and its members are shown on the space's pages and in the lists of spaces.
invalidates(Space, keys=lambda space: [f"space:{space.pk}"])
invalidates(SpacePage, keys=lambda page: [f"space:{page.space_id}"])
invalidates(SpaceMembership, keys=lambda membership: [f"space:{membership.space_id}"])
# Feeds of a space: /spaces/<slug>/…/feed/, for a published space only.
feed_scope("space", lookup=lambda slug: selectors.published_spaces().filter(slug=slug).first())
commentable(
    SpacePage,
    space_of=lambda page: page.space,
    public=lambda: selectors.published_space_pages().select_related("space"),
    is_public=lambda page: page.is_published and page.space.is_published,
    queryset=lambda: SpacePage.objects.select_related("space"),
)
searchable(
    Space,
    key="space",
    label=_("Spaces"),
    document=space_document,
    queryset=lambda: Space.objects.filter(is_published=True),
    # What a resident looks for first: the neighbourhood, the project, the council.
    weight=3.0,
)
searchable(
    SpacePage,
    key="space_page",
    label=_("Pages of spaces"),
    document=space_page_document,
    queryset=lambda: SpacePage.objects.filter(is_published=True).select_related("space"),
    space_field="space",
    # The reference pages of the town and its spaces: above news, and they do not age.
    weight=2.0,
)
notification_kind("spaces.page_published", render=render_page_published, is_visible=page_is_visible)


def _home_spaces(request: HttpRequest | None, obj: Any) -> dict[str, Any]:
    return {"spaces_by_kind": selectors.spaces_by_kind()}


section(
    "spaces.home",
    page="home",
    template="spaces/_home_spaces.html",
    context=_home_spaces,
    order=80,
    cache=True,
)


def _public_space_rows() -> Iterable[dict[str, Any]]:
    for space in selectors.published_spaces().order_by("kind", "name"):
        yield {
            "slug": space.slug,
            "name": space.name,
            "kind": space.kind,
            "summary": space.summary,
            "url": absolute_url(space.get_absolute_url()),
        }


dataset(
    "spaces",
    title=_("Neighbourhoods, projects, councils and themes"),
    description=_(
        "The published spaces of the town's site: their name, kind, summary and address."
    ),
    columns=("slug", "name", "kind", "summary", "url"),
    rows=_public_space_rows,
)
