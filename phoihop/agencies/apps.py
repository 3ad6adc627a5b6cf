from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "phoihop.agencies"
    label = "agencies"
