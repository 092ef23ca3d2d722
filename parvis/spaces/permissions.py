"""Who may do what with spaces; the only access rules of this app."""

from __future__ import annotations

from django.http import Http404

from parvis.spaces import selectors
from parvis.spaces.models import Space


def get_space_for_visitor(*, slug: str) -> Space:
    """The published space at `slug`, or 404. Unpublished spaces are seen in the back office."""
    space = selectors.space_for_page(slug=slug)
    if space is None:
        raise Http404
    return space
