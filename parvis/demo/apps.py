from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "parvis.demo"
    label = "demo"
    verbose_name = "Demo town"
