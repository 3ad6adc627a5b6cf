"""Summary tables behind the dashboard, kept in step with the record.

A national dashboard cannot count ten million rows on every visit, so each case's place
in each figure is written down when the case changes (``CaseMark``), and the figures
are running sums of those places by province and classification (``FigureTally``).
Both are derived data: ``phoihop tallies rebuild`` makes them again from the record."""

from __future__ import annotations

from django.db import models


class CaseMark(models.Model):
    """One case counted in one figure, with what it adds to the figure's amount (the
    money of an asset figure, the number of clocks of a clock figure)."""

    # Looked up by the unique (case, kind, value) index, which leads with the case.
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    province = models.ForeignKey("agencies.Province", on_delete=models.PROTECT, related_name="+")
    classification = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=16)
    value = models.CharField(max_length=80)
    amount = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "kind", "value"], name="case_mark_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.kind} {self.value}"


class FigureTally(models.Model):
    """How many cases of a province and classification one figure counts, and their
    amount. Rows are changed only by adding what a case's marks gained or lost."""

    province = models.ForeignKey("agencies.Province", on_delete=models.PROTECT, related_name="+")
    classification = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=16)
    value = models.CharField(max_length=80)
    cases = models.BigIntegerField(default=0)
    amount = models.DecimalField(max_digits=30, decimal_places=0, default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "classification", "province", "value"], name="figure_tally_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.value}: {self.cases}"


class ComparableCurve(models.Model):
    """One comparable group's durations curve (``reports.risk``) as computed on ``day``:
    how long the clocks of the group ran. Computed once a day from every unclassified
    clock of the country, read by every page that weighs a clock's risk: a case page
    reads the three groups of each of its clocks by the unique index, a small row each,
    rather than every province's groups of the code.

    A row whose ``group`` is the code alone is written for every code computed, empty
    when the code has no durations yet: it says the day's groups of that code are all
    there, so a group without a row has no durations."""

    day = models.DateField()
    group = models.CharField(max_length=120)
    observations = models.PositiveIntegerField()
    events = models.PositiveIntegerField()
    last_observed = models.PositiveIntegerField(null=True)
    # The curve's steps, packed (``reports.risk._pack``): thousands of points for a
    # common code, read whole on each page.
    times = models.BinaryField()
    values = models.BinaryField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "group"], name="comparable_curve_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.group}: {self.observations}"
