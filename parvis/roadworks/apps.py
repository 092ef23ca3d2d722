from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoadworksConfig(AppConfig):
    name = "parvis.roadworks"
    label = "roadworks"
    verbose_name = _("Roadworks")
