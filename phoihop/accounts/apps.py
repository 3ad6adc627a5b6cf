from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "phoihop.accounts"
    label = "accounts"

    def ready(self) -> None:
        from phoihop.accounts import signals  # noqa: F401  (connects the audit receivers)
