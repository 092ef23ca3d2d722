"""Who may do what with spaces; the only access rules of this app."""

from __future__ import annotations

from django.http import Http404

from parvis.spaces import selectors
from parvis.spaces.models import Space


def get_space_for_visitor(*, slug: str, members: bool = True, pages: bool = True) -> Space:
    """The published space at `slug` (with its members and its published pages, unless
    told otherwise), or 404. Unpublished spaces are seen in the back office."""
    space = selectors.space_for_page(slug=slug, members=members, pages=pages)
    if space is None:
        raise Http404
    return space
