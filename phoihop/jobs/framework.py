"""Django's tasks API, from Django 6 itself (django.tasks) or, on Django 5.2, from the
django-tasks backport, which has the same names: the tasks are written once for both.
django.tasks comes first: the database backend uses it whenever it is there."""

from __future__ import annotations

from importlib.util import find_spec
from typing import TYPE_CHECKING

if TYPE_CHECKING or not find_spec("django.tasks"):
    from django_tasks import TaskContext, task
    from django_tasks.base import Task
else:
    from django.tasks import Task, TaskContext, task

__all__ = ["Task", "TaskContext", "task"]
