from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from parvis.backoffice.naming import ModelNames
from parvis.tags.models import Tag


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    names = ModelNames(a=_("a tag"), the=_("the tag"))
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
