from django.apps import AppConfig


class PublicityConfig(AppConfig):
    name = "phoihop.publicity"
    label = "publicity"
