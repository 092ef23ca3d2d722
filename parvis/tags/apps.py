from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TagsConfig(AppConfig):
    name = "parvis.tags"
    label = "tags"
    verbose_name = _("Tags")

    def ready(self) -> None:
        from parvis.notifications.registry import followable
        from parvis.tags import permissions  # noqa: F401  (declares the roles' grants)
        from parvis.tags.models import Tag

        followable(Tag)
