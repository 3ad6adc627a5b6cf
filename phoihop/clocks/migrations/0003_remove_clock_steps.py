"""The explanation of each clock is said again from the case's decisions when a page
asks (phoihop/clocks/explanations.py): stored, it was most of a national record's size."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("clocks", "0002_clock_approximate"),
    ]

    operations = [
        migrations.RemoveField(model_name="clock", name="steps"),
    ]
