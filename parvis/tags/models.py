from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from parvis.spaces.models import slug_validator


class Tag(models.Model):
    """A topic that cuts across spaces ("travaux", "culture"), shared by every content type.

    People can follow a tag; the content of any app may carry tags.
    """

    name = models.CharField(_("name"), max_length=60, unique=True)
    slug = models.SlugField(
        _("web address"), max_length=60, unique=True, validators=[slug_validator]
    )

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
