from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class BackofficeConfig(AdminConfig):
    """Django's admin, as the town's back office (see `sites.ParvisAdminSite`)."""

    default_site = "parvis.backoffice.sites.ParvisAdminSite"
    verbose_name = _("Back office")
