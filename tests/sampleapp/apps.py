from django.apps import AppConfig


class NoticeboardConfig(AppConfig):
    name = "tests.sampleapp"
    label = "noticeboard"
    verbose_name = "Notice board"
    default_auto_field = "django.db.models.BigAutoField"
