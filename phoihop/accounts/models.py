"""Users: one agency each, a role and a state-secret clearance."""

from __future__ import annotations

import functools
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from phoihop.core.compiled import ReadByKey
from phoihop.domain.access.classification import Classification
from phoihop.domain.organisation import Role

ROLE_LABELS = {
    Role.VIEWER: _("Viewer"),
    Role.OFFICER: _("Officer"),
    Role.LEADER: _("Leader"),
    Role.COORDINATOR: _("Coordinator"),
    Role.ADMIN: _("Administrator"),
    Role.PRESS: _("Press officer"),
}
CLASSIFICATION_LABELS = {
    Classification.NONE: _("Unclassified"),
    Classification.CONFIDENTIAL: _("Confidential (Mật)"),
    Classification.SECRET: _("Secret (Tối mật)"),
    Classification.TOP_SECRET: _("Top secret (Tuyệt mật)"),
}
CLASSIFICATION_CHOICES = [(c.value, CLASSIFICATION_LABELS[c]) for c in Classification]


class UsersWithAgency(UserManager["User"]):
    """Users read with their agency: every signed-in request asks the user's agency
    first (the access policy starts from it), in the same query as the user."""

    def get_queryset(self) -> models.QuerySet[User]:
        return super().get_queryset().select_related("agency")

    def get(self, *args: Any, **kwargs: Any) -> User:
        """A user by their key alone, as the session's sign-in reads them on every
        request (``ModelBackend.get_user``): through a statement compiled once
        (core/compiled.py); any other read as the ORM makes it."""
        if args or kwargs.keys() != {"pk"}:
            return super().get(*args, **kwargs)
        user = _read_by_key(self.model).get(int(kwargs["pk"]))
        if user is None:
            raise self.model.DoesNotExist(
                f"{self.model._meta.object_name} matching query does not exist."
            )
        return user


@functools.cache
def _read_by_key(model: type[User]) -> ReadByKey[User]:
    return ReadByKey(model, "pk", related="agency")


class User(AbstractUser):
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    # The post as a signature block writes it ("Phó Trưởng ban", "Chánh Văn phòng").
    title = models.CharField(_("position"), max_length=120, blank=True)
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

    objects: ClassVar[UsersWithAgency] = UsersWithAgency()

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


class ApiToken(models.Model):
    """A per-user token for agency systems calling the API. Only its SHA-256 is
    stored; the token itself is shown once, when it is created."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100, blank=True)
    prefix = models.CharField(max_length=8, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.user} {self.prefix}…"
