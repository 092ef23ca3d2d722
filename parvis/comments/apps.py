from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "parvis.comments"
    label = "comments"
    verbose_name = _("Comments")

    def ready(self) -> None:
        # Grants, comments' place in the moderation queue, in the search and in e-mails,
        # and what becomes of them when their author's account is erased.
        from parvis.comments import (  # noqa: F401
            erasure,
            moderation,
            notifications,
            permissions,
            search,
        )
