from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ObservationsConfig(AppConfig):
    name = "parvis.observations"
    verbose_name = _("Observation campaigns")
    default_auto_field = "django.db.models.BigAutoField"
