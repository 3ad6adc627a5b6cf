"""Users: one agency each, a role and a state-secret clearance."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from phoihop.domain.access.classification import Classification
from phoihop.domain.organisation import Role

ROLE_LABELS = {
    Role.VIEWER: _("Viewer"),
    Role.OFFICER: _("Officer"),
    Role.LEADER: _("Leader"),
    Role.COORDINATOR: _("Coordinator"),
    Role.ADMIN: _("Administrator"),
}
CLASSIFICATION_LABELS = {
    Classification.NONE: _("Unclassified"),
    Classification.CONFIDENTIAL: _("Confidential (Mật)"),
    Classification.SECRET: _("Secret (Tối mật)"),
    Classification.TOP_SECRET: _("Top secret (Tuyệt mật)"),
}
CLASSIFICATION_CHOICES = [(c.value, CLASSIFICATION_LABELS[c]) for c in Classification]


class User(AbstractUser):
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        null=True,
        related_name="users",
        verbose_name=_("agency"),
    )
    role = models.CharField(
        _("role"),
        max_length=16,
        choices=[(r.value, ROLE_LABELS[r]) for r in Role],
        default=Role.VIEWER,
    )
    clearance = models.PositiveSmallIntegerField(
        _("clearance"), choices=CLASSIFICATION_CHOICES, default=Classification.NONE
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(clearance__lte=3), name="user_clearance_range"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username
