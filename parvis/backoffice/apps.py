from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class BackofficeConfig(AdminConfig):
    """Django's admin, as the town's back office (see `sites.ParvisAdminSite`)."""

    default_site = "parvis.backoffice.sites.ParvisAdminSite"
    verbose_name = _("Back office")

    def ready(self) -> None:
        super().ready()  # imports every app's admin.py
        from django.contrib import admin

        from parvis.backoffice.admin import curate

        # After the libraries registered their models, so their choices can be undone.
        curate(admin.site)
