"""What the minutes of a meeting state: its times, chair title, secretary and delegates."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0001_initial"),
        ("coordination", "0003_request_moved_at_fill"),
    ]

    operations = [
        migrations.CreateModel(
            name="MeetingDelegate",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=150, verbose_name="full name")),
                ("title", models.CharField(blank=True, max_length=150, verbose_name="title")),
            ],
            options={
                "verbose_name": "delegate",
                "verbose_name_plural": "delegates",
                "ordering": ["id"],
            },
        ),
        migrations.AddField(
            model_name="meeting",
            name="chair_title",
            field=models.CharField(blank=True, max_length=150, verbose_name="chair's title"),
        ),
        migrations.AddField(
            model_name="meeting",
            name="end_time",
            field=models.TimeField(blank=True, null=True, verbose_name="end time"),
        ),
        migrations.AddField(
            model_name="meeting",
            name="secretary_agency",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="agencies.agency",
                verbose_name="secretary's agency",
            ),
        ),
        migrations.AddField(
            model_name="meeting",
            name="secretary_name",
            field=models.CharField(blank=True, max_length=150, verbose_name="secretary"),
        ),
        migrations.AddField(
            model_name="meeting",
            name="secretary_title",
            field=models.CharField(blank=True, max_length=150, verbose_name="secretary's title"),
        ),
        migrations.AddField(
            model_name="meeting",
            name="start_time",
            field=models.TimeField(blank=True, null=True, verbose_name="start time"),
        ),
        migrations.AddConstraint(
            model_name="meeting",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("end_time__isnull", True),
                    models.Q(
                        ("end_time__gt", models.F("start_time")), ("start_time__isnull", False)
                    ),
                    _connector="OR",
                ),
                name="meeting_ends_after_it_starts",
            ),
        ),
        migrations.AddConstraint(
            model_name="meeting",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("secretary_agency__isnull", True), ("secretary_name", "")),
                    models.Q(
                        models.Q(("secretary_name", ""), _negated=True),
                        ("secretary_agency__isnull", False),
                    ),
                    _connector="OR",
                ),
                name="meeting_secretary_with_agency",
            ),
        ),
        migrations.AddField(
            model_name="meetingdelegate",
            name="agency",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="agencies.agency",
                verbose_name="agency",
            ),
        ),
        migrations.AddField(
            model_name="meetingdelegate",
            name="meeting",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="delegates",
                to="coordination.meeting",
            ),
        ),
        migrations.AddConstraint(
            model_name="meetingdelegate",
            constraint=models.UniqueConstraint(
                fields=("meeting", "agency", "name"), name="delegate_once_per_agency"
            ),
        ),
    ]
