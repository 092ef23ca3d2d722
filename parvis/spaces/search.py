"""Spaces and their pages in the site search."""

from django.utils.translation import gettext_lazy as _

from parvis.core.markdown import markdown_to_text
from parvis.search.registry import Document, searchable
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
    return Document(
        title=page.title,
        text=markdown_to_text(page.body),
        space=page.space,
        date=page.updated_at,
        public=page.is_published and page.space.is_published,
    )


searchable(
    Space,
    key="space",
    label=_("Spaces"),
    document=space_document,
    queryset=lambda: Space.objects.filter(is_published=True),
)
searchable(
    SpacePage,
    key="space_page",
    label=_("Pages of spaces"),
    document=space_page_document,
    queryset=lambda: SpacePage.objects.filter(is_published=True).select_related("space"),
    space_field="space",
)
