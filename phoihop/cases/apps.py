from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "phoihop.cases"
    label = "cases"

    def ready(self) -> None:
        from phoihop.audit.services import ROW_CHECKS
        from phoihop.cases.importing.proof import rows_altered

        ROW_CHECKS["cases.import.written"] = rows_altered
