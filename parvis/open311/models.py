"""The keys third-party applications post reports with through Open311. A key is shown once,
when it is made; only its SHA-256 is kept (a key is 32 random bytes: a plain hash is
enough, nothing to stretch)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiKey(models.Model):
    name = models.CharField(
        _("application"), max_length=120, help_text=_("The third-party application using it.")
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    #: The key's first characters, to recognise it in the list (not enough to use it).
    prefix = models.CharField(_("key begins with"), max_length=8, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("Open311 API key")
        verbose_name_plural = _("Open311 API keys")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
