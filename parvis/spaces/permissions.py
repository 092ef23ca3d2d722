"""Who may do what with spaces; the only access rules of this app."""

from __future__ import annotations

from django.http import Http404

from parvis.accounts.roles import Role, grant, model_permissions
from parvis.spaces import selectors
from parvis.spaces.models import Space

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


def get_space_for_visitor(*, slug: str) -> Space:
    """The published space at `slug`, or 404. Unpublished spaces are seen in the back office."""
    space = selectors.space_for_page(slug=slug)
    if space is None:
        raise Http404
    return space
