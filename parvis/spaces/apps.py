from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpacesConfig(AppConfig):
    name = "parvis.spaces"
    label = "spaces"
    verbose_name = _("Spaces")

    def ready(self) -> None:
        from parvis.comments.registry import commentable
        from parvis.notifications.registry import followable
        from parvis.spaces import (  # noqa: F401  (grants, searchable types, notification kinds)
            notifications,
            permissions,
            search,
            selectors,
        )
        from parvis.spaces.models import Space, SpacePage

        followable(Space, queryset=selectors.published_spaces)
        commentable(
            SpacePage,
            space_of=lambda page: page.space,
            public=lambda: selectors.published_space_pages().select_related("space"),
            is_public=lambda page: page.is_published and page.space.is_published,
            queryset=lambda: SpacePage.objects.select_related("space"),
        )
