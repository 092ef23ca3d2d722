"""Spaces and their pages in the site search."""

from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from parvis.core.markdown import markdown_to_text
from parvis.search.registry import SearchableType, searchable
from parvis.spaces.models import Space, SpacePage

searchable(
    SearchableType(
        key="space",
        label=_("Spaces"),
        queryset=lambda: Space.objects.filter(is_published=True),
        fields=("name", "summary", "description"),
        title=lambda space: space.name,
        excerpt=lambda space: (
            space.summary or Truncator(markdown_to_text(space.description)).words(30)
        ),
    )
)
searchable(
    SearchableType(
        key="space_page",
        label=_("Pages of spaces"),
        queryset=lambda: SpacePage.objects.filter(
            is_published=True, space__is_published=True
        ).select_related("space"),
        fields=("title", "body"),
        title=lambda page: f"{page.title} — {page.space.name}",
        excerpt=lambda page: Truncator(markdown_to_text(page.body)).words(30),
        space_field="space",
    )
)
