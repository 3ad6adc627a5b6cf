from django.core.management.base import BaseCommand

from phoihop.agencies.services import registry_load


class Command(BaseCommand):
    help = "Load or refresh the provinces and agencies from phoihop/data/."

    def handle(self, *args: object, **options: object) -> None:
        counts = registry_load()
        self.stdout.write(f"Registry: {counts.provinces} provinces, {counts.agencies} agencies.")
