"""The marks gain the figures "past_maximum" and "needs_update": the marks and tallies
are dropped here and made again from the record once every migration has run (the
post_migrate rebuild in phoihop.reports.apps), as for a database from before them."""

from typing import Any

from django.db import migrations


def drop_marks(apps: Any, schema_editor: Any) -> None:
    apps.get_model("reports", "CaseMark").objects.all().delete()
    apps.get_model("reports", "FigureTally").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_tallies"), ("clocks", "0002_clock_approximate")]

    operations = [migrations.RunPython(drop_marks, migrations.RunPython.noop)]
