from django.apps import AppConfig


class CoordinationConfig(AppConfig):
    name = "phoihop.coordination"
    label = "coordination"
