from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VotesConfig(AppConfig):
    name = "parvis.votes"
    verbose_name = _("Votes")
    default_auto_field = "django.db.models.BigAutoField"
