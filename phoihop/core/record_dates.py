"""The record-date rule (phoihop.domain.record_dates) on the forms' date fields: the same
bounds as the API and the services, said in the page's language under the field."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from phoihop.core.clock import today
from phoihop.domain.record_dates import DateProblem, record_date_problem

_MESSAGES = {
    DateProblem.BEFORE_RECORDS: _("The date cannot be before 1 January 1990."),
    DateProblem.AFTER_TODAY: _("The date cannot be in the future."),
}


def validate_record_date(day: dt.date) -> None:
    """A form field's validator: refuses a day before 1 January 1990 or after today."""
    problem = record_date_problem(day, today=today())
    if problem is not None:
        raise forms.ValidationError(_MESSAGES[problem], code=problem.value)
