from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "phoihop.core"
    label = "core"

    def ready(self) -> None:
        # Before the first connection: SQLite's exact sum of money is registered on
        # every connection as it opens.
        from phoihop.core import money  # noqa: F401
