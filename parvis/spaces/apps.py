from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpacesConfig(AppConfig):
    name = "parvis.spaces"
    label = "spaces"
    verbose_name = _("Spaces")

    def ready(self) -> None:
        from parvis.notifications.registry import followable
        from parvis.spaces import permissions, search  # noqa: F401  (grants, searchable types)
        from parvis.spaces.models import Space

        followable(Space)
