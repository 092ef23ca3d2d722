from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "parvis.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        # The outbox and the digests declare their periodic jobs beside their tasks.
        from parvis.notifications import digests, outbox  # noqa: F401
