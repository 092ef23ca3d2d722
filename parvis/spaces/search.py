"""Spaces and their pages in the site search."""

from parvis.core.markdown import markdown_to_text
from parvis.search.registry import Document
from parvis.spaces.models import Space, SpacePage


def space_document(space: Space) -> Document | None:
    # A space is not filed under itself: the space filter finds what a space holds.
    return Document(
        title=space.name,
        text=f"{space.summary}\n{markdown_to_text(space.description)}",
        date=space.updated_at,
        public=space.is_published,
    )


def space_page_document(page: SpacePage) -> Document | None:
    # Found by its space's name too ("calendrier tram"): `index_space_contents` writes the
    # pages again when the space is renamed.
    return Document(
        title=page.title,
        text=f"{markdown_to_text(page.body)}\n{page.space.name}",
        space=page.space,
        date=page.updated_at,
        public=page.is_published and page.space.is_published,
    )
