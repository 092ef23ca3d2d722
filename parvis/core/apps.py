from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "parvis.core"
    label = "core"
    verbose_name = _("Parvis core")

    def ready(self) -> None:
        from parvis.core import checks  # noqa: F401  (deployment checks)
        from parvis.core.pagecache import connect_signals
        from parvis.core.registry import load_manifests

        load_manifests()
        connect_signals()
