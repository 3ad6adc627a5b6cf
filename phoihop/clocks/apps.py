from django.apps import AppConfig


class ClocksConfig(AppConfig):
    name = "phoihop.clocks"
    label = "clocks"
