from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "phoihop.agencies"
    label = "agencies"

    def ready(self) -> None:
        from phoihop.agencies import signals  # noqa: F401 - connects the receivers
